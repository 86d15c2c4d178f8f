// Everything a template can call, and nothing else: the filters, the tests of `is`, the
// methods of strings and mappings, the global functions, and how their arguments bind.
// The parser checks names against these registries; the evaluator calls them.

export { FILTERS } from './filters.js';
export { bindArguments } from './filter-support.js';
export { TESTS } from './template-tests.js';
export { METHOD_NAMES, bindMethod, callMethod, hasMethod } from './methods.js';
export { BUILTIN_GLOBALS } from './globals.js';
