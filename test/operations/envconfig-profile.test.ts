// Connecting only through @temporalio/envconfig: a temporal.toml profile (TEMPORAL_CONFIG_FILE
// + TEMPORAL_PROFILE) names the suite's server; no TEMPORAL_ADDRESS is set. `orc run` (with its
// in-process worker) and `orc list` reach it, and never start a local dev server.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { freePort } from '../../temporal-dev/index.js';
import type { ResultDocument } from '../../workflows/result-document.js';
import { runCli } from '../support/run-cli.js';
import { uniqueTaskQueue } from '../support/temporal.js';

async function profileFile(profiles: Record<string, { address: string; namespace: string }>): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'orc-envconfig-')), 'temporal.toml');
  await writeFile(
    file,
    Object.entries(profiles)
      .map(
        ([name, { address, namespace }]) => `[profile.${name}]\naddress = "${address}"\nnamespace = "${namespace}"\n`,
      )
      .join('\n'),
  );
  return file;
}

describe('connecting through a temporal.toml profile', () => {
  it('runs a pipeline and lists it with only TEMPORAL_CONFIG_FILE and TEMPORAL_PROFILE set', async () => {
    const file = await profileFile({
      default: { address: '127.0.0.1:1', namespace: 'nowhere' },
      suite: { address: inject('temporalAddress'), namespace: 'default' },
    });
    const env = {
      TEMPORAL_ADDRESS: undefined,
      TEMPORAL_NAMESPACE: undefined,
      TEMPORAL_CONFIG_FILE: file,
      TEMPORAL_PROFILE: 'suite',
      ORC_DATA_DIR: inject('dataDir'),
      ORC_WORKSPACE: await mkdtemp(join(tmpdir(), 'orc-envconfig-ws-')),
      ORC_TASK_QUEUE: uniqueTaskQueue('envconfig'),
    };
    const run = await runCli(['run', 'pipelines/hello.yaml', '-i', 'name=Profile', '--json'], env, 90_000);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toContain('starting the local dev server');
    const document = JSON.parse(run.stdout) as ResultDocument;
    expect(document).toMatchObject({ success: true, outputs: { greeting: 'Hello, Profile!' } });

    const list = await runCli(['list', '--json'], env, 60_000);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain(document.run.workflow_id);
  }, 150_000);

  it('says which settings to check when the profile names a server that does not answer', async () => {
    const file = await profileFile({ broken: { address: `127.0.0.1:${await freePort()}`, namespace: 'default' } });
    const result = await runCli(
      ['list'],
      {
        TEMPORAL_ADDRESS: undefined,
        TEMPORAL_CONFIG_FILE: file,
        TEMPORAL_PROFILE: 'broken',
        ORC_DATA_DIR: inject('dataDir'),
      },
      60_000,
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('cannot reach Temporal at 127.0.0.1:');
    expect(result.stderr).toContain('temporal.toml profile');
  }, 90_000);
});
