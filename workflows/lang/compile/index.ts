export { compilePipeline, type CompileOptions, type CompileResult } from './compile-pipeline.js';
export { parseDuration } from './values.js';
