// py-orc's example pipelines validate exactly as ../shared/compat/orchestrator/README.md says.
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPipeline } from '../../client/load-pipeline.js';
import { NOT_OFFERED_TOOLS } from '../../workflows/lang/tools/not-offered.js';
import { compatRoot, repoRoot } from '../support/temporal.js';

const VALID = [
  '01_hello_filesystem.yaml',
  '02_parallel_fanout_fanin.yaml',
  '04_conditions.yaml',
  '06_failure_policy.yaml',
  'auto_tags_demo.yaml',
  'control_flow_for_loop.yaml',
  'control_flow_while_loop.yaml',
  'data_processing_pipeline.yaml',
  'interactive_pipeline.yaml',
  'llm_routing_pipeline.yaml',
  'mcp_integration_pipeline.yaml',
  'original_research_report_pipeline.yaml',
  'sub_pipelines/statistical_analysis.yaml',
];

/** Files with real mistakes: every error must be about one of them. */
const OWN_MISTAKES: Record<string, (message: string, code: string) => boolean> = {
  // Its third sub-pipeline, examples/sub_pipelines/statistical_analysis.yaml, is found as py-orc finds it.
  'modular_analysis_pipeline.yaml': (message, code) =>
    (code === 'E_UNKNOWN_NAME' && message.includes('"output_path"')) ||
    (code === 'E_SUB_PIPELINE' &&
      /cannot read sub-pipeline "examples\/sub_pipelines\/(sentiment|trend)_analysis\.yaml": no such file/.test(
        message,
      )),
  'web_research_pipeline.yaml': (message, code) => code === 'E_UNKNOWN_NAME' && message.includes('"current_date"'),
  // Valid with output_path implied (orc validate -o DIR); it runs end to end in test/workflows/video-processing.
  'multimodal_processing.yaml': (message, code) => code === 'E_UNKNOWN_NAME' && message.includes('"output_path"'),
};

// No file of the corpus uses what orc deliberately does not offer any more (issue 17): the last
// two, multimodal_processing and original_research_report_pipeline, validate and run end to end.

const load = (file: string) => loadPipeline(relative(process.cwd(), join(compatRoot, file)));

describe('the py-orc corpus', () => {
  it.each(VALID)('%s validates with no errors', async (file) => {
    const { ir, diagnostics } = await load(file);
    expect(diagnostics.filter((item) => item.severity === 'error')).toEqual([]);
    expect(ir).toBeDefined();
  });

  it.each(Object.keys(OWN_MISTAKES))('%s is rejected for its own mistakes only', async (file) => {
    const errors = (await load(file)).diagnostics.filter((item) => item.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(
      errors
        .filter((error) => !OWN_MISTAKES[file]!(error.message, error.code))
        .map((error) => `${error.code} ${error.message}`),
    ).toEqual([]);
  });

  it('lists every tool that is not offered in docs/compatibility.md', async () => {
    const compatibility = await readFile(join(repoRoot, 'docs/compatibility.md'), 'utf8');
    for (const tool of Object.keys(NOT_OFFERED_TOOLS)) expect(compatibility).toContain(`\`${tool}\``);
  });

  it('the fixed copy of web_research_pipeline.yaml validates', async () => {
    const text = await readFile(join(compatRoot, 'web_research_pipeline.yaml'), 'utf8');
    const fixed = text.replace(/current_date/g, 'execution.date');
    const { compilePipeline } = await import('../../workflows/lang/compile/index.js');
    expect(
      compilePipeline(fixed, { file: 'web_research_fixed.yaml' }).diagnostics.filter(
        (item) => item.severity === 'error',
      ),
    ).toEqual([]);
  });
});
