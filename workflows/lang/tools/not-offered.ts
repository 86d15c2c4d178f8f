// py-orc tool names this engine deliberately does not define, each with the reason the compiler
// prints, so an author learns why rather than meeting a bare "unknown tool". Names the compiler
// maps to other step kinds (pipeline-executor, user-prompt, approval-gate, feedback-collection)
// are not tools at all and so are neither here nor in BUILT_IN_TOOLS. Every py-orc tool is
// offered today (video-processing was the last), so the table is empty; the compiler keeps the
// mechanism for the next tool that cannot be built.

export const NOT_OFFERED_TOOLS: Readonly<Record<string, string>> = {};
