// extract_frames and extract_audio: ffmpeg in the sandbox writes JPEG frames or a 16-bit PCM WAV
// into a workspace folder. Frames are chosen as py-orc chooses them: the first at `start_time`,
// then one each `frame_interval` seconds, at most 100.
import { ERROR_TYPES } from '../../../workflows/activity-interfaces.js';
import { toolFailure } from '../../tool-failure.js';
import type { ToolContext } from '../tool-implementation.js';
import { FFMPEG_START, INPUT_OPTIONS, runVideoProgram, type SandboxPath } from './sandboxed-ffmpeg.js';
import { round } from './video-info.js';

export const MAX_FRAMES = 100;
// A frame's time is a fraction of the stream's time base: a frame due at exactly one interval
// may read a hair earlier.
const TIME_SLACK = 0.001;

export interface Span {
  start: number;
  end?: number;
}

export interface ExtractRun {
  input: SandboxPath;
  output: SandboxPath;
  shown: string;
  span: Span;
  timeoutSeconds: number;
}

/** The frames' times, in order; the files are frame_0000.jpg, frame_0001.jpg, … */
export async function extractFrames(run: ExtractRun, interval: number, context: ToolContext): Promise<number[]> {
  const select = `select='isnan(prev_selected_t)+gte(t-prev_selected_t,${Math.max(interval - TIME_SLACK, 0)})'`;
  const { stderr } = await runVideoProgram(
    {
      program: 'ffmpeg',
      args: (paths) => [
        ...FFMPEG_START,
        ...spanOptions(run.span),
        ...INPUT_OPTIONS,
        '-i',
        run.input(paths),
        '-vf',
        `${select},showinfo@frames`,
        '-frames:v',
        String(MAX_FRAMES),
        '-vsync',
        'vfr',
        '-q:v',
        '3',
        '-start_number',
        '0',
        '-y',
        `${run.output(paths)}/frame_%04d.jpg`,
      ],
      timeoutSeconds: run.timeoutSeconds,
      purpose: `to extract frames from "${run.shown}"`,
    },
    context,
  );
  const times = [...stderr.matchAll(/^\[showinfo@frames @ [^\]]+\] n: *\d+ .*pts_time:(\S+) /gm)].map((match) =>
    round(run.span.start + Number(match[1]), 3),
  );
  return times.slice(0, MAX_FRAMES);
}

/** The video's first audio track as a 16-bit PCM WAV at extracted_audio.wav. */
export async function extractAudio(run: ExtractRun, context: ToolContext): Promise<void> {
  await runVideoProgram(
    {
      program: 'ffmpeg',
      args: (paths) => [
        ...FFMPEG_START,
        ...spanOptions(run.span),
        ...INPUT_OPTIONS,
        '-i',
        run.input(paths),
        '-map',
        '0:a:0',
        '-vn',
        '-c:a',
        'pcm_s16le',
        '-y',
        `${run.output(paths)}/extracted_audio.wav`,
      ],
      timeoutSeconds: run.timeoutSeconds,
      purpose: `to extract the audio of "${run.shown}"`,
    },
    context,
  );
}

/** `start_time`, `end_time` and `frame_interval`, checked. */
export function spanOf(parameters: Record<string, unknown>): Span {
  const start = numberOf(parameters, 'start_time', 0);
  const end =
    parameters.end_time === undefined || parameters.end_time === null ? undefined : numberOf(parameters, 'end_time', 0);
  if (start < 0) throw invalid(`"start_time" must be 0 or more seconds, not ${start}`);
  if (end !== undefined && end <= start) throw invalid(`"end_time" (${end}) must be after "start_time" (${start})`);
  return end === undefined ? { start } : { start, end };
}

export function intervalOf(parameters: Record<string, unknown>): number {
  const interval = numberOf(parameters, 'frame_interval', 1);
  if (interval <= 0) throw invalid(`"frame_interval" must be more than 0 seconds, not ${interval}`);
  return interval;
}

function spanOptions(span: Span): string[] {
  return [
    ...(span.start > 0 ? ['-ss', String(span.start)] : []),
    ...(span.end !== undefined ? ['-t', String(span.end - span.start)] : []),
  ];
}

function numberOf(parameters: Record<string, unknown>, name: string, fallback: number): number {
  const value = parameters[name] ?? fallback;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number))
    throw invalid(`"${name}" must be a number of seconds, not ${JSON.stringify(value)}`);
  return number;
}

export function invalid(message: string) {
  return toolFailure(ERROR_TYPES.toolError, `video-processing: ${message}`, { retryable: false });
}
