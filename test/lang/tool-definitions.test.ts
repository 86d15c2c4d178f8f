// The built-in tools' declared schemas: well formed, and accepting every call the py-orc example
// pipelines make to the tools we offer (the compiler rejects undeclared actions and parameters).
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  BUILT_IN_TOOLS,
  NOT_OFFERED_TOOLS,
  findToolAction,
  findToolParameter,
  type ToolActionSpec,
  type ToolParameterType,
} from '../../workflows/lang/tools/index.js';

const compatRoot = new URL('../../../shared/compat/orchestrator/', import.meta.url).pathname;
const parameterTypes: readonly ToolParameterType[] = [
  'string',
  'number',
  'integer',
  'boolean',
  'array',
  'object',
  'any',
];
const stepKindNames = ['pipeline-executor', 'user-prompt', 'approval-gate', 'feedback-collection'];
const autoPlaceholder = 'AUTO_TAG';

const actions = Object.entries(BUILT_IN_TOOLS).flatMap(([toolName, tool]) =>
  Object.entries(tool.actions).map(
    ([actionName, spec]) => [`${toolName}.${actionName}`, spec] as [string, ToolActionSpec],
  ),
);

describe('built-in tool definitions', () => {
  it.each(Object.entries(BUILT_IN_TOOLS))('%s is registered under its own name', (key, tool) => {
    expect(tool.name).toBe(key);
    expect(tool.description).not.toBe('');
  });

  it('offers web and http as one tool under two names', () => {
    expect(BUILT_IN_TOOLS.http!.actions).toBe(BUILT_IN_TOOLS.web!.actions);
  });

  it.each(actions)('%s is fully described', (_label, action) => {
    expect(action.description).not.toBe('');
    expect(action.result).not.toBe('');
    const names = new Set(Object.keys(action.parameters));
    for (const [name, parameter] of Object.entries(action.parameters)) {
      expect(parameterTypes, name).toContain(parameter.type);
      expect(parameter.description, name).not.toBe('');
      if (parameter.required)
        expect(parameter.default, `${name} is required, so a default is never used`).toBeUndefined();
      if (parameter.enum && parameter.default !== undefined) expect(parameter.enum, name).toContain(parameter.default);
      for (const alias of parameter.aliases ?? []) {
        expect(names.has(alias), `alias ${alias} of ${name} shadows a parameter`).toBe(false);
        names.add(alias);
      }
    }
  });

  it.each(Object.entries(BUILT_IN_TOOLS))('%s has no action alias that shadows an action', (_name, tool) => {
    const names = new Set(Object.keys(tool.actions));
    for (const alias of Object.values(tool.actions).flatMap((action) => action.aliases ?? [])) {
      expect(names.has(alias), alias).toBe(false);
      names.add(alias);
    }
  });

  it('defines none of the tools it deliberately does not offer, and says why', () => {
    for (const [name, reason] of Object.entries(NOT_OFFERED_TOOLS)) {
      expect(BUILT_IN_TOOLS[name], name).toBeUndefined();
      expect(reason, name).not.toBe('');
    }
    for (const name of stepKindNames) expect(BUILT_IN_TOOLS[name], name).toBeUndefined();
  });
});

interface ToolCall {
  file: string;
  label: string;
  tool: string;
  action: string;
  parameters: Record<string, unknown>;
}

function yamlFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory()
        ? yamlFiles(join(directory, entry.name))
        : /\.ya?ml$/.test(entry.name)
          ? [join(directory, entry.name)]
          : [],
    )
    .sort();
}

/** py-orc's `<AUTO>…</AUTO>` tags (nested, and unquoted) are not YAML; innermost first. */
function withoutAutoTags(text: string): string {
  let previous: string;
  do {
    previous = text;
    text = text.replace(/<AUTO[^>]*>(?:(?!<AUTO)[\s\S])*?<\/AUTO>/g, autoPlaceholder);
  } while (text !== previous);
  return text.replace(/<AUTO>/g, autoPlaceholder);
}

function parsePipeline(text: string): unknown {
  // uniqueKeys: data_processing_pipeline.yaml repeats a parameter (`mode`); the last one wins.
  return parse(withoutAutoTags(text), { uniqueKeys: false });
}

/** Every `tool:` + `action:` mapping, at any depth, including inline sub-pipelines (YAML text). */
function collectToolCalls(value: unknown, file: string, calls: ToolCall[]): ToolCall[] {
  if (Array.isArray(value)) {
    for (const item of value) collectToolCalls(item, file, calls);
  } else if (value !== null && typeof value === 'object') {
    const node = value as Record<string, unknown>;
    if (typeof node.tool === 'string' && typeof node.action === 'string') {
      const parameters = (node.parameters ?? {}) as Record<string, unknown>;
      calls.push({
        file,
        label: `${file} ${String(node.id)}: ${node.tool}.${node.action}`,
        tool: node.tool,
        action: node.action,
        parameters,
      });
    }
    for (const [key, child] of Object.entries(node)) {
      // pipeline-executor's `pipeline:` may be a whole sub-pipeline written as YAML text.
      const inline = key === 'pipeline' && typeof child === 'string' && child.includes('\n');
      collectToolCalls(inline ? parsePipeline(child) : child, file, calls);
    }
  }
  return calls;
}

function isTemplate(value: unknown): boolean {
  return typeof value === 'string' && /\{\{|\{%/.test(value);
}

/** The compiler's rule: literal values are checked now, templated ones when the step runs. */
function literalFits(value: unknown, type: ToolParameterType): boolean {
  if (type === 'any' || isTemplate(value)) return true;
  const actual = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  return type === 'integer' ? Number.isInteger(value) : actual === type;
}

const corpusCalls = yamlFiles(compatRoot).flatMap((file) =>
  collectToolCalls(parsePipeline(readFileSync(file, 'utf8')), relative(compatRoot, file), []),
);
// A natural-language action (an AUTO tag) is a model step that may use the tool, not a tool call.
const callsToBuiltIns = corpusCalls.filter(
  (call) => call.tool in BUILT_IN_TOOLS && !call.action.includes(autoPlaceholder),
);

describe('the py-orc example pipelines', () => {
  it('call the built-in tools', () => {
    expect(callsToBuiltIns.length).toBeGreaterThan(30);
    expect(new Set(callsToBuiltIns.map((call) => call.file)).size).toBeGreaterThan(10);
  });

  it.each(callsToBuiltIns.map((call) => [call.label, call] as const))('%s is accepted', (_label, call) => {
    const action = findToolAction(BUILT_IN_TOOLS[call.tool]!, call.action);
    expect(action, `no action ${call.action}`).toBeDefined();
    const given = new Set<string>();
    for (const [name, value] of Object.entries(call.parameters)) {
      const parameter = findToolParameter(action!.spec, name);
      // Accepted with a warning that says what happens instead (W_INERT_KEY).
      if (!parameter && action!.spec.inert?.[name]) continue;
      expect(parameter, `no parameter ${name}`).toBeDefined();
      given.add(parameter!.name);
      expect(
        literalFits(value, parameter!.spec.type),
        `${name} is not a ${parameter!.spec.type}: ${JSON.stringify(value)}`,
      ).toBe(true);
      if (parameter!.spec.enum && !isTemplate(value)) expect(parameter!.spec.enum, name).toContain(value);
    }
    for (const [name, parameter] of Object.entries(action!.spec.parameters)) {
      if (parameter.required) expect(given.has(name), `missing required ${name}`).toBe(true);
    }
  });
});
