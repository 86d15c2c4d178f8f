// `orc schedule …` on the real dev server: every subcommand, an interval schedule whose runs a
// worker really completes, a backfill that starts one run per time in its window, and an update
// that re-pins the schedule to a newly compiled pipeline.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import type { ScheduleDocument } from '../../client/schedule-view.js';
import type { ResultDocument } from '../../workflows/result-document.js';
import { PIPELINE_ID_ATTRIBUTE } from '../../workflows/search-attributes.js';
import { cliEnvironment, eventually } from '../support/cli-runs.js';
import { runCli } from '../support/run-cli.js';
import { withWorker } from '../support/temporal.js';

const pipeline = (id: string, greeting: string, schedule = '') => `
id: ${id}
name: Scheduled greeting
parameters:
  who: {type: string, default: world}
${schedule}
steps:
  - id: greet
    tool: filesystem
    action: write
    parameters:
      path: "greetings/{{ execution.id }}.txt"
      content: "${greeting}, {{ who }}!"
outputs:
  said: "${greeting}, {{ who }}!"
`;

let counter = 0;
const uniqueId = (prefix: string) => `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter++}`;

async function pipelineFile(text: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), 'orc-schedule-')), 'pipeline.yaml');
  await writeFile(file, text);
  return file;
}

type Env = Awaited<ReturnType<typeof cliEnvironment>>;

async function describeJson(id: string, env: Env): Promise<ScheduleDocument> {
  const described = await runCli(['schedule', 'describe', id, '--json'], env);
  expect(described.code, described.stderr).toBe(0);
  return JSON.parse(described.stdout) as ScheduleDocument;
}

async function completedRuns(id: string, env: Env, atLeast: number): Promise<ScheduleDocument> {
  return await eventually(
    async () => {
      const document = await describeJson(id, env);
      return document.recent_runs.filter((run) => run.status === 'completed').length >= atLeast ? document : undefined;
    },
    40_000,
    `${atLeast} completed runs of schedule ${id}`,
  );
}

/** Schedules outlive tests: delete what a test made, whatever happened. */
async function withSchedule<T>(client: Client, id: string, body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } finally {
    await client.schedule
      .getHandle(id)
      .delete()
      .catch(() => {});
  }
}

