// Checks on parsed command-line arguments that every command shares.
import { CliError, EXIT } from './exit-codes.js';

export function onePositional(positionals: string[], message: string): string {
  if (positionals.length !== 1) throw new CliError(message, EXIT.invalid);
  return positionals[0]!;
}

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
