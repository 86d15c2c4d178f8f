// Text from a pipeline file, a model or a tool may hold terminal control sequences (an escape
// that clears the screen, rewrites the title, or hides the rest of a line). What `orc` prints
// for people shows them as visible escapes instead of sending them to the terminal.

// C0 controls but tab and newline, DEL, and C1 controls (0x80–0x9f; 0x9b is a one-byte CSI).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function printable(text: string): string {
  return text.replace(CONTROL, (character) => `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
