export { ApprovalRegistry } from './approvals.js';
export { BudgetTracker } from './budget.js';
export { childFrame, type Frame, type InterpreterContext } from './context.js';
export { describeFailure } from './failures.js';
export { coalescedDetails, progressTable } from './progress.js';
export { renderOutputs } from './render-outputs.js';
export { buildResultDocument, usageOf } from './result.js';
export { LocalWindow } from './local-window.js';
export { RunSlots } from './run-slots.js';
export { runTemplateOptions } from './template-costs.js';
export { runList, type ListOutcome } from './run-list.js';
export {
  isFinished,
  isSuccessful,
  stepReport,
  stepValue,
  type ListState,
  type RunState,
  type StepState,
} from './run-state.js';
export { runSecrets, runVariables, templateScope } from './scope.js';
export { startReuse, type ReuseSession } from './reuse.js';
export { RunMemory } from './run-memory.js';
export { WAITING_STATUS_PATCH, waitingStatusOf, waitingStatusPublisher, type WaitingStatus } from './waiting-status.js';
