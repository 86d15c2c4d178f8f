// Tools the workflow runs itself (lang/tools/workflow-tools.ts): the run's memory and the model
// tools. Called by the tool step once its parameters are rendered and their <AUTO> tags answered.
import { ERROR_TYPES } from '../../../activity-interfaces.js';
import type { InterpreterContext } from '../../context.js';
import type { StepState } from '../../run-state.js';
import { multiModelRouting, promptOptimization, taskDelegation, type ToolCall } from './model-tools.js';

export async function runWorkflowTool(call: ToolCall, context: InterpreterContext): Promise<StepState> {
  switch (call.step.tool) {
    case 'mcp-memory':
      return memoryStep(call, context);
    case 'task-delegation':
      return taskDelegation(call, context);
    case 'multi-model-routing':
      return multiModelRouting(call);
    default:
      return promptOptimization(call, context);
  }
}

function memoryStep({ step, parameters, path }: ToolCall, context: InterpreterContext): StepState {
  const action = step.action === 'execute' ? String(parameters.action) : step.action;
  const outcome = context.memory.run(action, parameters, context.clock());
  if ('problem' in outcome)
    return {
      status: 'failed',
      attempts: 1,
      error: { type: ERROR_TYPES.toolError, message: `step "${path}": ${outcome.problem}` },
    };
  return { status: 'completed', result: outcome.result, attempts: 1 };
}
