// The engine's entry points: parse, render to text, render with types, evaluate.

import { Evaluator, Frame, Renderer } from './evaluation/index.js';
import type { Environment, Scope } from './evaluation/index.js';
import {
  Budget,
  Callable,
  Undefined,
  asTemplateError,
  createMapping,
  isMapping,
  limitError,
  mappingEntries,
  resolveLimits,
  textStandIn,
  typeError,
} from './shared/index.js';
import type { TemplateLimits } from './shared/index.js';
import {
  collectExpressionReferences,
  collectTemplateReferences,
  hasTemplate,
  parseExpressionSource,
  parseTemplateSource,
} from './syntax/index.js';
import type { Expression, Statement, Template, TemplateReference } from './syntax/index.js';

export interface RenderOptions {
  limits?: Partial<TemplateLimits>;
  /** The current time as ISO-8601 text, deterministic (the workflow's time); for now(). */
  now?: () => string;
  /** Names available after the scope's own, e.g. run-wide values. */
  globals?: Record<string, unknown>;
}

const CACHE_SIZE = 500;
const templateCache = new Map<string, Template>();
const expressionCache = new Map<string, Expression>();

function cached<T>(cache: Map<string, T>, source: string, parse: (source: string) => T): T {
  const hit = cache.get(source);
  if (hit !== undefined) return hit;
  const parsed = parse(source);
  if (cache.size >= CACHE_SIZE) {
    const oldest = cache.keys().next();
    if (oldest.done !== true) cache.delete(oldest.value);
  }
  cache.set(source, parsed);
  return parsed;
}

/** Runs engine code, turning its own resource exhaustion into a TemplateError. */
function guarded<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw asTemplateError(error);
  }
}

export function parseTemplate(source: string): Template {
  return guarded(() => cached(templateCache, source, parseTemplateSource));
}

function environmentFor(scope: Scope, options: RenderOptions | undefined, budget?: Budget): Environment {
  return {
    scope,
    globals: options?.globals,
    budget: budget ?? new Budget(resolveLimits(options?.limits)),
    now: options?.now,
  };
}

function renderWith(template: Template, environment: Environment): string {
  return new Renderer(new Evaluator(environment), environment.budget).render(template.body, new Frame(null));
}

export function renderTemplate(source: string | Template, scope: Scope, options?: RenderOptions): string {
  return guarded(() => {
    const template = typeof source === 'string' ? parseTemplate(source) : source;
    return renderWith(template, environmentFor(scope, options));
  });
}

/** The single `{{ expr }}` of a template that is nothing else (whitespace aside). */
function soleExpression(body: readonly Statement[]): Expression | undefined {
  const meaningful = body.filter((statement) => !(statement.kind === 'text' && statement.text.trim() === ''));
  const [only] = meaningful;
  return meaningful.length === 1 && only?.kind === 'output' ? only.expression : undefined;
}

/** A value as the caller receives it: plain data, never the engine's own objects. */
function toResult(value: unknown): unknown {
  if (value instanceof Undefined) {
    if (value.silent) return null;
    throw value.error();
  }
  if (value instanceof Callable) throw typeError(`${value.name} is a function: call it, as in ${value.name}(…)`);
  return value;
}

function renderValueWith(value: unknown, environment: Environment, depth: number): unknown {
  if (depth > environment.budget.limits.maxDepth) throw limitError('the value to render is nested too deeply');
  if (typeof value === 'string') {
    if (!hasTemplate(value)) return value;
    const template = parseTemplate(value);
    const expression = soleExpression(template.body);
    if (expression === undefined) return renderWith(template, environment);
    const result = toResult(new Evaluator(environment).evaluateLenient(expression, new Frame(null)));
    // A value that is one whole `{{ s }}` of a step means its result, as in text (py-orc).
    const standIn = result !== null && typeof result === 'object' ? textStandIn(result) : undefined;
    return standIn ? standIn.value : result;
  }
  if (Array.isArray(value)) return value.map((item: unknown) => renderValueWith(item, environment, depth + 1));
  if (isMapping(value)) {
    const entries = mappingEntries(value, environment.budget);
    return createMapping(entries.map(([key, item]) => [key, renderValueWith(item, environment, depth + 1)]));
  }
  return value;
}

export function renderValue(value: unknown, scope: Scope, options?: RenderOptions): unknown {
  return guarded(() => renderValueWith(value, environmentFor(scope, options), 0));
}

export function evaluateExpression(source: string, scope: Scope, options?: RenderOptions): unknown {
  return guarded(() => {
    const expression = cached(expressionCache, source, parseExpressionSource);
    const environment = environmentFor(scope, options);
    return toResult(new Evaluator(environment).evaluateLenient(expression, new Frame(null)));
  });
}

export function templateReferences(source: string | Template): TemplateReference[] {
  return guarded(() => collectTemplateReferences((typeof source === 'string' ? parseTemplate(source) : source).body));
}

export function expressionReferences(source: string): TemplateReference[] {
  return guarded(() => collectExpressionReferences(cached(expressionCache, source, parseExpressionSource)));
}
