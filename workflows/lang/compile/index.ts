export { compilePipeline, type CompileOptions, type CompileResult } from './compile-pipeline.js';
export type { ResolveFile, ResolveProblem } from './context.js';
export { parseDuration } from './values.js';
export type { ModelCatalogue } from './compile-model.js';
export { COMPILE_LIMITS } from './limits.js';
export { languageJsonSchema } from './language-schema.js';
export { STEP_VALUE_FIELDS } from './result-fields.js';
