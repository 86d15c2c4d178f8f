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
  | ({ readonly kind: 'literal'; readonly value: LiteralValue } & Span)
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
  | ({
      readonly kind: 'call';
      readonly callee: Expression;
      readonly args: readonly Expression[];
      readonly kwargs: readonly KeywordArgument[];
    } & Span);

export interface DictEntry {
  readonly key: Expression;
  readonly value: Expression;
}

export interface Comparison {
  readonly operator: CompareOperator;
  readonly operand: Expression;
}

/** A filter or test: its name (with the name's own span) and arguments. */
export interface Invocation {
  readonly name: string;
  readonly nameOffset: number;
  readonly args: readonly Expression[];
  readonly kwargs: readonly KeywordArgument[];
}

export interface AssignTarget {
  readonly names: readonly string[];
  /** `for k, v in …` unpacks each item; `for x in …` does not, even for pairs. */
  readonly unpack: boolean;
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
      readonly body: readonly Statement[];
      readonly otherwise: readonly Statement[] | null;
    } & Span)
  | ({ readonly kind: 'set'; readonly target: AssignTarget; readonly value: Expression } & Span)
  | ({ readonly kind: 'set-block'; readonly name: string; readonly body: readonly Statement[] } & Span);

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
