// Finding the templates in a value and what they read: the compiler's source of implicit
// dependencies and of "unknown name" diagnostics.
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { TemplateError, hasTemplate, parseTemplate, templateReferences, type TemplateReference } from '../expr/index.js';
import { pointerJoin, type SourceFile } from './source.js';

export interface FoundTemplate {
  text: string;
  node: Node;
  pointer: string;
  references: TemplateReference[];
}

/** Every string holding a template inside `node`, parsed; syntax errors are reported. */
export function findTemplates(source: SourceFile, node: Node | null, pointer: string): FoundTemplate[] {
  const found: FoundTemplate[] = [];
  walk(node, pointer, (scalar, text, at) => {
    if (!hasTemplate(text)) return;
    try {
      found.push({ text, node: scalar, pointer: at, references: templateReferences(parseTemplate(text)) });
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      const [start, end] = error.offset === undefined ? (scalar.range ?? [0, 1]) : source.offsetInScalar(scalar, text, error.offset, error.length ?? 1);
      source.reportAt('error', 'E_TEMPLATE_SYNTAX', start, end, `template error: ${error.message}`, at, 'templates are Jinja2: {{ expression }}, {% if %}…{% endif %}, {% for x in xs %}…{% endfor %}');
    }
  });
  return found;
}

function walk(node: Node | null, pointer: string, visit: (scalar: Node, text: string, pointer: string) => void): void {
  if (isScalar(node) && typeof node.value === 'string') visit(node, node.value, pointer);
  else if (isSeq(node)) (node.items as Node[]).forEach((item, index) => walk(item, pointerJoin(pointer, index), visit));
  else if (isMap(node)) {
    for (const pair of node.items as Pair<Node, Node | null>[]) {
      walk(pair.value, pointerJoin(pointer, isScalar(pair.key) ? String(pair.key.value) : '?'), visit);
    }
  }
}
