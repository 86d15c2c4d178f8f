// A command's document on stdout, as JSON or YAML (`-o`). The YAML is the same document: no
// anchors for repeated values, so any YAML reader gets back exactly what JSON.parse would.
import { stringify } from 'yaml';
import type { OutputFormat } from './arguments.js';
import type { CommandContext } from './commands/command.js';

export function printDocument(
  value: unknown,
  format: OutputFormat,
  context: CommandContext,
  options: { compact?: boolean } = {},
): void {
  if (format === 'yaml') context.print(stringify(value, { aliasDuplicateObjects: false, lineWidth: 0 }).trimEnd());
  else context.print(options.compact ? JSON.stringify(value) : JSON.stringify(value, null, 2));
}
