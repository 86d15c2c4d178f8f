// py-orc tool names this engine deliberately does not define, each with the reason the compiler
// prints, so an author learns why rather than meeting a bare "unknown tool". Names the compiler
// maps to other step kinds (pipeline-executor, user-prompt, approval-gate, feedback-collection)
// are not tools at all and so are neither here nor in BUILT_IN_TOOLS.

export const NOT_OFFERED_TOOLS: Readonly<Record<string, string>> = {
  'video-processing':
    'video processing is out of scope for v1; use the code or terminal tool (e.g. ffmpeg in the sandbox)',
};
