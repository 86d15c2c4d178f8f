// What the language does to values, shared by the evaluator and the filters: looking into
// values safely (fields, indices, slices), iterating them, and the operators.

export { checkSafeName, lookup, sliceValue } from './access.js';
export { attributeGetter, iterate, keyGetter, multiKeyGetter } from './sequences.js';
export { applyBinary, negate } from './operators.js';
