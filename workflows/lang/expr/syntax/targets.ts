// What statements bind: assignment targets (`x`, `k, v`, `ns.count`) and the signatures of
// macros and call blocks, with what a macro's body reads of `caller`, `varargs`, `kwargs`.

import { syntaxError } from '../shared/index.js';
import { childExpressions, statementChildren } from './ast-walk.js';
import type { AssignTarget, Expression, MacroSignature, Parameter, Statement } from './ast.js';
import type { TokenStream } from './token-stream.js';

const RESERVED_TARGETS = new Set(['true', 'false', 'none', 'True', 'False', 'None']);

function expectTargetName(stream: TokenStream, what: string): string {
  const token = stream.expectName(what);
  if (RESERVED_TARGETS.has(token.value)) throw syntaxError(`cannot assign to '${token.value}'`, token);
  return token.value;
}

/** `x`, `k, v` or `(k, v)`: the names a `for`, `set` or `with` binds. */
export function parseTarget(stream: TokenStream, endNames: readonly string[]): AssignTarget {
  const parenthesized = stream.skipOperator('(');
  const names: string[] = [];
  let sawComma = false;
  for (;;) {
    names.push(expectTargetName(stream, 'a variable name'));
    if (!stream.skipOperator(',')) break;
    sawComma = true;
    if (endNames.some((name) => stream.isName(name)) || stream.isOperator('=') || stream.isOperator(')')) break;
  }
  if (parenthesized) stream.expectOperator(')');
  return { names, unpack: parenthesized || sawComma };
}

/** A `{% set %}` target: as parseTarget, or `ns.attribute` of a namespace. */
export function parseSetTarget(stream: TokenStream): AssignTarget {
  if (stream.current.type === 'name' && stream.isOperator('.', stream.look())) {
    const name = stream.expectName('a namespace');
    stream.next();
    const attribute = stream.expectName('an attribute name after the dot');
    return { names: [name.value], unpack: false, attribute: attribute.value };
  }
  return parseTarget(stream, []);
}

/** `(a, b=1)`: the parameters of a macro or call block; defaults come last, as in Python. */
export function parseParameters(stream: TokenStream, parseDefault: () => Expression): Parameter[] {
  stream.expectOperator('(');
  const params: Parameter[] = [];
  while (!stream.isOperator(')')) {
    if (params.length > 0) {
      stream.expectOperator(',');
      if (stream.isOperator(')')) break;
    }
    const token = stream.current;
    const name = expectTargetName(stream, 'a parameter name');
    if (params.some((param) => param.name === name)) throw syntaxError(`the parameter '${name}' appears twice`, token);
    if (stream.skipOperator('=')) {
      params.push({ name, default: parseDefault() });
    } else {
      if (params.some((param) => param.default !== null)) {
        throw syntaxError(`the parameter '${name}' needs a default: it follows a parameter that has one`, token);
      }
      params.push({ name, default: null });
    }
  }
  stream.expectOperator(')');
  return params;
}

/** The names a body and the parameters' defaults read, looked for in every nested statement. */
function namesRead(body: readonly Statement[], params: readonly Parameter[], wanted: ReadonlySet<string>): Set<string> {
  const found = new Set<string>();
  const expressions: Expression[] = params.flatMap((param) => (param.default === null ? [] : [param.default]));
  const statements: Statement[] = [...body];
  for (let statement = statements.pop(); statement !== undefined; statement = statements.pop()) {
    const children = statementChildren(statement);
    expressions.push(...children.expressions);
    statements.push(...children.statements);
  }
  for (let expression = expressions.pop(); expression !== undefined; expression = expressions.pop()) {
    if (expression.kind === 'name' && wanted.has(expression.name)) found.add(expression.name);
    expressions.push(...childExpressions(expression));
  }
  return found;
}

const SPECIAL_NAMES = new Set(['caller', 'varargs', 'kwargs']);

/** As Jinja2 decides it: a macro takes a caller, extra arguments, only if its body reads them. */
export function macroSignature(params: readonly Parameter[], body: readonly Statement[]): MacroSignature {
  const read = namesRead(body, params, SPECIAL_NAMES);
  const declared = (name: string): boolean => params.some((param) => param.name === name);
  return {
    params,
    usesCaller: read.has('caller') && !declared('caller'),
    usesVarargs: read.has('varargs') && !declared('varargs'),
    usesKwargs: read.has('kwargs') && !declared('kwargs'),
  };
}
