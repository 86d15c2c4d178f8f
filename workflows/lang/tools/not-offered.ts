// py-orc tool names this engine deliberately does not define, each with the reason the compiler
// prints, so an author learns why rather than meeting a bare "unknown tool". Names the compiler
// maps to other step kinds (pipeline-executor, user-prompt, approval-gate, feedback-collection)
// are not tools at all and so are neither here nor in BUILT_IN_TOOLS.

export const NOT_OFFERED_TOOLS: Readonly<Record<string, string>> = {
  'video-processing':
    'video processing is out of scope for v1; use the code or terminal tool (e.g. ffmpeg in the sandbox)',
  'multi-model-routing': 'model choice is part of a model step (`model:` and the models config), not a tool',
  'task-delegation': 'delegating to a model by cost and quality is part of model selection in a model step, not a tool',
  'prompt-optimization': 'prompt rewriting is a model step like any other; write it as one',
  'mcp-memory': 'pipelines keep state in step results and files; for an MCP memory server use the mcp tool',
  'mcp-server': 'use the mcp tool (list_tools, call_tool) with a server declared in `mcp_servers`',
};
