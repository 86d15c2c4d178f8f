import { defineTool } from './definition.js';

const formats = ['json', 'csv', 'yaml'] as const;
const data = {
  type: 'any',
  required: true,
  description: 'the data: a list of rows, an object, or JSON/CSV/YAML text',
} as const;
const format = {
  type: 'string',
  default: 'json',
  enum: formats,
  description: 'how to parse data when it is text',
} as const;
const outputFormat = {
  type: 'string',
  enum: formats,
  description: 'the format of processed_data: json gives the value itself, csv and yaml give text; defaults to format',
} as const;
const tabular = { data, format, output_format: outputFormat } as const;
const columnOrColumns = (what: string) =>
  ({ type: 'any', description: `${what}: a column name or a list of them` }) as const;
const rowsResult = '{ success, processed_data, row_count }';

export const dataProcessingTool = defineTool({
  name: 'data-processing',
  description:
    'Tabular and structured data: convert between JSON, CSV and YAML, filter, sort, aggregate, reshape, profile.',
  actions: {
    convert: {
      description: 'Convert data from one format to another.',
      parameters: { ...tabular, output_format: { ...outputFormat, required: true } },
      returns: ['success', 'processed_data', 'format', 'output_format'],
      result: '{ success, processed_data, format, output_format }',
    },
    filter: {
      description: 'Keep the rows that match criteria (field equals value) and/or a condition expression.',
      parameters: {
        ...tabular,
        criteria: { type: 'object', description: 'field name to the value it must equal' },
        condition: { type: 'string', description: 'a row expression such as "status != \'cancelled\'"' },
        operation: {
          type: 'object',
          description: "py-orc's spelling: { criteria, condition }, the same as those two parameters (which win)",
        },
      },
      returns: ['success', 'processed_data', 'original_count', 'filtered_count'],
      result: '{ success, processed_data, original_count, filtered_count }',
    },
    sort: {
      description: 'Sort rows by one or more columns.',
      parameters: {
        ...tabular,
        by: { ...columnOrColumns('the sort key'), required: true },
        order: { type: 'string', default: 'asc', enum: ['asc', 'desc'], description: 'ascending or descending' },
      },
      returns: ['success', 'processed_data', 'row_count'],
      result: rowsResult,
    },
    aggregate: {
      description: 'Group rows and compute aggregates per group (one row per group).',
      parameters: {
        ...tabular,
        group_by: columnOrColumns('the grouping key; all rows form one group if absent'),
        aggregations: {
          type: 'object',
          required: true,
          description:
            'output column to { column, function }, function one of sum, mean, avg, median, min, max, count, count_distinct',
        },
      },
      returns: ['success', 'processed_data', 'row_count'],
      result: '{ success, processed_data: [{ ...group_by columns, ...aggregations }], row_count }',
    },
    transform: {
      description: 'Apply a list of row operations in order.',
      parameters: {
        ...tabular,
        operations: {
          type: 'array',
          description:
            'operations { type, ... }: deduplicate (columns, keep), cast (columns: name to type), fill_missing (strategy), ' +
            'calculate (expressions: name to expression), filter (condition), rename (mapping), select / drop (columns), normalize (columns, method)',
        },
        operation: {
          type: 'object',
          description: "one operation, py-orc's spelling: the same as operations: [operation]",
        },
      },
      returns: ['success', 'processed_data', 'row_count'],
      result: rowsResult,
    },
    clean: {
      description: 'Remove duplicate rows and handle missing values.',
      parameters: {
        ...tabular,
        remove_duplicates: { type: 'boolean', default: true, description: 'drop rows identical to an earlier row' },
        handle_missing: {
          type: 'string',
          default: 'keep',
          enum: ['keep', 'drop', 'forward_fill', 'backward_fill', 'zero'],
          description: 'what to do with empty values: keep them, drop their rows, or fill them',
        },
      },
      returns: ['success', 'processed_data', 'row_count', 'rows_removed'],
      result: '{ success, processed_data, row_count, rows_removed }',
    },
    profile: {
      description: 'Describe the data: size, column types, missing values, statistics, outliers, duplicates.',
      parameters: {
        data,
        format,
        profiling_options: {
          type: 'array',
          description:
            'which parts to compute (all if absent): missing_values, data_types, statistical_summary, outlier_detection, duplicate_detection',
        },
      },
      returns: ['success', 'processed_data'],
      result:
        '{ success, processed_data: { row_count, column_count, duplicate_rows, columns: { NAME: { data_type, missing_count, ' +
        'missing_percentage, unique_count, min, max, mean, outlier_percentage } } } }',
    },
    merge: {
      description: 'Merge several datasets into one.',
      parameters: {
        datasets: {
          type: 'array',
          required: true,
          description: 'the datasets, each { name, data } or the data itself',
        },
        merge_strategy: {
          type: 'string',
          default: 'combine',
          enum: ['combine', 'concat', 'join'],
          description:
            'combine: an object keyed by dataset name; concat: all rows in order; join: rows matched on `on`',
        },
        on: columnOrColumns('the join key, for merge_strategy join'),
        output_format: outputFormat,
      },
      returns: ['success', 'processed_data'],
      result: '{ success, processed_data }',
    },
    pivot: {
      description: 'Reshape rows into a pivot table: one row per index value, one column per columns value.',
      parameters: {
        ...tabular,
        index: { ...columnOrColumns('the row key'), required: true },
        columns: columnOrColumns('the column whose values become columns'),
        values: columnOrColumns('the column(s) aggregated into the cells'),
        aggfunc: {
          type: 'string',
          default: 'sum',
          enum: ['sum', 'mean', 'median', 'min', 'max', 'count', 'count_distinct'],
          description: 'how cell values are aggregated',
        },
        fill_value: { type: 'any', description: 'value for empty cells; null if absent' },
      },
      returns: ['success', 'processed_data', 'row_count'],
      result: rowsResult,
    },
  },
});