describe('orc schedule', () => {
  it("runs every 2s from the file's schedule: block; list, describe, pause, unpause and delete it", async () => {
    const env = await cliEnvironment();
    const pipelineId = uniqueId('every');
    const scheduleId = uniqueId('sched');
    const file = await pipelineFile(
      pipeline(pipelineId, 'Hello', 'schedule: {every: 2s, inputs: {who: cron}, overlap: allow-all}'),
    );
    await withWorker(
      async (engine) =>
        withSchedule(engine.client, scheduleId, async () => {
          const created = await runCli(['schedule', 'create', file, '--id', scheduleId, '--json'], env);
          expect(created.code, created.stderr).toBe(0);
          const document = JSON.parse(created.stdout) as ScheduleDocument;
          expect(document).toMatchObject({
            schedule_id: scheduleId,
            timing: { every_ms: 2000, text: 'every 2s' },
            overlap: 'allow-all',
            paused: false,
            inputs: { who: 'cron' },
            task_queue: env.ORC_TASK_QUEUE,
            workflow_id_prefix: `${pipelineId}-${scheduleId}`,
          });
          expect(document.pipeline?.id).toBe(pipelineId);
          expect(document.next_runs.length).toBeGreaterThan(0);

          // Runs really start and a worker completes them, as <pipeline>-<schedule>-<time>.
          const ran = await completedRuns(scheduleId, env, 2);
          const first = ran.recent_runs.find((run) => run.status === 'completed')!;
          expect(first.workflow_id.startsWith(`${pipelineId}-${scheduleId}-`)).toBe(true);
          const result = await runCli(['result', first.workflow_id, '--json'], env);
          expect(result.code, result.stderr).toBe(0);
          expect((JSON.parse(result.stdout) as ResultDocument).outputs.said).toBe('Hello, cron!');
          const described = await engine.client.workflow.getHandle(first.workflow_id).describe();
          expect(described.typedSearchAttributes.get(PIPELINE_ID_ATTRIBUTE)).toBe(pipelineId);

          const human = await runCli(['schedule', 'describe', scheduleId], env);
          expect(human.stdout).toContain(`Schedule ${scheduleId}: every 2s, overlap allow-all`);
          // Newest first: the newest may still be running (a run starts every 2 s), a completed one follows.
          expect(human.stdout).toMatch(
            /Recent runs:\n(?: {2}\S+ \S+ {2}\S+ {2}\w+\n)* {2}\S+ \S+ {2}\S+ {2}completed\n/,
          );

          // Listing is eventually consistent.
          await eventually(
            async () => {
              const listed = JSON.parse(
                (await runCli(['schedule', 'list', '--pipeline', pipelineId, '--json'], env)).stdout,
              ) as ScheduleDocument[];
              return listed.some((item) => item.schedule_id === scheduleId) ? true : undefined;
            },
            20_000,
            'the schedule to be listed',
          );
          const table = await runCli(['schedule', 'list'], env);
          expect(table.stdout).toMatch(new RegExp(`${scheduleId} +${pipelineId} +every 2s +active`));

          const paused = await runCli(['schedule', 'pause', scheduleId, '--reason', 'maintenance window'], env);
          expect(paused.code, paused.stderr).toBe(0);
          const whilePaused = await describeJson(scheduleId, env);
          expect(whilePaused).toMatchObject({ paused: true, note: 'maintenance window' });
          await new Promise((resolve) => setTimeout(resolve, 4_500));
          expect((await describeJson(scheduleId, env)).actions_taken).toBe(whilePaused.actions_taken);

          const unpaused = await runCli(['schedule', 'unpause', scheduleId, '--json'], env);
          expect(unpaused.code, unpaused.stderr).toBe(0);
          expect(JSON.parse(unpaused.stdout)).toMatchObject({ schedule_id: scheduleId, paused: false });
          await eventually(
            async () =>
              (await describeJson(scheduleId, env)).actions_taken > whilePaused.actions_taken ? true : undefined,
            20_000,
            'runs to start again',
          );

          const deleted = await runCli(['schedule', 'delete', scheduleId], env);
          expect(deleted.code, deleted.stderr).toBe(0);
          expect(deleted.stdout).toContain(`Deleted schedule ${scheduleId}.`);
          const gone = await runCli(['schedule', 'describe', scheduleId], env);
          expect(gone.code).toBe(2);
          expect(gone.stderr).toContain(`no schedule "${scheduleId}"`);
        }),
      { taskQueue: env.ORC_TASK_QUEUE },
    );
  }, 150_000);

  it('creates from flags; trigger, backfill over a past window, and update re-pin it', async () => {
    const env = await cliEnvironment();
    const pipelineId = uniqueId('flags');
    const scheduleId = uniqueId('sched');
    const file = await pipelineFile(pipeline(pipelineId, 'Hello'));
    await withWorker(
      async (engine) =>
        withSchedule(engine.client, scheduleId, async () => {
          const created = await runCli(
            [
              'schedule',
              'create',
              file,
              '--id',
              scheduleId,
              '--every',
              '1m',
              '--paused',
              '-i',
              'who=flags',
              '--timezone',
              'UTC',
            ],
            env,
          );
          expect(created.code, created.stderr).toBe(0);
          expect(created.stdout).toContain(`Schedule ${scheduleId} (paused): every 1m (UTC), overlap skip`);
          expect(created.stdout).toContain('inputs: who="flags"');

          // A trigger starts a run even while paused, and names it.
          const triggered = await runCli(['schedule', 'trigger', scheduleId, '--json'], env);
          expect(triggered.code, triggered.stderr).toBe(0);
          const triggeredId = (JSON.parse(triggered.stdout) as { workflow_id: string | null }).workflow_id;
          expect(triggeredId?.startsWith(`${pipelineId}-${scheduleId}-`)).toBe(true);

          // A window a day ago holding exactly four whole minutes: four runs, all started (allow-all).
          const minute = Math.floor((Date.now() - 86_400_000) / 60_000) * 60_000;
          const [start, end] = [
            new Date(minute + 30_000).toISOString(),
            new Date(minute + 4 * 60_000 + 30_000).toISOString(),
          ];
          const backfill = await runCli(
            ['schedule', 'backfill', scheduleId, '--start', start, '--end', end, '--overlap', 'allow-all'],
            env,
          );
          expect(backfill.code, backfill.stderr).toBe(0);
          const ran = await completedRuns(scheduleId, env, 5);
          const backfilled = ran.recent_runs.filter((run) => run.scheduled_at >= start && run.scheduled_at <= end);
          expect(backfilled.map((run) => run.scheduled_at).sort()).toEqual(
            [1, 2, 3, 4].map((n) => new Date(minute + n * 60_000).toISOString()),
          );
          expect(ran.actions_taken).toBe(5);
          const before = ran.pipeline!.hash;

          // Update: a new compile of the edited file, a new timing; inputs and the pause stay.
          await writeFile(file, pipeline(pipelineId, 'Bonjour'));
          const updated = await runCli(['schedule', 'update', scheduleId, file, '--every', '1h', '--json'], env);
          expect(updated.code, updated.stderr).toBe(0);
          const after = JSON.parse(updated.stdout) as ScheduleDocument;
          expect(after).toMatchObject({
            paused: true,
            inputs: { who: 'flags' },
            timing: { every_ms: 3_600_000, timezone: 'UTC' },
          });
          expect(after.pipeline!.hash).not.toBe(before);
          const retriggered = JSON.parse((await runCli(['schedule', 'trigger', scheduleId, '--json'], env)).stdout) as {
            workflow_id: string;
          };
          const result = await runCli(['result', retriggered.workflow_id, '--json', '--wait'], env);
          expect(result.code, result.stderr).toBe(0);
          const document = JSON.parse(result.stdout) as ResultDocument;
          expect(document.outputs.said).toBe('Bonjour, flags!');
          expect(document.pipeline.hash).toBe(after.pipeline!.hash);

          const again = await runCli(['schedule', 'create', file, '--id', scheduleId, '--every', '1h'], env);
          expect(again.code).toBe(2);
          expect(again.stderr).toContain(`a schedule "${scheduleId}" already exists`);
          expect((await runCli(['schedule', 'delete', scheduleId, '--json'], env)).code).toBe(0);
        }),
      { taskQueue: env.ORC_TASK_QUEUE },
    );
  }, 150_000);

  it('says what is wrong, with exit 2, and starts nothing', async () => {
    const env = await cliEnvironment();
    const noBlock = await pipelineFile(pipeline(uniqueId('mistakes'), 'Hello'));
    const broken = await pipelineFile(
      pipeline(uniqueId('broken'), 'Hello').replace('action: write', 'action: scribble'),
    );
    const cases: [string[], string][] = [
      [['schedule', 'create', noBlock], 'has no schedule: block, and neither --cron nor --every was given'],
      [['schedule', 'create', broken, '--every', '1h'], 'is not a valid pipeline'],
      [
        ['schedule', 'create', noBlock, '--cron', '61 * * * *', '--id', uniqueId('bad-cron')],
        'Temporal refused the schedule (cron "61 * * * *")',
      ],
      [
        ['schedule', 'create', noBlock, '--every', '1h', '--timezone', 'Mars/Olympus'],
        '"Mars/Olympus" is not a time zone',
      ],
      [['schedule', 'create', noBlock, '--every', '500ms'], '--every must be a whole number of seconds'],
      [['schedule', 'create', noBlock, '--every', '1h', '--overlap', 'sometimes'], '--overlap must be one of'],
      [['schedule', 'create', noBlock, '--every', '1h', '-i', 'nobody=1'], 'unknown input "nobody"'],
      [['schedule', 'describe', 'no-such-schedule'], 'no schedule "no-such-schedule"'],
      [['schedule', 'trigger', 'no-such-schedule'], 'no schedule "no-such-schedule"'],
      [['schedule', 'update', 'no-such-schedule', noBlock], 'no schedule "no-such-schedule"'],
      [
        ['schedule', 'backfill', 'x', '--start', 'yesterday', '--end', '2026-01-01'],
        '--start "yesterday" is not a time',
      ],
      [['schedule', 'pause', 'x', '--cron', '* * * * *'], 'orc schedule pause does not take --cron'],
      [['schedule', 'frobnicate'], 'unknown schedule subcommand "frobnicate"'],
    ];
    // A few at a time: each is an `orc` of its own, and one after another they took 15 s.
    const runs = [];
    for (let first = 0; first < cases.length; first += 4)
      runs.push(...(await Promise.all(cases.slice(first, first + 4).map(([args]) => runCli(args, env)))));
    for (const [index, [args, message]] of cases.entries()) {
      const run = runs[index]!;
      expect(run.code, `${args.join(' ')}\n${run.stderr}`).toBe(2);
      expect(run.stderr).toContain(message);
      expect(run.stderr).not.toMatch(/internal error|\n\s+at /);
    }
    // The invalid pipeline's diagnostics are shown, not only named.
    expect(runs[1]!.stderr).toContain('error[');
  }, 240_000);
});
