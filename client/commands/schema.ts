// `orc schema`: the JSON Schema of the pipeline language, from the compiler's own zod shapes;
// `orc schema --tools`: every tool action's parameters and result fields, from the definitions
// the compiler checks steps against (the same `returns` that `{{ step.field }}` reads meet);
// `orc schema --results`: the result fields of the step kinds that are not tools (model actions…).
import { EXIT } from '../exit-codes.js';
import type { CommandSpec } from './command.js';

export const schemaCommand: CommandSpec = {
  name: 'schema',
  summary:
    "print the JSON Schema of the pipeline language (for editors), the tools with --tools, other step kinds' results with --results",
  options: [
    {
      flags: '--tools',
      description: "print each tool action's parameters and result fields instead (built-ins and ORC_TOOLS)",
    },
    {
      flags: '--results',
      description: 'print the result fields of each step kind that is not a tool (model actions, approvals, loops…)',
    },
  ],
  run: async ({ options }, context) => {
    if (options.results === true) {
      const { stepKindResults } = await import('../../workflows/lang/step-kind-results.js');
      const { STEP_VALUE_FIELDS } = await import('../../workflows/lang/compile/index.js');
      context.print(JSON.stringify(stepKindResults(STEP_VALUE_FIELDS), null, 2));
      return EXIT.ok;
    }
    if (options.tools === true) {
      const { compilerTools } = await import('../compiler-tools.js');
      context.print(JSON.stringify(toolsDocument(await compilerTools()), null, 2));
      return EXIT.ok;
    }
    const { languageJsonSchema } = await import('../../workflows/lang/compile/index.js');
    context.print(JSON.stringify(languageJsonSchema(), null, 2));
    return EXIT.ok;
  },
};

interface ActionShape {
  description: string;
  parameters: Readonly<Record<string, unknown>>;
  result: string;
  returns?: readonly string[];
}

function toolsDocument(
  tools: Readonly<Record<string, { description: string; actions: Readonly<Record<string, ActionShape>> }>>,
) {
  return Object.fromEntries(
    Object.entries(tools).map(([name, tool]) => [
      name,
      {
        description: tool.description,
        actions: Object.fromEntries(
          Object.entries(tool.actions).map(([action, spec]) => [
            action,
            {
              description: spec.description,
              parameters: spec.parameters,
              // null: open-ended, reads of it are not checked.
              returns: spec.returns ?? null,
              result: spec.result,
            },
          ]),
        ),
      },
    ]),
  );
}
