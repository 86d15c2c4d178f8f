// Determinism: every recorded history must replay against the current workflow code. A change
// that breaks one needs a patched() guard (docs/development.md), not a new recording.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { installRuntime, loadWorkflowBundle } from '../../workers/index.js';
import { repoRoot } from '../support/temporal.js';

const folder = join(repoRoot, 'test/histories');
const files = (await readdir(folder)).filter((file) => file.endsWith('.json')).sort();

describe('recorded histories replay', () => {
  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  it.each(files)('%s replays without nondeterminism', async (file) => {
    installRuntime();
    const history = historyFromJSON(JSON.parse(await readFile(join(folder, file), 'utf8')));
    // Recorded as history-<name> (test/support/record-histories.ts): child ids derive from it.
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: await loadWorkflowBundle(inject('dataDir')) },
        history,
        `history-${file.replace(/\.json$/, '')}`,
      ),
    ).resolves.toBeUndefined();
  });
});
