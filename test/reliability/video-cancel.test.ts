// ffmpeg runs in the sandbox, so it must end with its step: a run cancelled while
// video-processing decodes a long video leaves no process of it, and neither does a worker
// killed with SIGKILL at that moment (the sandbox's lifeline). A real `orc worker` runs the
// step; the video's name, unique to this test, finds its processes in /proc.
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { describe, expect, inject, it } from 'vitest';
import { orcDataConverter } from '../../workers/index.js';
import { spawnWorker, within } from '../operations/spawn-worker.js';
import { eventually } from '../support/cli-runs.js';
import { startPipeline } from '../support/run-document.js';
import { ffmpegProblem, writeColourClip, writeLooped } from '../support/sample-video.js';
import { uniqueTaskQueue } from '../support/temporal.js';
import { bubblewrapProblem, compileText } from '../sandbox/sandbox-pipelines.js';
import { killProcessesWith, processesWith, snapshotWith, survivorsOf } from './sandbox-processes.js';

const problem = ffmpegProblem() ?? bubblewrapProblem();
if (problem) console.warn(`skipping the video cancellation tests: ${problem}`);

const MARKER = `long-video-${process.pid}-${Date.now()}`;
// One frame a day of video: ffmpeg decodes every frame of the hour and writes only the first.
const PIPELINE = `
id: video_cancel
steps:
  - id: frames
    tool: video-processing
    action: execute
    parameters: {video: ${MARKER}.mp4, operation: extract_frames, frame_interval: 86400, output_path: frames}
`;

const ffmpegRunning = () =>
  eventually(
    async () => (processesWith(MARKER).some((pid) => isFfmpeg(pid)) ? true : undefined),
    60_000,
    'ffmpeg to run in the sandbox',
  );

describe.skipIf(problem !== undefined)('video-processing ends with its step', () => {
  it('a run cancelled mid-ffmpeg, then a worker killed mid-ffmpeg, leave no process', async () => {
    const workspaceRoot = await mkdtemp(join(tmpdir(), 'orc-video-cancel-'));
    // Ten seconds of a still 1280x720 picture, repeated to an hour by copying packets (3 MB, in a
    // second): decoding it takes ffmpeg half a minute of CPU and more.
    writeColourClip(join(workspaceRoot, 'ten-seconds.mp4'), {
      scenes: [{ colour: 'red', seconds: 10 }],
      width: 1280,
      height: 720,
      fps: 25,
      codec: 'h264',
    });
    writeLooped(join(workspaceRoot, 'ten-seconds.mp4'), join(workspaceRoot, `${MARKER}.mp4`), 360);
    const taskQueue = uniqueTaskQueue('video-cancel');
    const connection = await Connection.connect({ address: inject('temporalAddress') });
    const environment = {
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      ORC_DATA_DIR: inject('dataDir'),
      ORC_WORKSPACE: workspaceRoot,
      ORC_TASK_QUEUE: taskQueue,
    };
    const worker = await spawnWorker(environment);
    const handles: WorkflowHandle[] = [];
    try {
      const client = new Client({ connection, dataConverter: orcDataConverter(inject('dataDir')) });
      const engine = { client, taskQueue, workspaceRoot };
      const cancelled = await startPipeline(engine, compileText(PIPELINE));
      handles.push(cancelled);
      await ffmpegRunning();
      await cancelled.cancel();
      await within(
        cancelled.result().catch(() => undefined),
        60_000,
        () => 'the cancelled run did not end',
      );
      expect((await cancelled.describe()).status.name).toBe('CANCELLED');
      // The step is reported cancelled only once the sandbox's processes are gone.
      expect(processesWith(MARKER)).toEqual([]);

      const killed = await startPipeline(engine, compileText(PIPELINE));
      handles.push(killed);
      await ffmpegRunning();
      const sandbox = snapshotWith(MARKER);
      await worker.stop('SIGKILL');
      expect(await survivorsOf(sandbox, 15_000)).toEqual([]);
    } finally {
      for (const handle of handles) await handle.terminate('test over').catch(() => undefined);
      await worker.stop('SIGTERM');
      killProcessesWith(MARKER);
      await connection.close();
    }
  }, 180_000);
});

function isFfmpeg(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith('/usr/bin/ffmpeg');
  } catch {
    return false;
  }
}
