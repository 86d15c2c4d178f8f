import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEMPORAL_CLI_VERSION, obtainTemporalCli, versionFits } from '../../temporal-dev/index.js';

describe('temporal-dev', () => {
  it.each([
    ['1.9.1', true],
    ['1.5.0', true],
    ['2.0.0', true],
    ['1.4.9', false],
    ['0.13.2', false],
  ])('version %s fits: %s', (version, fits) => {
    expect(versionFits(version)).toBe(fits);
  });

  it('finds a Temporal CLI (the suite already obtained one) and is idempotent', async () => {
    const first = await obtainTemporalCli();
    expect(first === 'temporal' || existsSync(first)).toBe(true);
    expect(await obtainTemporalCli()).toBe(first);
    expect(TEMPORAL_CLI_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
