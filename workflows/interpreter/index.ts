export { executeToolStep, retryPolicyForStep, type StepOutcome } from './execute-tool-step.js';
export { progressTable } from './progress.js';
export { renderOutputs } from './render-outputs.js';
export { isFinished, stepReport, stepValue, type RunState, type StepState } from './run-state.js';
export { scheduleSteps, type ScheduleHooks } from './schedule-steps.js';
export { runVariables, templateScope, type RunContext } from './scope.js';
export { describeFailure } from './failures.js';
