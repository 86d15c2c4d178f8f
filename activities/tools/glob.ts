// A small glob matcher for `filesystem.list`'s pattern: `*`, `?`, `[abc]`, `{a,b}` and `**`.
// Hand-written because the project has no glob dependency and the pattern is matched against
// names we already listed, never used to walk the disk.

/** A regular expression for the glob; `*` and `?` stay within one path segment. */
export function globToRegExp(pattern: string): RegExp {
  let source = '';
  let braces = 0;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char === '*') {
      const double = pattern[index + 1] === '*';
      if (double) index++;
      // `**/` also matches no folder at all, so "**/*.md" finds top-level files too.
      if (double && pattern[index + 1] === '/') {
        index++;
        source += '(?:.*/)?';
      } else source += double ? '.*' : '[^/]*';
    } else if (char === '?') source += '[^/]';
    else if (char === '[') {
      const end = pattern.indexOf(']', index + 1);
      if (end === -1) source += '\\[';
      else {
        const body = pattern.slice(index + 1, end).replace(/\\/g, '\\\\');
        source += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        index = end;
      }
    } else if (char === '{') {
      braces++;
      source += '(?:';
    } else if (char === '}' && braces > 0) {
      braces--;
      source += ')';
    } else if (char === ',' && braces > 0) source += '|';
    else source += char.replace(/[.+^$()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}${')'.repeat(braces)}$`);
}
