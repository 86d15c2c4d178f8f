// Small real videos made at test time with Debian's ffmpeg (no binary fixtures): a clip whose
// picture changes colour at known moments, with a sine tone as its audio track.
import { execFileSync } from 'node:child_process';
import { findExecutable } from '../../activities/sandbox/index.js';

/** Why video tests cannot run here, or undefined. */
export function ffmpegProblem(): string | undefined {
  return findExecutable('ffmpeg') && findExecutable('ffprobe')
    ? undefined
    : 'ffmpeg and ffprobe are not installed (apt-get install ffmpeg)';
}

export interface ColourClip {
  /** Each scene's colour (an ffmpeg colour name) and its length in seconds. */
  scenes: ReadonlyArray<{ colour: string; seconds: number }>;
  width?: number;
  height?: number;
  fps?: number;
  /** A sine tone of this many Hz at 8000 samples a second, as long as the picture; none without. */
  toneHz?: number;
  /** mpeg4 (default; fast to make) or h264 (a still picture costs next to nothing, so long videos stay small). */
  codec?: 'mpeg4' | 'h264';
}

/** Writes the clip (a few KB) to `path`. */
export function writeColourClip(path: string, clip: ColourClip): void {
  const { width = 64, height = 48, fps = 10 } = clip;
  const seconds = clip.scenes.reduce((sum, scene) => sum + scene.seconds, 0);
  const pictures = clip.scenes.map(
    (scene, index) => `color=c=${scene.colour}:s=${width}x${height}:r=${fps}:d=${scene.seconds}[p${index}]`,
  );
  const joined = `${clip.scenes.map((_, index) => `[p${index}]`).join('')}concat=n=${clip.scenes.length}:v=1:a=0,format=yuv420p[v]`;
  const tone = clip.toneHz ? [`sine=frequency=${clip.toneHz}:duration=${seconds}:sample_rate=8000[a]`] : [];
  execFileSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-y',
      '-filter_complex',
      [...pictures, joined, ...tone].join(';'),
      '-map',
      '[v]',
      ...(clip.toneHz ? ['-map', '[a]', '-c:a', 'aac', '-b:a', '16k'] : []),
      ...(clip.codec === 'h264' ? ['-c:v', 'libx264', '-preset', 'ultrafast'] : ['-c:v', 'mpeg4']),
      '-g',
      String(fps * 10),
      path,
    ],
    { timeout: 30_000, stdio: ['ignore', 'ignore', 'pipe'] },
  );
}

/** A long video from a short one by repeating its packets (no encoding: a fraction of a second). */
export function writeLooped(source: string, path: string, times: number): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-stream_loop', String(times - 1), '-i', source, '-c', 'copy', path], {
    timeout: 30_000,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/** A one-colour JPEG still (a few hundred bytes). */
export function writeStillImage(path: string, colour: string, size = '32x32'): void {
  execFileSync(
    'ffmpeg',
    ['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=${colour}:s=${size}`, '-frames:v', '1', path],
    {
      timeout: 30_000,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
}
