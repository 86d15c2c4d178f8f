/**
 * Tools the workflow runs itself rather than a worker's activity: the run's memory lives in its
 * state, and the model tools call the model activities as a model step does
 * (workflows/interpreter/workflow-tools). No agent may call them: they are steps of their own.
 */
export const WORKFLOW_TOOLS: readonly string[] = [
  'mcp-memory',
  'task-delegation',
  'multi-model-routing',
  'prompt-optimization',
];
