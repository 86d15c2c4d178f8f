// Checks on parsed command-line arguments that every command shares. Light: command files
// import it at their top (client/commands/command.ts).
import { CliError, EXIT } from './exit-codes.js';

/** How a command prints its document: for people (undefined), or as JSON or YAML. */
export type OutputFormat = 'json' | 'yaml';

export function positiveInteger(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1)
    throw new CliError(`${flag} must be a whole number of at least 1, not "${String(value)}"`, EXIT.invalid);
  return number;
}

export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

/** `--json` is `-o json`; asking for both JSON and YAML is a mistake, not a choice. */
export function outputFormatOf(options: Record<string, unknown>): OutputFormat | undefined {
  const asked = optionalString(options.output) as OutputFormat | undefined;
  if (options.json === true && asked !== undefined && asked !== 'json')
    throw new CliError(`--json and -o ${asked} ask for two formats`, EXIT.invalid, 'give one of them');
  return options.json === true ? 'json' : asked;
}
