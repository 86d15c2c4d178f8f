// The arms of every `if` in a .ts file, keyed by the if's position: where each arm's code starts
// (a block's first statement: the block's own brace may have no mapping) and where the arm ends.
import ts from 'typescript';
import type { Position } from './generated-positions.js';

export interface Arm {
  start: Position;
  end: Position;
}

export function ifArms(path: string, text: string): Map<string, { consequent?: Arm; alternate?: Arm }> {
  const file = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const position = (offset: number): Position => {
    const { line, character } = file.getLineAndCharacterOfPosition(offset);
    return { line: line + 1, column: character };
  };
  const arm = (statement: ts.Statement | undefined): Arm | undefined => {
    if (!statement) return undefined;
    const first = ts.isBlock(statement) ? statement.statements[0] : statement;
    return first ? { start: position(first.getStart(file)), end: position(statement.getEnd()) } : undefined;
  };
  const arms = new Map<string, { consequent?: Arm; alternate?: Arm }>();
  const visit = (node: ts.Node): void => {
    if (ts.isIfStatement(node)) {
      const { line, column } = position(node.getStart(file));
      arms.set(`${line}:${column}`, { consequent: arm(node.thenStatement), alternate: arm(node.elseStatement) });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return arms;
}
