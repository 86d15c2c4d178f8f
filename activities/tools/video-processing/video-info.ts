// What ffprobe says about a video, in py-orc's `video_info` fields (and a few more it lacks).
import { ERROR_TYPES } from '../../../workflows/activity-interfaces.js';
import { toolFailure } from '../../tool-failure.js';
import type { ToolContext } from '../tool-implementation.js';
import { INPUT_OPTIONS, runVideoProgram, type SandboxPath } from './sandboxed-ffmpeg.js';

export interface VideoInfo {
  duration: number;
  fps: number;
  resolution: string;
  width: number;
  height: number;
  frame_count: number;
  codec: string;
  format: string;
  has_audio: boolean;
}

export interface ProbedVideo {
  info: VideoInfo;
  /** The first audio track's format (extract_audio keeps it). */
  audio?: { sample_rate: number; channels: number };
}

interface ProbedStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  nb_frames?: string;
  duration?: string;
  sample_rate?: string;
  channels?: number;
}

export async function probeVideo(
  input: SandboxPath,
  shown: string,
  timeoutSeconds: number,
  context: ToolContext,
): Promise<ProbedVideo> {
  const { stdout } = await runVideoProgram(
    {
      program: 'ffprobe',
      args: (paths) => [
        '-v',
        'error',
        '-print_format',
        'json',
        '-show_format',
        '-show_streams',
        ...INPUT_OPTIONS,
        input(paths),
      ],
      timeoutSeconds,
      purpose: `to read "${shown}"`,
    },
    context,
  );
  const probed = JSON.parse(stdout) as {
    streams?: ProbedStream[];
    format?: { duration?: string; format_name?: string };
  };
  const streams = probed.streams ?? [];
  const video = streams.find((stream) => stream.codec_type === 'video');
  if (!video)
    throw toolFailure(ERROR_TYPES.toolError, `video-processing: "${shown}" has no video stream`, { retryable: false });
  const fps = rate(video.avg_frame_rate) || rate(video.r_frame_rate);
  const duration = round(Number(probed.format?.duration ?? video.duration ?? 0) || 0, 3);
  const width = video.width ?? 0;
  const height = video.height ?? 0;
  const audio = streams.find((stream) => stream.codec_type === 'audio');
  const info = {
    duration,
    fps: round(fps, 3),
    resolution: `${width}x${height}`,
    width,
    height,
    frame_count: Number(video.nb_frames) || Math.round(duration * fps),
    codec: video.codec_name ?? 'unknown',
    format: (probed.format?.format_name ?? 'unknown').split(',')[0]!,
    has_audio: audio !== undefined,
  };
  return audio
    ? { info, audio: { sample_rate: Number(audio.sample_rate) || 0, channels: audio.channels ?? 0 } }
    : { info };
}

/** "30000/1001" → 29.97; "0/0" → 0. */
function rate(text: string | undefined): number {
  const [numerator, denominator] = (text ?? '').split('/').map(Number);
  return numerator && denominator ? numerator / denominator : 0;
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
