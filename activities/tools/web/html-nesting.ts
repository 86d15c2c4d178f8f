// A linear pass over HTML that removes the tags nested deeper than MAX_NESTING (keeping their
// text). parse5 — cheerio's HTML parser — looks through the stack of open elements for most
// tags, so its time grows with length × depth: a 0.7 MB page of 60,000 nested <div>s took 46 s.
// With the depth capped, parsing stays proportional to the page's length.

/** Real pages nest a few dozen elements; anything deeper than this is flattened. */
export const MAX_NESTING = 256;

// Elements that never have an end tag, and those whose end tag is usually left out (they close
// when a sibling starts): neither deepens the page.
const NOT_NESTING = new Set(
  'area base br col embed hr img input link meta param source track wbr p li dt dd option optgroup tr td th thead tbody tfoot rb rt rp colgroup'.split(
    ' ',
  ),
);
// Their content is text up to the matching end tag, never tags.
const RAW_TEXT = new Set('script style textarea title xmp iframe noembed noframes noscript plaintext'.split(' '));
const NAME = /[a-z][^\s/>]*/y;

export function capNesting(html: string, maxDepth = MAX_NESTING): string {
  const lower = html.toLowerCase();
  const kept: string[] = [];
  let copiedUpTo = 0;
  let depth = 0;
  const drop = (from: number, to: number) => {
    kept.push(html.slice(copiedUpTo, from));
    copiedUpTo = to;
  };
  for (let index = lower.indexOf('<'); index !== -1; index = lower.indexOf('<', index)) {
    if (lower.startsWith('<!--', index)) {
      const end = lower.indexOf('-->', index + 4);
      if (end === -1) break;
      index = end + 3;
      continue;
    }
    const closing = lower[index + 1] === '/';
    NAME.lastIndex = index + (closing ? 2 : 1);
    const name = NAME.exec(lower)?.[0];
    const end = name === undefined ? -1 : tagEnd(lower, NAME.lastIndex);
    if (name === undefined) {
      index++;
      continue;
    }
    if (end === -1) break;
    if (closing) {
      if (!NOT_NESTING.has(name)) {
        if (depth > maxDepth) drop(index, end + 1);
        depth = Math.max(0, depth - 1);
      }
    } else if (!NOT_NESTING.has(name) && lower[end - 1] !== '/') {
      depth++;
      if (depth > maxDepth) drop(index, end + 1);
      if (RAW_TEXT.has(name)) {
        const closedAt = lower.indexOf(`</${name}`, end + 1);
        if (closedAt === -1) break;
        index = closedAt;
        continue;
      }
    }
    index = end + 1;
  }
  kept.push(html.slice(copiedUpTo));
  return kept.join('');
}

/** The index of the `>` ending a tag whose attributes start at `from` (quoted values may hold `>`), or -1. */
function tagEnd(html: string, from: number): number {
  let quote: string | undefined;
  let afterEquals = false;
  for (let index = from; index < html.length; index++) {
    const char = html[index]!;
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
      continue;
    }
    // A quote opens a value only right after `=`; elsewhere it is part of a name or value.
    if ((char === '"' || char === "'") && afterEquals) quote = char;
    else if (char === '>') return index;
    if (!' \t\n\r\f'.includes(char)) afterEquals = char === '=';
  }
  return -1;
}
