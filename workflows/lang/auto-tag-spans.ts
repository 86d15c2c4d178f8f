// Where `<AUTO …>…</AUTO>` tags stand in a text: shared by the loader (which protects them from
// the YAML parser) and the interpreter (which resolves them at run time).

export interface AutoTagSpan {
  start: number;
  end: number;
}

/** The outermost AUTO tags of a text: `<AUTO …>…</AUTO>` (nesting counted) or a lone `<AUTO>`. */
export function findAutoTagSpans(text: string): AutoTagSpan[] {
  const spans: AutoTagSpan[] = [];
  const opening = /<AUTO(?=[\s>])[^>]*>/g;
  let match: RegExpExecArray | null;
  while ((match = opening.exec(text)) !== null) {
    const end = closingOf(text, match.index + match[0].length);
    // A lone `<AUTO>` (py-orc's "choose for me" in model positions) has no closing tag.
    spans.push({ start: match.index, end: end ?? match.index + match[0].length });
    opening.lastIndex = end ?? match.index + match[0].length;
  }
  return spans;
}

/** Index just after the `</AUTO>` that closes a tag whose body starts at `from`. */
function closingOf(text: string, from: number): number | undefined {
  const tokens = /<AUTO(?=[\s>])[^>]*>|<\/AUTO>/g;
  tokens.lastIndex = from;
  let depth = 1;
  let token: RegExpExecArray | null;
  while ((token = tokens.exec(text)) !== null) {
    depth += token[0].startsWith('</') ? -1 : 1;
    if (depth === 0) return token.index + token[0].length;
  }
  return undefined;
}

/** A tag's attributes (`task`, `type`, `choices`, `min`, `max`) and its inner text. */
export function autoTagParts(tag: string): { attributes: Record<string, string>; inner: string } {
  const opening = /^<AUTO([^>]*)>/.exec(tag);
  const attributes: Record<string, string> = {};
  for (const match of (opening?.[1] ?? '').matchAll(/([A-Za-z_][\w-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
    attributes[match[1]!] = match[2] ?? match[3] ?? '';
  const inner = tag.slice(opening?.[0].length ?? 0).replace(/<\/AUTO>$/, '');
  return { attributes, inner };
}
