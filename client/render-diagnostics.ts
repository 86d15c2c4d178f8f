// Diagnostics as cli.md shows them: `file:line:col: severity[CODE]: message`, the source line
// with a caret under the offending text, and a hint.
import type { Diagnostic } from '../workflows/lang/diagnostics.js';
import { paint, type Painter } from './paint.js';
import { printable } from './printable.js';

export function renderDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, string>,
  color: boolean,
): string {
  const painter = paint(color);
  return diagnostics.map((diagnostic) => renderOne(diagnostic, sources.get(diagnostic.file), painter)).join('\n');
}

function renderOne(diagnostic: Diagnostic, text: string | undefined, painter: Painter): string {
  const { line, column, endLine, endColumn } = diagnostic.range;
  const severity =
    diagnostic.severity === 'error'
      ? painter.red(`error[${diagnostic.code}]`)
      : painter.yellow(`warning[${diagnostic.code}]`);
  // The file's name, the message (it quotes the file) and the hint are shown, never obeyed.
  const lines = [
    `${painter.bold(`${printable(diagnostic.file)}:${line}:${column}`)}: ${severity}: ${printable(diagnostic.message)}`,
  ];
  const sourceLine = text?.split(/\r?\n/)[line - 1];
  if (sourceLine !== undefined) {
    const gutter = ' '.repeat(String(line).length);
    const rawWidth = endLine === line ? Math.max(1, endColumn - column) : Math.max(1, sourceLine.length - column + 1);
    const width = Math.max(1, printable(sourceLine.slice(column - 1, column - 1 + rawWidth)).length);
    const caret = `^${'~'.repeat(Math.max(0, Math.min(width, 200) - 1))}`;
    // The caret stays under its column when control characters are shown as \xNN before it.
    const indent = printable(sourceLine.slice(0, Math.max(0, column - 1))).length;
    lines.push(`   ${line} | ${printable(sourceLine)}`, `   ${gutter} | ${' '.repeat(indent)}${painter.red(caret)}`);
  }
  if (diagnostic.hint) lines.push(`   ${' '.repeat(String(line).length)} = ${printable(diagnostic.hint)}`);
  return lines.join('\n');
}

/** The `--json` form of cli.md. */
export function diagnosticsJson(diagnostics: readonly Diagnostic[]): object[] {
  return diagnostics.map((diagnostic) => ({
    file: diagnostic.file,
    line: diagnostic.range.line,
    column: diagnostic.range.column,
    end_line: diagnostic.range.endLine,
    end_column: diagnostic.range.endColumn,
    severity: diagnostic.severity,
    code: diagnostic.code,
    message: diagnostic.message,
    hint: diagnostic.hint ?? null,
    pointer: diagnostic.pointer,
  }));
}
