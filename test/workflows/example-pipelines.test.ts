// The examples in pipelines/ run as their comments say.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { answerApprovalUpdate, pendingApprovalsQuery } from '../../workflows/messages.js';
import { documentOf, startPipeline } from '../support/run-document.js';
import { waitForApproval } from '../support/wait-for-approval.js';
import { compileFile, repoRoot, withWorker } from '../support/temporal.js';

describe('pipelines/review-and-publish.yaml', () => {
  it.each([
    [true, 'PUBLISHED.md', 'Published 3 notes, announced on slack.\nApproved by ada: "ship it".\n'],
    [false, 'REJECTED.md', 'Not published: not this week'],
  ])('approved: %s writes %s', async (approved, file, content) => {
    const ir = await compileFile(join(repoRoot, 'pipelines/review-and-publish.yaml'));
    await withWorker(async (engine) => {
      const handle = await startPipeline(engine, ir);
      await waitForApproval(handle, 'review');
      const [pending] = await handle.query(pendingApprovalsQuery);
      expect(pending?.title).toBe('Publish 3 notes?');
      await handle.executeUpdate(answerApprovalUpdate, {
        args: [
          approved
            ? { step: 'review', approved, by: 'ada', comment: 'ship it', answers: { channel: 'slack' } }
            : { step: 'review', approved, comment: 'not this week' },
        ],
      });
      const document = await documentOf(handle);
      expect(document.success).toBe(true);
      expect(document.outputs.published).toBe(approved);
      expect(document.outputs.notes).toHaveLength(3);
      expect(await readFile(join(engine.workspaceRoot, `notes/${handle.workflowId}/${file}`), 'utf8')).toBe(content);
      expect(await readFile(join(engine.workspaceRoot, `notes/${handle.workflowId}/durability.md`), 'utf8')).toBe(
        '# Durability\n\nNote 1 of 3.\n',
      );
    });
  });
});
