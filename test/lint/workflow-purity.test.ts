// The lint rule that keeps workflows/ deterministic really fires.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/temporal.js';

const eslint = new ESLint({ cwd: repoRoot });

async function ruleIds(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe('workflows/ purity rule', () => {
  it.each([
    ["import { readFile } from 'node:fs/promises';", 'a Node built-in'],
    ["import fs from 'fs';", 'a bare Node built-in'],
    ["import { Client } from '@temporalio/client';", 'the client package'],
    ["import { Context } from '@temporalio/activity';", 'the activity package'],
    ["import { createActivities } from '../activities/index.js';", 'activity code'],
    ['export const now = () => process.env.X;', 'process'],
  ])('refuses %s (%s)', async (code) => {
    const ids = await ruleIds(`${code}\nexport const used = 1;\n`, 'workflows/example.ts');
    expect(ids.some((id) => id === 'no-restricted-imports' || id === 'no-restricted-globals')).toBe(true);
  });

  it('allows the workflow package and type-only imports of activities', async () => {
    const code =
      "import { sleep } from '@temporalio/workflow';\nimport type { ActivityDependencies } from '../activities/index.js';\nexport const nap = (deps: ActivityDependencies) => sleep(deps.workspaceRoot.length);\n";
    expect(await ruleIds(code, 'workflows/example.ts')).toEqual([]);
  });

  it('does not apply outside workflows/', async () => {
    expect(
      await ruleIds(
        "import { readFile } from 'node:fs/promises';\nexport const read = readFile;\n",
        'activities/example.ts',
      ),
    ).toEqual([]);
  });
});
