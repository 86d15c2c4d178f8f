// What every command gets: where data goes (stdout, only data) and where notes go (stderr).
export interface CommandContext {
  /** Data: the result, JSON documents. */
  print(text: string): void;
  /** Notes for people: progress, what was started, warnings. */
  note(text: string): void;
}

export const processContext: CommandContext = {
  print: (text) => process.stdout.write(`${text}\n`),
  note: (text) => process.stderr.write(`${text}\n`),
};
