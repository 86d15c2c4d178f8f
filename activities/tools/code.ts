// code.run: Python, JavaScript (Node) or shell in the sandbox, with network on request.
import { invalid, requiredText, runCode, timeoutOf, type Language } from './code-runner.js';
import type { ToolImplementation } from './tool-implementation.js';

const LANGUAGES: readonly Language[] = ['python', 'javascript', 'shell'];

export const code: ToolImplementation = {
  async run(parameters, context) {
    const language = parameters.language;
    if (!LANGUAGES.includes(language as Language))
      throw invalid(`parameter "language" must be one of ${LANGUAGES.join(', ')}, not ${JSON.stringify(language)}`);
    const network = parameters.network === true || parameters.network === 'true';
    return runCode(
      {
        language: language as Language,
        code: requiredText(parameters, 'code'),
        inputs: parameters.inputs,
        timeoutSeconds: timeoutOf(parameters),
        network,
      },
      context,
    );
  },
};
