// Reading `data` in JSON, CSV or YAML and writing `processed_data` back, with the parsing
// libraries (csv-parse, csv-stringify, yaml) rather than hand-written splitting.
import { parse as parseCsvText } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { badInput } from './rows.js';

export type DataFormat = 'json' | 'csv' | 'yaml';
const FORMATS: readonly DataFormat[] = ['json', 'csv', 'yaml'];

export function formatParameter(value: unknown, name: string, fallback: DataFormat): DataFormat {
  if (value === undefined || value === null || value === '') return fallback;
  const format = String(value).toLowerCase() as DataFormat;
  if (!FORMATS.includes(format))
    throw badInput(`${name} must be one of json, csv, yaml — not ${JSON.stringify(value)}`);
  return format;
}

/** CSV cells that look like numbers become numbers (as pandas reads them); empty cells become null. */
export function csvCell(value: string): unknown {
  const text = value.trim();
  if (text === '') return null;
  // Leading zeros ("007") are identifiers, not numbers: keep them as text.
  if (/^[-+]?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/.test(text) || /^[-+]?\.\d+$/.test(text)) return Number(text);
  return value;
}

export function parseCsv(text: string, options: { typed: boolean } = { typed: true }): Record<string, unknown>[] {
  try {
    return parseCsvText(text, {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: true,
      cast: options.typed ? (value: string) => csvCell(value) : undefined,
    }) as Record<string, unknown>[];
  } catch (error) {
    throw badInput(
      `the data is not valid CSV (${(error as Error).message}): give a header line, then one line per row, cells separated by commas`,
    );
  }
}

/** Text that fails to parse as JSON but has a header-like first line is read as CSV. */
function looksLikeCsv(text: string): boolean {
  const [first = '', second] = text.trim().split(/\r?\n/, 2);
  return second !== undefined && first.includes(',') && !/^[[{"]/.test(first.trim());
}

/** `data` as a value: text is parsed in `format`; anything else is already a value. */
export function parseData(data: unknown, format: DataFormat, what = 'data'): unknown {
  if (typeof data !== 'string') return data;
  if (format === 'csv') return parseCsv(data);
  if (format === 'yaml') {
    try {
      return parseYaml(data) as unknown;
    } catch (error) {
      throw badInput(`${what} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  try {
    return JSON.parse(data) as unknown;
  } catch (error) {
    // py-orc pipelines pass a file's CSV text with format json when an earlier step fell back.
    if (looksLikeCsv(data)) return parseCsv(data);
    const preview = data.length > 60 ? `${data.slice(0, 60)}…` : data;
    throw badInput(
      `${what} is not valid JSON (${(error as Error).message}): "${preview}" — set format: csv or yaml if it is`,
    );
  }
}

/** `processed_data` in the output format: JSON gives the value itself, CSV and YAML give text. */
export function formatOutput(value: unknown, format: DataFormat): unknown {
  if (format === 'json') return value;
  if (format === 'yaml') return stringifyYaml(value);
  const rows = Array.isArray(value) ? value : [value];
  if (!rows.every((row) => row !== null && typeof row === 'object' && !Array.isArray(row))) {
    throw badInput(
      'only a list of rows (objects) can be written as CSV: use output_format json or yaml for other data',
    );
  }
  const columns = columnsOf(rows as Record<string, unknown>[]);
  const cells = (rows as Record<string, unknown>[]).map((row) => columns.map((column) => csvText(row[column])));
  return stringifyCsv(cells, { header: true, columns });
}

function csvText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** Every column that appears in any row, in the order first seen. */
export function columnsOf(rows: readonly Record<string, unknown>[]): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}
