export { ApprovalRegistry } from './approvals.js';
export { childFrame, type Frame, type InterpreterContext } from './context.js';
export { describeFailure } from './failures.js';
export { progressTable } from './progress.js';
export { renderOutputs } from './render-outputs.js';
export { runList, type ListOutcome } from './run-list.js';
export { isFinished, isSuccessful, stepReport, stepValue, type ListState, type RunState, type StepState } from './run-state.js';
export { runVariables, templateScope } from './scope.js';
