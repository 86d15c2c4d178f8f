// `profile`: what the data looks like — size, column types, missing values, statistics,
// outliers (1.5 × IQR, as box plots draw them) and duplicate rows.
import { median, standardDeviation } from './aggregate-functions.js';
import { deduplicate } from './clean.js';
import { columnsOf } from './formats.js';
import { badInput, isMissing, keyOf, toNumber, type Row } from './rows.js';

const OPTIONS = [
  'missing_values',
  'data_types',
  'statistical_summary',
  'outlier_detection',
  'duplicate_detection',
] as const;
type ProfileOption = (typeof OPTIONS)[number];

const round = (value: number, digits = 4) => Math.round(value * 10 ** digits) / 10 ** digits;
const DATE_RE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function optionsOf(value: unknown): Set<ProfileOption> {
  if (value === undefined || value === null) return new Set(OPTIONS);
  if (!Array.isArray(value)) throw badInput(`profiling_options must be a list of ${OPTIONS.join(', ')}`);
  const unknown = value.filter((option) => !OPTIONS.includes(option as ProfileOption));
  if (unknown.length > 0)
    throw badInput(
      `profiling_options: unknown ${unknown.map((option) => JSON.stringify(option)).join(', ')}; use ${OPTIONS.join(', ')}`,
    );
  return new Set(value as ProfileOption[]);
}

/** numeric, boolean, datetime, string, mixed (numbers and text) or empty (no values). */
export function dataTypeOf(values: readonly unknown[]): string {
  const present = values.filter((value) => !isMissing(value));
  if (present.length === 0) return 'empty';
  if (present.every((value) => toNumber(value) !== undefined && typeof value !== 'boolean')) return 'numeric';
  if (present.every((value) => typeof value === 'boolean')) return 'boolean';
  if (present.every((value) => typeof value === 'string' && DATE_RE.test(value.trim()))) return 'datetime';
  if (present.some((value) => typeof value === 'number')) return 'mixed';
  return 'string';
}

function outliers(numbers: readonly number[]): number {
  if (numbers.length < 4) return 0;
  const sorted = [...numbers].sort((a, b) => a - b);
  const quantile = (q: number) => {
    const position = (sorted.length - 1) * q;
    const low = Math.floor(position);
    return sorted[low]! + (sorted[Math.ceil(position)]! - sorted[low]!) * (position - low);
  };
  const [q1, q3] = [quantile(0.25), quantile(0.75)];
  const spread = 1.5 * (q3 - q1);
  return numbers.filter((value) => value < q1 - spread || value > q3 + spread).length;
}

function profileColumn(rows: readonly Row[], column: string, options: Set<ProfileOption>): Row {
  const values = rows.map((row) => row[column]);
  const present = values.filter((value) => !isMissing(value));
  const type = dataTypeOf(values);
  const profile: Row = { data_type: type, unique_count: new Set(present.map((value) => keyOf([value]))).size };
  if (options.has('missing_values')) {
    profile.missing_count = values.length - present.length;
    profile.missing_percentage =
      rows.length === 0 ? 0 : round(((values.length - present.length) / rows.length) * 100, 2);
  }
  const numbers = type === 'numeric' ? present.map((value) => toNumber(value)!) : [];
  if (options.has('statistical_summary') && numbers.length > 0) {
    Object.assign(profile, {
      min: Math.min(...numbers),
      max: Math.max(...numbers),
      mean: round(numbers.reduce((a, b) => a + b, 0) / numbers.length),
      median: median(numbers),
      std: standardDeviation(numbers) === null ? null : round(standardDeviation(numbers)!),
    });
  } else if (options.has('statistical_summary') && type === 'datetime') {
    const sorted = (present as string[]).map((value) => value.trim()).sort();
    Object.assign(profile, { min: sorted[0], max: sorted.at(-1) });
  }
  if (options.has('outlier_detection') && numbers.length > 0) {
    const count = outliers(numbers);
    Object.assign(profile, { outlier_count: count, outlier_percentage: round((count / numbers.length) * 100, 2) });
  }
  if (!options.has('data_types')) delete profile.data_type;
  return profile;
}

export function profileRows(rows: readonly Row[], parameters: Record<string, unknown>): Row {
  const options = optionsOf(parameters.profiling_options);
  const columns = columnsOf(rows);
  const result: Row = { row_count: rows.length, column_count: columns.length };
  if (options.has('duplicate_detection')) {
    const duplicates = rows.length - deduplicate(rows, [], 'first').length;
    Object.assign(result, {
      duplicate_rows: duplicates,
      duplicate_percentage: rows.length === 0 ? 0 : round((duplicates / rows.length) * 100, 2),
    });
  }
  result.columns = Object.fromEntries(columns.map((column) => [column, profileColumn(rows, column, options)]));
  return result;
}
