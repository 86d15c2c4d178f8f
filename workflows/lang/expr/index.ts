// The template and expression engine: Jinja2's language, as py-orc configures it, run
// deterministically and safely inside the workflow sandbox. Its stages, each a folder
// entered through its index: syntax/ (text to trees), evaluation/ (running them),
// operations/ (what the language does to values), filters/ (what a template can call),
// regex/ (Python's `re` on a linear-time matcher), python/ (Python's semantics of strings,
// numbers and text), shared/ (errors, limits, values).

export { TemplateError } from './shared/index.js';
export type { TemplateErrorKind } from './shared/index.js';
export { DEFAULT_LIMITS } from './shared/index.js';
export type { TemplateLimits } from './shared/index.js';
export type { Scope } from './evaluation/index.js';
export type { Template, TemplateReference } from './syntax/index.js';
export type { RenderOptions } from './api.js';
export {
  evaluateExpression,
  expressionReferences,
  parseTemplate,
  renderTemplate,
  renderValue,
  templateReferences,
} from './api.js';
export { hasTemplate } from './syntax/index.js';
export { isTruthy } from './truthiness.js';
export { renderAsInText } from './shared/index.js';
// Shared with the compiler's "did you mean" and the data-processing tool's date columns.
export { closestMatch, editDistance } from './shared/index.js';
export { formatDate } from './python/index.js';
