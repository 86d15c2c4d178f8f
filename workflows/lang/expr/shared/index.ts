// What every stage shares: the error a template reports, the limits and the budget that
// bound its work, and the values it handles. The stages of the engine import it; it imports
// none of them.

export {
  TemplateError,
  asTemplateError,
  limitError,
  securityError,
  syntaxError,
  typeError,
  valueError,
  withSpan,
} from './template-error.js';
export type { SourceSpan, TemplateErrorKind } from './template-error.js';
export {
  Budget,
  COSTS,
  DEFAULT_LIMITS,
  MAX_EXPRESSION_DEPTH,
  MAX_NESTING,
  MAX_RANGE,
  MAX_REGEX_INPUT_CHARS,
  MAX_REGEX_PATTERN_CHARS,
  MAX_TEMPLATE_CHARS,
  resolveLimits,
} from './limits.js';
export type { TemplateLimits } from './limits.js';
export {
  Callable,
  Undefined,
  createMapping,
  describeKind,
  isInteger,
  isMapping,
  isNamespace,
  markNamespace,
  isNumeric,
  isTruthy,
  mappingEntries,
  ownValue,
  toNumber,
} from './values.js';
export type { Arguments, CallContext, KeywordArguments, Mapping } from './values.js';
export { renderAsInText, textStandIn } from './text-stand-in.js';
export { closestMatch, didYouMean, editDistance } from './suggest.js';
