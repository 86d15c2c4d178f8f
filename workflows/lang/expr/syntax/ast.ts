// The syntax tree: plain data (JSON-serialisable), so a parsed template can be cached,
// stored or sent anywhere. Every node carries its span in the template source.

export interface Span {
  readonly offset: number;
  readonly length: number;
}

export type LiteralValue = string | number | boolean | null;

export interface KeywordArgument {
  readonly name: string;
  readonly value: Expression;
}

// The operators as values too, so that tests can walk every one of them.
export const BINARY_OPERATORS = ['+', '-', '*', '/', '//', '%', '**', '~'] as const;
export const COMPARE_OPERATORS = ['==', '!=', '<', '<=', '>', '>=', 'in', 'not in'] as const;
export const UNARY_OPERATORS = ['not', '-', '+'] as const;
export const LOGICAL_OPERATORS = ['and', 'or'] as const;

export type BinaryOperator = (typeof BINARY_OPERATORS)[number];
export type CompareOperator = (typeof COMPARE_OPERATORS)[number];
export type UnaryOperator = (typeof UNARY_OPERATORS)[number];
export type LogicalOperator = (typeof LOGICAL_OPERATORS)[number];

export type Expression =
  | ({
      readonly kind: 'literal';
      readonly value: LiteralValue;
      /** Written as a float (`1.0`, `1e3`): Python keeps it a float, which is never an index. */
      readonly float?: boolean;
    } & Span)
  | ({ readonly kind: 'name'; readonly name: string } & Span)
  | ({ readonly kind: 'list'; readonly items: readonly Expression[] } & Span)
  | ({ readonly kind: 'tuple'; readonly items: readonly Expression[] } & Span)
  | ({ readonly kind: 'dict'; readonly entries: readonly DictEntry[] } & Span)
  | ({ readonly kind: 'attribute'; readonly object: Expression; readonly name: string } & Span)
  | ({ readonly kind: 'item'; readonly object: Expression; readonly key: Expression } & Span)
  | ({
      readonly kind: 'slice';
      readonly object: Expression;
      readonly start: Expression | null;
      readonly stop: Expression | null;
      readonly step: Expression | null;
    } & Span)
  | ({ readonly kind: 'unary'; readonly operator: UnaryOperator; readonly operand: Expression } & Span)
  | ({
      readonly kind: 'binary';
      readonly operator: BinaryOperator;
      readonly left: Expression;
      readonly right: Expression;
    } & Span)
  | ({
      readonly kind: 'logical';
      readonly operator: LogicalOperator;
      readonly left: Expression;
      readonly right: Expression;
    } & Span)
  | ({ readonly kind: 'compare'; readonly first: Expression; readonly rest: readonly Comparison[] } & Span)
  | ({
      readonly kind: 'conditional';
      readonly test: Expression;
      readonly then: Expression;
      readonly otherwise: Expression | null;
    } & Span)
  | ({ readonly kind: 'filter'; readonly operand: Expression } & Invocation & Span)
  | ({ readonly kind: 'test'; readonly operand: Expression; readonly negated: boolean } & Invocation & Span)
  | ({ readonly kind: 'call'; readonly callee: Expression } & CallArguments & Span);

export interface DictEntry {
  readonly key: Expression;
  readonly value: Expression;
}

export interface Comparison {
  readonly operator: CompareOperator;
  readonly operand: Expression;
}

/** The arguments of a call, a filter or a test: `f(a, b=c, *list, **mapping)`. */
export interface CallArguments {
  readonly args: readonly Expression[];
  readonly kwargs: readonly KeywordArgument[];
  /** `*list`: more positional arguments. */
  readonly starArgs?: Expression;
  /** `**mapping`: more keyword arguments. */
  readonly starKwargs?: Expression;
}

/** A filter or test: its name (with the name's own span) and arguments. */
export interface Invocation extends CallArguments {
  readonly name: string;
  readonly nameOffset: number;
}

export interface AssignTarget {
  readonly names: readonly string[];
  /** `for k, v in …` unpacks each item; `for x in …` does not, even for pairs. */
  readonly unpack: boolean;
  /** `{% set ns.count = … %}`: the attribute of the namespace `names[0]`. */
  readonly attribute?: string;
}

/** A parameter of a macro or a call block, with its default. */
export interface Parameter {
  readonly name: string;
  readonly default: Expression | null;
}

/** What a macro's body reads of the names Jinja2 gives macros. */
export interface MacroSignature {
  readonly params: readonly Parameter[];
  /** The body reads `caller`: the macro takes a `{% call %}` body. */
  readonly usesCaller: boolean;
  /** The body reads `varargs`: extra positional arguments are collected there. */
  readonly usesVarargs: boolean;
  /** The body reads `kwargs`: extra keyword arguments are collected there. */
  readonly usesKwargs: boolean;
}

export type Statement =
  | ({ readonly kind: 'text'; readonly text: string } & Span)
  | ({ readonly kind: 'output'; readonly expression: Expression } & Span)
  | ({
      readonly kind: 'if';
      readonly branches: readonly IfBranch[];
      readonly otherwise: readonly Statement[] | null;
    } & Span)
  | ({
      readonly kind: 'for';
      readonly target: AssignTarget;
      readonly iterable: Expression;
      readonly filter: Expression | null;
      /** `recursive`: the body may call `loop(items)` to run itself over other items. */
      readonly recursive: boolean;
      readonly body: readonly Statement[];
      readonly otherwise: readonly Statement[] | null;
    } & Span)
  | ({ readonly kind: 'set'; readonly target: AssignTarget; readonly value: Expression } & Span)
  | ({
      readonly kind: 'set-block';
      readonly target: AssignTarget;
      /** `{% set x | trim %}…{% endset %}`: applied to the body's text. */
      readonly filters: readonly Invocation[];
      readonly body: readonly Statement[];
    } & Span)
  | ({ readonly kind: 'with'; readonly bindings: readonly Binding[]; readonly body: readonly Statement[] } & Span)
  | ({
      readonly kind: 'macro';
      readonly name: string;
      readonly signature: MacroSignature;
      readonly body: readonly Statement[];
    } & Span)
  | ({
      readonly kind: 'call-block';
      /** The macro call that gets the body as `caller`. */
      readonly call: Extract<Expression, { kind: 'call' }>;
      readonly signature: MacroSignature;
      readonly body: readonly Statement[];
    } & Span)
  | ({
      readonly kind: 'filter-block';
      readonly filters: readonly Invocation[];
      readonly body: readonly Statement[];
    } & Span);

/** One `name = value` of a `{% with %}`. */
export interface Binding {
  readonly target: AssignTarget;
  readonly value: Expression;
}

export interface IfBranch {
  readonly test: Expression;
  readonly body: readonly Statement[];
}

/** A parsed template. Treat it as opaque: its shape may change between versions. */
export interface Template {
  readonly kind: 'template';
  readonly version: 1;
  readonly body: readonly Statement[];
  readonly sourceLength: number;
}
