// A unified diff of two texts, line by line, with three lines of context (what `diff -u`
// prints, without the file header's dates). Bounded: past a million line pairs the changed
// middle is shown as removed and added whole rather than aligned.
const CONTEXT = 3;
const MAX_ALIGNED_PAIRS = 1_000_000;

type Edit = { kind: ' ' | '-' | '+'; line: string };

/** Empty when the texts are equal. */
export function unifiedDiff(before: string, after: string, labels: { before: string; after: string }): string {
  if (before === after) return '';
  const edits = lineEdits(before.split('\n'), after.split('\n'));
  return [`--- ${labels.before}`, `+++ ${labels.after}`, ...hunks(edits)].join('\n');
}

function lineEdits(left: string[], right: string[]): Edit[] {
  let start = 0;
  while (start < left.length && start < right.length && left[start] === right[start]) start++;
  let end = 0;
  while (
    end < left.length - start &&
    end < right.length - start &&
    left[left.length - 1 - end] === right[right.length - 1 - end]
  )
    end++;
  const same = (lines: string[]): Edit[] => lines.map((line) => ({ kind: ' ', line }));
  const middleLeft = left.slice(start, left.length - end);
  const middleRight = right.slice(start, right.length - end);
  const middle =
    middleLeft.length * middleRight.length <= MAX_ALIGNED_PAIRS
      ? aligned(middleLeft, middleRight)
      : [
          ...middleLeft.map((line): Edit => ({ kind: '-', line })),
          ...middleRight.map((line): Edit => ({ kind: '+', line })),
        ];
  return [...same(left.slice(0, start)), ...middle, ...same(left.slice(left.length - end))];
}

/** The longest common subsequence's alignment: kept lines, and what was removed and added around them. */
function aligned(left: string[], right: string[]): Edit[] {
  const rows = left.length + 1;
  const columns = right.length + 1;
  const lengths = new Uint32Array(rows * columns);
  for (let row = left.length - 1; row >= 0; row--)
    for (let column = right.length - 1; column >= 0; column--)
      lengths[row * columns + column] =
        left[row] === right[column]
          ? lengths[(row + 1) * columns + column + 1]! + 1
          : Math.max(lengths[(row + 1) * columns + column]!, lengths[row * columns + column + 1]!);
  const edits: Edit[] = [];
  let row = 0;
  let column = 0;
  while (row < left.length || column < right.length) {
    if (row < left.length && column < right.length && left[row] === right[column]) {
      edits.push({ kind: ' ', line: left[row++]! });
      column++;
    } else if (
      column < right.length &&
      (row === left.length || lengths[row * columns + column + 1]! > lengths[(row + 1) * columns + column]!)
    )
      edits.push({ kind: '+', line: right[column++]! });
    else edits.push({ kind: '-', line: left[row++]! });
  }
  return edits;
}

function hunks(edits: Edit[]): string[] {
  const lines: string[] = [];
  let index = 0;
  let leftLine = 1;
  let rightLine = 1;
  while (index < edits.length) {
    const change = edits.findIndex((edit, at) => at >= index && edit.kind !== ' ');
    if (change < 0) break;
    const from = Math.max(index, change - CONTEXT);
    for (let at = index; at < from; at++) {
      leftLine++;
      rightLine++;
    }
    let to = change;
    // A hunk goes on while the next change is within two contexts of the last one.
    for (let at = change; at < edits.length && at - to <= 2 * CONTEXT; at++) if (edits[at]!.kind !== ' ') to = at;
    const last = Math.min(edits.length - 1, to + CONTEXT);
    const body = edits.slice(from, last + 1);
    const leftCount = body.filter((edit) => edit.kind !== '+').length;
    const rightCount = body.filter((edit) => edit.kind !== '-').length;
    lines.push(`@@ -${range(leftLine, leftCount)} +${range(rightLine, rightCount)} @@`);
    lines.push(...body.map((edit) => `${edit.kind}${edit.line}`));
    leftLine += leftCount;
    rightLine += rightCount;
    index = last + 1;
  }
  return lines;
}

function range(start: number, count: number): string {
  return count === 1 ? String(start) : `${count === 0 ? start - 1 : start},${count}`;
}
