// The one error type template authors ever see: every failure of parsing or rendering a
// template is a TemplateError that says what went wrong and, where known, where.

export type TemplateErrorKind = 'syntax' | 'undefined' | 'type' | 'limit' | 'security' | 'value';

export interface SourceSpan {
  readonly offset: number;
  readonly length: number;
}

export class TemplateError extends Error {
  readonly kind: TemplateErrorKind;
  /** 0-based offset into the template source, where known. */
  readonly offset?: number;
  readonly length?: number;

  constructor(kind: TemplateErrorKind, message: string, span?: SourceSpan) {
    super(message);
    this.name = 'TemplateError';
    this.kind = kind;
    if (span !== undefined) {
      this.offset = span.offset;
      this.length = span.length;
    }
  }
}

/** Errors raised deep inside a filter know no position: the evaluator adds the node's. */
export function withSpan(error: TemplateError, span: SourceSpan): TemplateError {
  if (error.offset !== undefined) return error;
  const located = new TemplateError(error.kind, error.message, span);
  return located;
}

export function syntaxError(message: string, span?: SourceSpan): TemplateError {
  return new TemplateError('syntax', message, span);
}

export function typeError(message: string, span?: SourceSpan): TemplateError {
  return new TemplateError('type', message, span);
}

export function valueError(message: string, span?: SourceSpan): TemplateError {
  return new TemplateError('value', message, span);
}

export function limitError(message: string, span?: SourceSpan): TemplateError {
  return new TemplateError('limit', message, span);
}

export function securityError(message: string, span?: SourceSpan): TemplateError {
  return new TemplateError('security', message, span);
}

/**
 * Turns the engine's own resource exhaustion (a deep recursion the limits did not catch, an
 * over-long string) into a limit error: a template must never crash its caller.
 */
export function asTemplateError(error: unknown): unknown {
  if (error instanceof RangeError) {
    const message = /call stack/i.test(error.message)
      ? 'the template nests too deeply'
      : `the template produced a value that is too large (${error.message})`;
    return limitError(message);
  }
  return error;
}
