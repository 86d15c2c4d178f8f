// `orc schema`: the JSON Schema of the pipeline language, from the compiler's own zod shapes.
// `orc compile FILE`: the IR as JSON (exit 2 with the diagnostics when the file is invalid).
import { languageJsonSchema } from '../../workflows/lang/compile/index.js';
import type { CommandContext } from './command.js';
import { compileOrExit } from './validate.js';
import { EXIT } from '../exit-codes.js';

export function schemaCommand(context: CommandContext): number {
  context.print(JSON.stringify(languageJsonSchema(), null, 2));
  return EXIT.ok;
}

export async function compileCommand(file: string, color: boolean, context: CommandContext): Promise<number> {
  const ir = await compileOrExit(file, color, context);
  context.print(JSON.stringify(ir, null, 2));
  return EXIT.ok;
}
