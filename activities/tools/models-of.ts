// The model calls a media tool makes go through ToolContext.models; a worker started without a
// model registry has none, and says so instead of failing on an undefined.
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { toolFailure } from '../tool-failure.js';
import type { ToolContext, ToolModels } from './tool-implementation.js';

/** `what`: what the tool cannot do without models ("so it has no media tools"). */
export function modelsOf(context: ToolContext, what: string): ToolModels {
  if (context.models) return context.models;
  throw toolFailure(ERROR_TYPES.toolError, `this worker runs no model steps (no model registry), ${what}`, {
    retryable: false,
  });
}
