// Running a parsed template: the evaluator of expressions, the renderer of statements, and
// the frame of names they read and bind.

export { Evaluator } from './evaluator.js';
export { Renderer } from './renderer.js';
export { Frame } from './frame.js';
export type { Environment, Scope } from './frame.js';
