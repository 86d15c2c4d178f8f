// From text to trees: the template and expression lexers and parsers, the AST, and the
// static references the compiler checks. Nothing here evaluates.

export { BINARY_OPERATORS, COMPARE_OPERATORS, LOGICAL_OPERATORS, UNARY_OPERATORS } from './ast.js';
export type {
  AssignTarget,
  BinaryOperator,
  CallArguments,
  Expression,
  Invocation,
  KeywordArgument,
  MacroSignature,
  Statement,
  Template,
} from './ast.js';
export { hasTemplate, parseExpressionSource } from './expression-source.js';
export { parseTemplateSource } from './template-parser.js';
export { collectExpressionReferences, collectTemplateReferences } from './references.js';
export type { TemplateReference } from './references.js';
