// The validation tool: JSON Schema (draft 2020-12) through ajv, py-orc's modes, and CSV text
// validated row by row. Invalid data is a result ({ valid: false, errors }), not a failure, so
// a pipeline can branch on `step.valid`; only an unusable schema or mode fails the step.
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { parseCsv, badInput } from '../data-processing/index.js';
import type { ToolImplementation } from '../tool-implementation.js';
import { typeCsvRows, rowSchemaOf } from './csv-rows.js';
import { addFormats } from './formats.js';
import { inferSchema } from './infer-schema.js';

type Mode = 'strict' | 'lenient' | 'report_only' | 'csv';
const MODES: readonly Mode[] = ['strict', 'lenient', 'report_only', 'csv'];

interface Problem {
  path: string;
  message: string;
}

// One ajv per coercion setting; lenient mode lets ajv coerce types in place ("3" → 3).
const validators = {
  exact: addFormats(new Ajv2020({ allErrors: true, strict: false, logger: false })),
  coercing: addFormats(new Ajv2020({ allErrors: true, strict: false, logger: false, coerceTypes: true })),
};

function modeOf(value: unknown): Mode {
  const mode = String(value ?? 'strict')
    .toLowerCase()
    .replace('-', '_') as Mode;
  if (!MODES.includes(mode))
    throw badInput(`mode must be strict, lenient, report_only or csv (any case), not ${JSON.stringify(value)}`);
  return mode;
}

function compile(schema: unknown, coercing: boolean): ValidateFunction {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema))
    throw badInput('schema must be a JSON Schema object, e.g. { type: object, properties: { … } }');
  try {
    return (coercing ? validators.coercing : validators.exact).compile(schema);
  } catch (error) {
    throw badInput(`the schema is not a valid JSON Schema: ${(error as Error).message}`);
  }
}

/** The data to check and whether it is a table of rows (CSV text, or a list checked row by row). */
function readData(data: unknown, mode: Mode, schema: Record<string, unknown>): { value: unknown; rows: boolean } {
  const rowSchema = rowSchemaOf(schema);
  if (typeof data === 'string') {
    if (mode !== 'csv') {
      try {
        const value = JSON.parse(data) as unknown;
        return { value, rows: Array.isArray(value) && rowSchema === schema };
      } catch {
        // Not JSON: read as CSV below, as py-orc's CSV mode does.
      }
    }
    const rows = typeCsvRows(parseCsv(data, { typed: false }) as Record<string, string>[], rowSchema);
    return { value: rows, rows: rowSchema === schema };
  }
  return { value: data, rows: Array.isArray(data) && rowSchema === schema && schema.type === 'object' };
}

function problemOf(error: ErrorObject, prefix: string): Problem {
  const field =
    (error.params as { missingProperty?: string; additionalProperty?: string }).missingProperty ??
    (error.params as { additionalProperty?: string }).additionalProperty;
  const path = `${prefix}${error.instancePath}${field === undefined ? '' : `/${field}`}` || '/';
  const allowed =
    error.keyword === 'enum'
      ? `: ${(error.params as { allowedValues: unknown[] }).allowedValues.map((value) => JSON.stringify(value)).join(', ')}`
      : '';
  return { path, message: `${error.message ?? 'is invalid'}${allowed}` };
}

function check(validate: ValidateFunction, value: unknown, prefix: string): Problem[] {
  return validate(value) ? [] : (validate.errors ?? []).map((error) => problemOf(error, prefix));
}

export const validation: ToolImplementation = {
  async validate(parameters) {
    const mode = modeOf(parameters.mode);
    const schema = parameters.schema as Record<string, unknown>;
    const validate = compile(schema, mode === 'lenient');
    const read = readData(parameters.data, mode, schema);
    // Lenient mode repairs a copy: the caller's value is never changed in place.
    const value = mode === 'lenient' ? structuredClone(read.value) : read.value;
    const problems =
      read.rows && Array.isArray(value)
        ? value.flatMap((row, index) => check(validate, row, `/${index}`))
        : check(validate, value, '');
    const reportOnly = mode === 'lenient' || mode === 'report_only';
    return {
      valid: reportOnly || problems.length === 0,
      errors: reportOnly ? [] : problems,
      warnings: reportOnly ? problems : [],
      data: value,
      mode,
      rows_validated: read.rows && Array.isArray(value) ? value.length : 1,
    };
  },
  async infer_schema(parameters) {
    const data = parameters.data;
    let value: unknown = data;
    if (typeof data === 'string') {
      try {
        value = JSON.parse(data) as unknown;
      } catch {
        value = parseCsv(data);
      }
    }
    return { success: true, schema: inferSchema(value) };
  },
};
