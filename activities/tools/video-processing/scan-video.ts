// One ffmpeg pass over a video for `analyze`: the frames where the picture changes (ffmpeg's
// scene score above 0.3, py-orc's threshold of a changed picture), the average colour of a frame
// every half second (named with py-orc's thresholds), and the first frame and those of the first
// scene changes written as JPEG key frames, for the vision model to look at. The `showinfo`
// filter reports each frame's time and its planes' means on stderr, which is parsed here.
import type { ToolContext } from '../tool-implementation.js';
import { FFMPEG_START, INPUT_OPTIONS, runVideoProgram, type SandboxPath } from './sandboxed-ffmpeg.js';
import { round } from './video-info.js';

export const SCENE_THRESHOLD = 0.3;
/** At most this many colour samples (two a second below a minute), so stderr stays small. */
const COLOUR_SAMPLES = 120;
export const KEY_FRAMES = 4;
const KEY_FRAME_WIDTH = 512;

export interface VideoScan {
  scene_changes: number[];
  dominant_colors: string[];
  /** How many key frames were written (key_frame_0000.jpg, …). */
  keyFrames: number;
}

export async function scanVideo(
  input: SandboxPath,
  output: SandboxPath,
  scan: { shown: string; duration: number; timeoutSeconds: number },
  context: ToolContext,
): Promise<VideoScan> {
  const samplesPerSecond = scan.duration > 0 ? Math.min(2, COLOUR_SAMPLES / scan.duration) : 2;
  const graph = [
    '[0:v]split[s][c]',
    `[s]select='eq(n,0)+gt(scene,${SCENE_THRESHOLD})',showinfo@scenes,scale='min(${KEY_FRAME_WIDTH},iw)':-2[keys]`,
    `[c]fps=${samplesPerSecond},scale=1:1:flags=area,format=gbrp,showinfo@colours[rest]`,
  ].join(';');
  const { stderr } = await runVideoProgram(
    {
      program: 'ffmpeg',
      args: (paths) => [
        ...FFMPEG_START,
        ...INPUT_OPTIONS,
        '-i',
        input(paths),
        '-filter_complex',
        graph,
        '-map',
        '[keys]',
        '-frames:v',
        String(KEY_FRAMES),
        '-vsync',
        'vfr',
        '-start_number',
        '0',
        '-y',
        `${output(paths)}/key_frame_%04d.jpg`,
        '-map',
        '[rest]',
        '-f',
        'null',
        '-',
      ],
      timeoutSeconds: scan.timeoutSeconds,
      purpose: `to analyse "${scan.shown}"`,
    },
    context,
  );
  const scenes = framesOf(stderr, 'scenes');
  const colours = framesOf(stderr, 'colours').map(({ means }) => colourName(means));
  return {
    // The first selected frame is the video's first, not a change.
    scene_changes: scenes.slice(1).map(({ time }) => round(time, 2)),
    dominant_colors: [...new Set(colours)].slice(0, 5),
    keyFrames: Math.min(KEY_FRAMES, scenes.length),
  };
}

/** The frames a named showinfo filter reported: their time and plane means (G, B, R for gbrp). */
function framesOf(stderr: string, name: string): Array<{ time: number; means: number[] }> {
  const frames: Array<{ time: number; means: number[] }> = [];
  const line = new RegExp(`^\\[showinfo@${name} @ [^\\]]+\\] n: *\\d+ .*pts_time:(\\S+) .*mean:\\[([\\d ]+)\\]`, 'gm');
  for (const match of stderr.matchAll(line))
    frames.push({ time: Number(match[1]), means: match[2]!.trim().split(/\s+/).map(Number) });
  return frames;
}

/** py-orc's names for a frame's average colour (its OpenCV BGR thresholds, read as R, G, B). */
function colourName([green = 0, blue = 0, red = 0]: number[]): string {
  if (red > 150 && green > 150 && blue < 100) return 'yellow';
  if (red > 150 && green < 100 && blue < 100) return 'red';
  if (red < 100 && green > 150 && blue < 100) return 'green';
  if (red < 100 && green < 100 && blue > 150) return 'blue';
  if (red > 200 && green > 200 && blue > 200) return 'white';
  if (red < 50 && green < 50 && blue < 50) return 'black';
  if (red > 150 && green > 100 && blue < 100) return 'orange';
  return 'mixed';
}
