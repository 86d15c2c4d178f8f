// docs/tools/filesystem.md and docs/tools/data.md name every action (and alias) of their tools,
// with its parameters and the fields of its result.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  dataProcessingTool,
  filesystemTool,
  reportGeneratorTool,
  validationTool,
  visualizationTool,
} from '../../../workflows/lang/tools/index.js';
import { repoRoot } from '../../support/temporal.js';

const PAGES = [
  ['docs/tools/filesystem.md', [filesystemTool]],
  ['docs/tools/data.md', [dataProcessingTool, validationTool, reportGeneratorTool, visualizationTool]],
] as const;

describe('tool docs', () => {
  it.each(PAGES)('%s lists every action with its parameters and result fields', async (page, tools) => {
    const text = await readFile(join(repoRoot, page), 'utf8');
    for (const tool of tools) {
      for (const [action, spec] of Object.entries(tool.actions)) {
        expect(text, `${tool.name}.${action}`).toContain(`| \`${action}\` |`);
        // The row's result column lists every field the action declares it returns.
        const row = text.split('\n').find((line) => line.startsWith(`| \`${action}\` |`)) ?? '';
        for (const field of spec.returns ?? []) expect(row, `${tool.name}.${action} returns ${field}`).toContain(field);
        for (const parameter of Object.keys(spec.parameters))
          expect(text, `${tool.name}.${action} ${parameter}`).toContain(`\`${parameter}\``);
      }
    }
  });
});
