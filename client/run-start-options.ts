// What every run of a pipeline is started with, whether `orc run` starts it or a schedule
// does: the input, the search attributes, the Web UI's summary and details, the timeout.
import type { SearchAttributePair } from '@temporalio/common';
import type { PipelineIR, RunPipelineInput } from '../workflows/lang/ir.js';
import { PIPELINE_ID_ATTRIBUTE, RUN_STATUS_ATTRIBUTE } from '../workflows/search-attributes.js';

export interface RunStartOptions {
  args: [RunPipelineInput];
  typedSearchAttributes?: SearchAttributePair[];
  staticSummary: string;
  staticDetails: string;
  workflowExecutionTimeout?: number;
}

/** `searchAttributes` is false when the server lacks ours and they could not be added. */
export function runStartOptions(
  ir: PipelineIR,
  inputs: Record<string, unknown>,
  searchAttributes: boolean,
): RunStartOptions {
  const input: RunPipelineInput = { ir, inputs, search_attributes: searchAttributes };
  return {
    args: [input],
    ...(ir.timeout_ms ? { workflowExecutionTimeout: ir.timeout_ms } : {}),
    ...(searchAttributes
      ? {
          typedSearchAttributes: [
            { key: PIPELINE_ID_ATTRIBUTE, value: ir.id },
            { key: RUN_STATUS_ATTRIBUTE, value: 'running' },
          ],
        }
      : {}),
    staticSummary: `${ir.name} (${ir.id}) · ${ir.steps.length} step${ir.steps.length === 1 ? '' : 's'}`,
    staticDetails: staticDetails(ir, inputs),
  };
}

function staticDetails(ir: PipelineIR, inputs: Record<string, unknown>): string {
  const inputLines = Object.entries(inputs).map(
    ([name, value]) => `| ${name} | \`${JSON.stringify(value).slice(0, 80)}\` |`,
  );
  return [
    `**${ir.name}** — ${ir.description ?? ir.source_file}`,
    '',
    `hash \`${ir.hash}\``,
    '',
    ...(inputLines.length ? ['| input | value |', '| --- | --- |', ...inputLines] : []),
  ].join('\n');
}
