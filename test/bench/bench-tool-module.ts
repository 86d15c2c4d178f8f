// The bench tool as an ORC_TOOLS module, for scenarios that measure a real `orc worker`
// process (fanout, worker-rss): the same definition and no-op as bench-tool.ts.
import { defineCustomTool } from '../../activities/tools/custom/define-custom-tool.js';
import { benchTool, benchToolDefinition } from './bench-tool.js';

export default defineCustomTool({ definition: benchToolDefinition, implementation: { noop: benchTool.noop! } });
