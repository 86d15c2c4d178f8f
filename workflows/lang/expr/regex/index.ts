// Python's `re` patterns on our own linear-time matcher (a Pike VM): parsed (regex-syntax),
// compiled to a program (regex-program), run by the machine (regex-machine) within the
// template's budget. What the filters call.

export { regexReplace, regexSearch } from './regex.js';
