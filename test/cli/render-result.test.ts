// The human form of a result document (`orc run`, `orc result`): how outputs are laid out.
import { describe, expect, it } from 'vitest';
import { renderResult } from '../../client/print-result.js';
import type { ResultDocument } from '../../workflows/result-document.js';

const documentWith = (outputs: Record<string, unknown>) =>
  ({ status: 'completed', success: true, run: { duration_ms: 1300 }, outputs }) as unknown as ResultDocument;

describe('renderResult', () => {
  it('puts a one-line output after its name, and a value of several lines below it, with no trailing space', () => {
    const text = renderResult(documentWith({ said: 'done', files: ['a.txt', 'b.txt'] }), false);
    expect(text.split('\n')).toEqual([
      'Run completed in 1.3 s.',
      'Outputs:',
      '  said: done',
      '  files:',
      '    [',
      '      "a.txt",',
      '      "b.txt"',
      '    ]',
    ]);
  });
});
