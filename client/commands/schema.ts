// `orc schema`: the JSON Schema of the pipeline language, from the compiler's own zod shapes.
import { EXIT } from '../exit-codes.js';
import type { CommandSpec } from './command.js';

export const schemaCommand: CommandSpec = {
  name: 'schema',
  summary: 'print the JSON Schema of the pipeline language (for editors)',
  run: async (_input, context) => {
    const { languageJsonSchema } = await import('../../workflows/lang/compile/index.js');
    context.print(JSON.stringify(languageJsonSchema(), null, 2));
    return EXIT.ok;
  },
};
