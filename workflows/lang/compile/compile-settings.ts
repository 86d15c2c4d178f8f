// Top-level settings: `defaults`, `budget`, `schedule`, `mcp_servers` (spec §2).
import { isMap, type Node, type Pair } from 'yaml';
import {
  MAX_PARALLEL_LIMIT,
  MAX_RUNNING_STEPS_LIMIT,
  type BudgetIR,
  type DefaultsIR,
  type McpServerIR,
  type ScheduleIR,
} from '../ir.js';
import type { CompileContext } from './context.js';
import { compileModelChoice } from './compile-model.js';
import { compileRetry } from './compile-retry.js';
import { BUDGET_KEYS, DEFAULTS_KEYS, MCP_SERVER_KEYS, SCHEDULE_KEYS } from './key-tables.js';
import { readMapping, type Entry } from './mapping.js';
import { pointerJoin } from './source.js';
import { describeNode, plainValue, readDuration, readNumber, readPositiveInteger, readString } from './values.js';

export function compileDefaults(context: CompileContext, entry: Entry): DefaultsIR {
  const entries = readMapping(context.source, entry.value, entry.pointer, DEFAULTS_KEYS);
  const defaults: DefaultsIR = {};
  if (!entries) return defaults;
  const timeout = entries.get('timeout');
  if (timeout) defaults.timeout_ms = readDuration(context.source, timeout, 'defaults.timeout');
  if (entries.has('retry')) defaults.retry = compileRetry(context.source, entries.get('retry'), undefined);
  const model = entries.get('model');
  if (model) defaults.model = compileModelChoice(context, model);
  const taskQueue = entries.get('task_queue');
  if (taskQueue) defaults.task_queue = readString(context.source, taskQueue, 'defaults.task_queue');
  const maxParallel = entries.get('max_parallel');
  if (maxParallel)
    defaults.max_parallel = readPositiveInteger(
      context.source,
      maxParallel,
      'defaults.max_parallel',
      MAX_PARALLEL_LIMIT,
    );
  const maxRunning = entries.get('max_running_steps');
  if (maxRunning)
    defaults.max_running_steps = readPositiveInteger(
      context.source,
      maxRunning,
      'defaults.max_running_steps',
      MAX_RUNNING_STEPS_LIMIT,
    );
  return defaults;
}

export function compileBudget(context: CompileContext, entry: Entry): BudgetIR | undefined {
  const entries = readMapping(context.source, entry.value, entry.pointer, BUDGET_KEYS);
  if (!entries) return undefined;
  const budget: BudgetIR = { on_exceed: 'fail' };
  const cost = entries.get('max_cost_usd');
  if (cost) {
    const value = readNumber(context.source, cost, 'max_cost_usd');
    if (value !== undefined && value <= 0)
      context.source.report(
        'error',
        'E_TYPE',
        cost.value,
        cost.pointer,
        `max_cost_usd must be more than 0, not ${value}`,
      );
    else if (value !== undefined) budget.max_cost_usd = value;
  }
  const tokens = entries.get('max_tokens');
  if (tokens) budget.max_tokens = readPositiveInteger(context.source, tokens, 'max_tokens');
  const onExceed = entries.get('on_exceed');
  if (onExceed) {
    const value = plainValue(onExceed.value);
    if (value === 'fail' || value === 'pause') budget.on_exceed = value;
    else
      context.source.report(
        'error',
        'E_TYPE',
        onExceed.value,
        onExceed.pointer,
        `on_exceed must be fail or pause, not ${describeNode(onExceed.value)}`,
      );
  }
  if (budget.max_cost_usd === undefined && budget.max_tokens === undefined)
    context.source.report(
      'error',
      'E_MISSING_KEY',
      entry.keyNode,
      entry.pointer,
      'a budget needs max_cost_usd or max_tokens',
    );
  return budget;
}

const CRON_FIELD = /^[\d*?/,\-LW#A-Za-z]+$/;

export function compileSchedule(context: CompileContext, entry: Entry): ScheduleIR | undefined {
  const entries = readMapping(context.source, entry.value, entry.pointer, SCHEDULE_KEYS);
  if (!entries) return undefined;
  const schedule: ScheduleIR = { inputs: {}, overlap: 'skip', paused: false };
  const cron = entries.get('cron');
  const every = entries.get('every');
  if (cron) {
    const text = readString(context.source, cron, 'cron');
    const fields = text?.trim().split(/\s+/) ?? [];
    if (
      text !== undefined &&
      !text.startsWith('@') &&
      (fields.length < 5 || fields.length > 6 || !fields.every((field) => CRON_FIELD.test(field)))
    ) {
      context.source.report(
        'error',
        'E_TYPE',
        cron.value,
        cron.pointer,
        `cron "${text}" is not a cron expression`,
        'five fields: minute hour day-of-month month day-of-week, e.g. "0 9 * * 1-5"; or @daily, @hourly',
      );
    } else if (text !== undefined) schedule.cron = text;
  }
  if (every) schedule.every_ms = readDuration(context.source, every, 'every');
  if (cron && every)
    context.source.report('error', 'E_TYPE', every.keyNode, every.pointer, 'a schedule has cron or every, not both');
  if (!cron && !every)
    context.source.report('error', 'E_MISSING_KEY', entry.keyNode, entry.pointer, 'a schedule needs cron or every');
  const timezone = entries.get('timezone');
  if (timezone) schedule.timezone = readString(context.source, timezone, 'timezone');
  const inputs = entries.get('inputs');
  if (inputs) {
    const value = plainValue(inputs.value);
    if (value && typeof value === 'object' && !Array.isArray(value)) schedule.inputs = value as Record<string, unknown>;
    else
      context.source.report(
        'error',
        'E_NOT_A_MAPPING',
        inputs.value,
        inputs.pointer,
        `schedule inputs must be a mapping, not ${describeNode(inputs.value)}`,
      );
  }
  const overlap = entries.get('overlap');
  if (overlap) {
    const value = plainValue(overlap.value);
    if (value === 'skip' || value === 'buffer-one' || value === 'allow-all') schedule.overlap = value;
    else
      context.source.report(
        'error',
        'E_TYPE',
        overlap.value,
        overlap.pointer,
        `overlap must be skip, buffer-one or allow-all, not ${describeNode(overlap.value)}`,
      );
  }
  if (plainValue(entries.get('paused')?.value ?? null) === true) schedule.paused = true;
  return schedule;
}

export function compileMcpServers(context: CompileContext, entry: Entry): Record<string, McpServerIR> {
  const servers: Record<string, McpServerIR> = {};
  if (!isMap(entry.value)) {
    context.source.report(
      'error',
      'E_NOT_A_MAPPING',
      entry.value,
      entry.pointer,
      `mcp_servers must map names to servers, not ${describeNode(entry.value)}`,
    );
    return servers;
  }
  for (const pair of entry.value.items as Pair<Node, Node | null>[]) {
    const name = String((pair.key as { value?: unknown }).value);
    const pointer = pointerJoin(entry.pointer, name);
    const entries = readMapping(context.source, pair.value, pointer, MCP_SERVER_KEYS);
    if (!entries) continue;
    const server = Object.fromEntries([...entries].map(([key, item]) => [key, plainValue(item.value)])) as McpServerIR;
    if (!server.command && !server.url)
      context.source.report(
        'error',
        'E_MISSING_KEY',
        pair.key,
        pointer,
        `MCP server "${name}" needs "command" (stdio) or "url" (streamable HTTP)`,
      );
    servers[name] = server;
  }
  return servers;
}
