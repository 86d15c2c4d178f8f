// A `test` tool for interpreter tests: it sleeps, fails on demand and records what happened,
// so tests can observe concurrency, attempts and cancellation from the worker's side.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { ToolImplementation } from '../../activities/index.js';
import { pipelineFileReader } from '../../client/pipeline-files.js';
import { compilePipeline } from '../../workflows/lang/compile/index.js';
import type { PipelineIR } from '../../workflows/lang/ir.js';
import { BUILT_IN_TOOLS, defineTool } from '../../workflows/lang/tools/index.js';

export const testToolDefinition = defineTool({
  name: 'test',
  description: 'Test-only: sleep, fail, echo; records every call.',
  actions: {
    sleep: {
      description: 'wait ms (heartbeating; cancellable)',
      parameters: {
        ms: { type: 'integer', required: true, description: 'how long' },
        label: { type: 'any', description: 'recorded' },
      },
      result: '{ label, ms }',
    },
    fail: {
      description: 'fail the first `times` attempts (all when absent) with `type`',
      parameters: {
        type: { type: 'string', description: 'error type' },
        times: { type: 'integer', description: 'attempts that fail' },
        retryable: { type: 'boolean', description: 'default true' },
        key: { type: 'string', description: 'counter key' },
      },
      result: '{ attempts }',
    },
    echo: {
      description: 'return value',
      parameters: { value: { type: 'any', required: true, description: 'anything' } },
      result: 'value',
    },
    big: {
      description: 'return a text of `megabytes` MB',
      parameters: { megabytes: { type: 'number', required: true, description: 'size' } },
      result: 'text',
    },
  },
});

export interface Recorder {
  calls: { action: string; label?: unknown; start: number; end?: number; cancelled?: boolean }[];
  active: number;
  maxActive: number;
  attempts: Map<string, number>;
}

export function newRecorder(): Recorder {
  return { calls: [], active: 0, maxActive: 0, attempts: new Map() };
}

export function testTool(recorder: Recorder): ToolImplementation {
  return {
    async sleep(parameters) {
      const call: Recorder['calls'][number] = { action: 'sleep', label: parameters.label, start: Date.now() };
      recorder.calls.push(call);
      recorder.active++;
      recorder.maxActive = Math.max(recorder.maxActive, recorder.active);
      try {
        const context = Context.current();
        const deadline = Date.now() + Number(parameters.ms);
        while (Date.now() < deadline) {
          context.heartbeat();
          await context.sleep(Math.min(100, deadline - Date.now()));
        }
        return { label: parameters.label ?? null, ms: parameters.ms };
      } catch (error) {
        call.cancelled = true;
        throw error;
      } finally {
        call.end = Date.now();
        recorder.active--;
      }
    },
    async fail(parameters) {
      const key = String(parameters.key ?? 'default');
      const attempt = (recorder.attempts.get(key) ?? 0) + 1;
      recorder.attempts.set(key, attempt);
      if (parameters.times === undefined || attempt <= Number(parameters.times)) {
        throw ApplicationFailure.create({
          type: String(parameters.type ?? 'TestFailure'),
          message: `planned failure ${attempt}`,
          nonRetryable: parameters.retryable === false,
          details: [{ attempt: Context.current().info.attempt }],
        });
      }
      return { attempts: attempt };
    },
    async echo(parameters) {
      return parameters.value;
    },
    async big(parameters) {
      return 'x'.repeat(Math.round(Number(parameters.megabytes) * 1024 * 1024));
    },
  };
}

/** Compiles YAML text with the test tool available; fails the test on diagnostics. */
export function compileTest(text: string, file = 'test.yaml'): PipelineIR {
  const result = compilePipeline(text, {
    file,
    tools: { ...BUILT_IN_TOOLS, test: testToolDefinition },
    resolveFile: pipelineFileReader(file),
  });
  if (!result.ir)
    throw new Error(
      `does not compile:\n${result.diagnostics.map((item) => `${item.range.line}:${item.range.column} ${item.code} ${item.message}`).join('\n')}`,
    );
  return result.ir;
}
