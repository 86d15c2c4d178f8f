// `parameters:` — declared inputs, either `name: {type, default, …}` or `name: <literal>`.
import { isMap, isScalar, type Node, type Pair } from 'yaml';
import type { ParameterIR, ParameterType } from '../ir.js';
import { checkValue } from '../inputs.js';
import { readMapping, type Entry } from './mapping.js';
import { PARAMETER_KEYS, isReservedName } from './key-tables.js';
import { describeNode, plainValue, readNumber, readPositiveInteger, readString } from './values.js';
import { pointerJoin, type SourceFile } from './source.js';

const PARAMETER_TYPES: readonly ParameterType[] = ['string', 'number', 'integer', 'boolean', 'array', 'object'];
const SPEC_MARKERS = ['type', 'default', 'required', 'description', 'enum'];
const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function compileParameters(source: SourceFile, entry: Entry | undefined): Record<string, ParameterIR> {
  const parameters: Record<string, ParameterIR> = {};
  if (!entry || entry.value === null) return parameters;
  if (!isMap(entry.value)) {
    source.report(
      'error',
      'E_NOT_A_MAPPING',
      entry.value,
      entry.pointer,
      `parameters must be a mapping of names to declarations, not ${describeNode(entry.value)}`,
    );
    return parameters;
  }
  for (const pair of entry.value.items as Pair<Node, Node | null>[]) {
    const name = isScalar(pair.key) ? String(pair.key.value) : '';
    const pointer = pointerJoin(entry.pointer, name);
    if (!PARAMETER_NAME.test(name) || isReservedName(name)) {
      source.report(
        'error',
        'E_INVALID_ID',
        pair.key,
        pointer,
        isReservedName(name) ? `parameter name "${name}" is reserved` : `parameter name "${name}" is not an identifier`,
        'use letters, digits and underscores, starting with a letter',
      );
      continue;
    }
    if (Object.hasOwn(parameters, name))
      source.report(
        'warning',
        'W_DUPLICATE_KEY',
        pair.key,
        pointer,
        `parameter "${name}" is declared more than once; the last one wins`,
      );
    const parameter = compileParameter(source, { key: name, keyNode: pair.key, value: pair.value, pointer });
    if (parameter) parameters[name] = parameter;
  }
  return parameters;
}

function isDeclaration(node: Node | null): boolean {
  if (!isMap(node)) return false;
  const keys = (node.items as Pair<Node, unknown>[]).map((pair) => (isScalar(pair.key) ? String(pair.key.value) : ''));
  return keys.some((key) => SPEC_MARKERS.includes(key));
}

function compileParameter(source: SourceFile, entry: Entry): ParameterIR | undefined {
  if (!isDeclaration(entry.value)) {
    const literal = plainValue(entry.value);
    return { type: inferType(literal), required: literal === null, ...(literal === null ? {} : { default: literal }) };
  }
  const entries = readMapping(source, entry.value, entry.pointer, PARAMETER_KEYS);
  if (!entries) return undefined;
  const parameter: ParameterIR = { type: 'string', required: true };
  const typeEntry = entries.get('type');
  const defaultEntry = entries.get('default');
  if (typeEntry) {
    const type = readString(source, typeEntry, 'type');
    if (type !== undefined && !PARAMETER_TYPES.includes(type as ParameterType)) {
      source.report(
        'error',
        'E_PARAMETER',
        typeEntry.value,
        typeEntry.pointer,
        `parameter "${entry.key}" has unknown type "${type}"`,
        `use one of: ${PARAMETER_TYPES.join(', ')}`,
      );
    } else if (type !== undefined) parameter.type = type as ParameterType;
  } else if (defaultEntry) parameter.type = inferType(plainValue(defaultEntry.value));
  readConstraints(source, entries, parameter);
  if (defaultEntry) {
    parameter.default = plainValue(defaultEntry.value);
    parameter.required = false;
    const problem = checkValue(entry.key, parameter.default, parameter);
    if (problem)
      source.report(
        'error',
        'E_PARAMETER',
        defaultEntry.value,
        defaultEntry.pointer,
        `the default of parameter "${entry.key}" ${problem.replace(`input "${entry.key}" `, '')}`,
      );
  }
  const requiredEntry = entries.get('required');
  if (requiredEntry && plainValue(requiredEntry.value) === true && defaultEntry) {
    source.report(
      'warning',
      'W_INERT_KEY',
      requiredEntry.keyNode,
      requiredEntry.pointer,
      `parameter "${entry.key}" has a default, so "required: true" has no effect`,
      'a parameter is required exactly when it has no default',
    );
  }
  return parameter;
}

function readConstraints(source: SourceFile, entries: Map<string, Entry>, parameter: ParameterIR): void {
  const description = entries.get('description');
  if (description) parameter.description = readString(source, description, 'description');
  const enumEntry = entries.get('enum');
  if (enumEntry) {
    const values = plainValue(enumEntry.value);
    if (Array.isArray(values) && values.length > 0) parameter.enum = values;
    else
      source.report(
        'error',
        'E_PARAMETER',
        enumEntry.value,
        enumEntry.pointer,
        'enum must be a non-empty list of allowed values',
      );
  }
  for (const key of ['minimum', 'maximum'] as const) {
    const found = entries.get(key);
    if (found) parameter[key] = readNumber(source, found, key);
  }
  for (const key of ['min_length', 'max_length'] as const) {
    const found = entries.get(key);
    if (found) parameter[key] = found && plainValue(found.value) === 0 ? 0 : readPositiveInteger(source, found, key);
  }
  const pattern = entries.get('pattern');
  if (pattern) {
    const text = readString(source, pattern, 'pattern');
    if (text !== undefined && isValidPattern(text)) parameter.pattern = text;
    else if (text !== undefined)
      source.report(
        'error',
        'E_PARAMETER',
        pattern.value,
        pattern.pointer,
        `pattern "${text}" is not a valid regular expression`,
      );
  }
}

function isValidPattern(pattern: string): boolean {
  try {
    new RegExp(pattern, 'u');
    return true;
  } catch {
    return false;
  }
}

export function inferType(value: unknown): ParameterType {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (value !== null && typeof value === 'object') return 'object';
  return 'string';
}
