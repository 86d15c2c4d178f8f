import { defineTool } from './definition.js';

const data = {
  type: 'any',
  required: true,
  description: 'the value to check, or JSON/CSV text (CSV gives a list of rows)',
} as const;

export const validationTool = defineTool({
  name: 'validation',
  description: 'JSON Schema validation of data, with py-orc-style lenient repair.',
  actions: {
    validate: {
      description: 'Validate data against a JSON Schema (draft 2020-12); a CSV table is validated row by row.',
      parameters: {
        data,
        schema: { type: 'object', required: true, description: 'the JSON Schema' },
        // No enum: py-orc pipelines write the mode in any case ("LENIENT").
        mode: {
          type: 'string',
          default: 'strict',
          description:
            'strict: any error fails validation; lenient: fix what is safe (e.g. "3" to 3) and report the rest as warnings; ' +
            'report_only: never fail, only report (case is ignored)',
        },
      },
      returns: ['valid', 'errors', 'warnings', 'data', 'mode', 'rows_validated'],
      result: '{ valid, errors: [{ path, message }], warnings: [{ path, message }], data, mode, rows_validated }',
    },
    infer_schema: {
      description: 'Infer a JSON Schema that the given example data satisfies.',
      parameters: { data },
      returns: ['success', 'schema'],
      result: '{ success, schema }',
    },
  },
});
