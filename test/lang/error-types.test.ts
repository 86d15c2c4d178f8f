// The error types are a contract: docs/errors.md lists exactly the table's types, each with its
// retryability; every type the engine's code names is in the table.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_TYPES, ERROR_TYPE_TABLE, isRetryable } from '../../workflows/error-types.js';
import { repoRoot } from '../support/temporal.js';

describe('the error types', () => {
  it('docs/errors.md lists every type with the retryability of the table, and nothing else', async () => {
    const page = await readFile(join(repoRoot, 'docs/errors.md'), 'utf8');
    const rows = [...page.matchAll(/^\| `([A-Za-z]+)` \| [^|]+ \| (yes|no|case by case) \|/gm)].map(
      ([, type, retried]) => [type, retried],
    );
    const expected = Object.entries(ERROR_TYPE_TABLE).map(([type, info]) => [
      type,
      info.retryable === 'depends' ? 'case by case' : info.retryable ? 'yes' : 'no',
    ]);
    expect(rows).toEqual(expected);
  });

  it('ERROR_TYPES names every type of the table once', () => {
    expect(Object.values(ERROR_TYPES).sort()).toEqual(Object.keys(ERROR_TYPE_TABLE).sort());
  });

  it('derives retryability from the table and refuses a contradiction (a bug in the caller)', () => {
    expect(isRetryable('RateLimited')).toBe(true);
    expect(isRetryable('PathOutsideWorkspace')).toBe(false);
    expect(isRetryable('HttpError', true)).toBe(true);
    expect(isRetryable('HttpError', false)).toBe(false);
    expect(() => isRetryable('HttpError')).toThrow(/case by case/);
    expect(() => isRetryable('PathOutsideWorkspace', true)).toThrow(/never retried/);
  });

  it('no engine file names an error type outside the table', async () => {
    const { execFileSync } = await import('node:child_process');
    const found = execFileSync(
      'grep',
      ['-rhoE', "(type: |toolFailure\\(|new ModelError\\()'[A-Z][A-Za-z]+'", 'workflows', 'activities'],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    const named = new Set([...found.matchAll(/'([A-Z][A-Za-z]+)'/g)].map(([, type]) => type!));
    // 'Error' is the fallback for a failure without a type; PipelineFailed is the run's own.
    const outside = [...named].filter((type) => !Object.hasOwn(ERROR_TYPE_TABLE, type) && type !== 'Error');
    expect(outside).toEqual([]);
  });
});
