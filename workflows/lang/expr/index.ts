// The template and expression engine: Jinja2's language, as py-orc configures it, run
// deterministically and safely inside the workflow sandbox.

export { TemplateError } from './template-error.js';
export type { TemplateErrorKind } from './template-error.js';
export { DEFAULT_LIMITS } from './limits.js';
export type { TemplateLimits } from './limits.js';
export type { Scope } from './frame.js';
export type { Template } from './ast.js';
export type { TemplateReference } from './references.js';
export type { RenderOptions } from './api.js';
export {
  evaluateExpression,
  expressionReferences,
  parseTemplate,
  renderTemplate,
  renderValue,
  templateReferences,
} from './api.js';
export { hasTemplate } from './expression-source.js';
export { isTruthy } from './truthiness.js';
export { renderAsInText } from './text-stand-in.js';
// Shared with the compiler's "did you mean" and the data-processing tool's date columns.
export { closestMatch, editDistance } from './suggest.js';
export { formatDate } from './date-format.js';
