// The data-processing tool: py-orc's actions and result shapes over rows parsed from JSON,
// CSV or YAML. Every action reads `data` in `format` and gives `processed_data` in
// `output_format` (the input's format when absent).
import type { ToolImplementation } from '../tool-implementation.js';
import { aggregateRows, pivotRows } from './aggregate.js';
import { cleanRows } from './clean.js';
import { formatOutput, formatParameter, parseData, type DataFormat } from './formats.js';
import { mergeDatasets } from './merge.js';
import { profileRows } from './profile.js';
import { asRows, type Row } from './rows.js';
import { filterRows, sortRows } from './sort.js';
import { transformRows } from './transform.js';

interface Tabular {
  rows: Row[];
  format: DataFormat;
  output: DataFormat;
}

function tabular(parameters: Record<string, unknown>, action: string): Tabular {
  const format = formatParameter(parameters.format, 'format', 'json');
  const output = formatParameter(parameters.output_format, 'output_format', format);
  return { rows: asRows(parseData(parameters.data, format), action), format, output };
}

/** An action that maps rows to rows: { success, processed_data, row_count }. */
function rowsAction(action: string, apply: (rows: Row[], parameters: Record<string, unknown>) => Row[]) {
  return async (parameters: Record<string, unknown>) => {
    const { rows, output } = tabular(parameters, action);
    const result = apply(rows, parameters);
    return { success: true, processed_data: formatOutput(result, output), row_count: result.length };
  };
}

// The table helpers other tools (validation, visualization) share.
export { asRows, badInput, columnList, isMissing, requireColumns, toNumber, type Row } from './rows.js';
export { csvCell, parseCsv, parseData } from './formats.js';

export const dataProcessing: ToolImplementation = {
  async convert(parameters) {
    const format = formatParameter(parameters.format, 'format', 'json');
    const output = formatParameter(parameters.output_format, 'output_format', format);
    const value = parseData(parameters.data, format);
    return { success: true, processed_data: formatOutput(value, output), format, output_format: output };
  },
  async filter(parameters) {
    const { rows, output } = tabular(parameters, 'filter');
    const kept = filterRows(rows, parameters);
    return {
      success: true,
      processed_data: formatOutput(kept, output),
      original_count: rows.length,
      filtered_count: kept.length,
    };
  },
  sort: rowsAction('sort', (rows, parameters) => sortRows(rows, parameters.by, parameters.order)),
  aggregate: rowsAction('aggregate', aggregateRows),
  transform: rowsAction('transform', transformRows),
  pivot: rowsAction('pivot', pivotRows),
  async clean(parameters) {
    const { rows, output } = tabular(parameters, 'clean');
    const cleaned = cleanRows(rows, parameters);
    return {
      success: true,
      processed_data: formatOutput(cleaned.rows, output),
      row_count: cleaned.rows.length,
      rows_removed: cleaned.removed,
    };
  },
  async profile(parameters) {
    const format = formatParameter(parameters.format, 'format', 'json');
    return {
      success: true,
      processed_data: profileRows(asRows(parseData(parameters.data, format), 'profile'), parameters),
    };
  },
  async merge(parameters) {
    const output = formatParameter(parameters.output_format, 'output_format', 'json');
    return { success: true, processed_data: formatOutput(mergeDatasets(parameters), output) };
  },
};
