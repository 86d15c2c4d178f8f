// `orc history` and `orc replay` on the real dev server: an exported history replays against
// the current code (from the file and straight from the server); a doctored or foreign one
// does not, and says why.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliEnvironment, withCliWorker } from '../support/cli-runs.js';
import { documentOf } from '../support/run-document.js';
import { runCli } from '../support/run-cli.js';

const PIPELINE = `
id: cli-history
steps:
  - {id: first, tool: test, action: echo, parameters: {value: one}}
  - id: each
    for_each: "[1, 2]"
    steps:
      - {id: double, tool: test, action: echo, parameters: {value: "{{ item * 2 }}"}}
  - {id: last, tool: test, action: echo, depends_on: [first, each], parameters: {value: done}}
`;

interface HistoryJson {
  events: {
    eventType: string;
    activityTaskScheduledEventAttributes?: { activityType: { name: string } };
    workflowExecutionStartedEventAttributes?: { workflowType: { name: string }; workflowId: string };
  }[];
}

describe('orc history and orc replay', () => {
  it('exports a history that replays; a doctored or foreign one fails with the reason', async () => {
    const env = await cliEnvironment();
    const folder = await mkdtemp(join(tmpdir(), 'orc-history-'));
    const file = join(folder, 'history.json');
    const workflowId = await withCliWorker(async (engine) => {
      const handle = await engine.start(PIPELINE);
      expect((await documentOf(handle)).status).toBe('completed');
      return handle.workflowId;
    });

    const exported = await runCli(['history', workflowId, '--output', file], env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toMatch(
      new RegExp(`Wrote the history of run ${workflowId}/\\S+ \\(\\d+ events\\) to ${file}`),
    );
    const history = JSON.parse(await readFile(file, 'utf8')) as HistoryJson;
    expect(history.events[0]?.workflowExecutionStartedEventAttributes?.workflowId).toBe(workflowId);
    expect(history.events.at(-1)?.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED');

    const printed = await runCli(['history', workflowId, '--json'], env);
    expect((JSON.parse(printed.stdout) as HistoryJson).events).toHaveLength(history.events.length);
    const listing = await runCli(['history', workflowId], env);
    expect(listing.stdout).toContain(`${history.events.length} events`);
    expect(listing.stdout).toMatch(/ActivityTaskScheduled runTool/);

    const replayed = await runCli(['replay', file], env);
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(replayed.stdout).toContain(`deterministic with the current workflow code`);
    const fromServer = await runCli(['replay', workflowId, '--json'], env);
    expect(fromServer.code, fromServer.stderr).toBe(0);
    expect(JSON.parse(fromServer.stdout)).toMatchObject({
      workflow_id: workflowId,
      events: history.events.length,
      deterministic: true,
    });

    // Doctored: the history says another activity ran than the code schedules.
    const doctored = structuredClone(history);
    for (const event of doctored.events)
      if (event.activityTaskScheduledEventAttributes)
        event.activityTaskScheduledEventAttributes.activityType.name = 'somethingElse';
    await writeFile(join(folder, 'doctored.json'), JSON.stringify(doctored));
    const nondeterministic = await runCli(['replay', join(folder, 'doctored.json')], env);
    expect(nondeterministic.code).toBe(1);
    expect(nondeterministic.stderr).toContain('does not replay against the current workflow code');
    expect(nondeterministic.stderr).toMatch(/Nondeterminism error: Activity type of scheduled event 'somethingElse'/);

    // Foreign: a workflow type this code does not have.
    const foreign = structuredClone(history);
    foreign.events[0]!.workflowExecutionStartedEventAttributes!.workflowType.name = 'billingWorkflow';
    await writeFile(join(folder, 'foreign.json'), JSON.stringify(foreign));
    const foreignRun = await runCli(['replay', '--history', join(folder, 'foreign.json'), '--json'], env);
    expect(foreignRun.code).toBe(1);
    expect(JSON.parse(foreignRun.stdout)).toMatchObject({
      deterministic: false,
      error: expect.stringContaining("'billingWorkflow'") as unknown,
    });
  }, 120_000);

  it('replays a committed history, and refuses what is not one with exit 2', async () => {
    const env = await cliEnvironment();
    const committed = await runCli(['replay', 'test/histories/hello.json'], env);
    expect(committed.code, committed.stderr).toBe(0);
    expect(committed.stdout).toContain('(run history-hello): 25 events');

    const folder = await mkdtemp(join(tmpdir(), 'orc-history-'));
    await writeFile(join(folder, 'not-history.json'), '{"hello": "world"}');
    const cases: [string[], string][] = [
      [['replay', join(folder, 'not-history.json')], 'is not a Temporal event history'],
      [['replay', 'no-such-run-or-file'], 'no run "no-such-run-or-file"'],
      [['replay'], 'needs a history file or a run'],
      [['history', 'no-such-run'], 'no run "no-such-run"'],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args, env);
      expect(run.code, `${args.join(' ')}\n${run.stderr}`).toBe(2);
      expect(run.stderr).toContain(message);
    }
  }, 120_000);
});
