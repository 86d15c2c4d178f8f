// py-orc's video-processing tool, our way: ffprobe and ffmpeg in the code sandbox (never on the
// worker) probe the video, find its scene changes and colours, and write frames or its audio
// into the workspace; `analyze` and `summarize` show the key frames to a vision model, as
// image-analysis shows it an image (docs/tools/media.md).
import { posix } from 'node:path';
import type { ToolContext, ToolImplementation } from '../tool-implementation.js';
import { modelsOf } from '../models-of.js';
import { openFileForReading, openWorkspaceFolder, statWorkspacePath, withWorkspace } from '../workspace-files/index.js';
import { withFileErrors } from '../file-errors.js';
import { extractAudio, extractFrames, intervalOf, invalid, spanOf, type ExtractRun } from './extract-media.js';
import { sandboxPath, timeoutSecondsOf } from './sandboxed-ffmpeg.js';
import { scanVideo } from './scan-video.js';
import { probeVideo, round, type ProbedVideo } from './video-info.js';

interface Prepared extends ExtractRun {
  folder: string;
  probed: ProbedVideo;
}

export const videoProcessing: ToolImplementation = {
  async execute(parameters, context) {
    const operation = String(parameters.operation ?? '');
    if (!OPERATIONS.has(operation))
      throw invalid(`operation "${operation}" is none of analyze, extract_frames, extract_audio, summarize`);
    const prepared = await prepare(parameters, context);
    if (operation === 'extract_frames') return framesResult(prepared, intervalOf(parameters), context);
    if (operation === 'extract_audio') return audioResult(prepared, context);
    const analysis = await analyse(prepared, parameters, context);
    if (operation === 'analyze') return { success: true, analysis: analysis.fields, metadata: analysis.metadata };
    const { video_info: info, detected_objects: objects, scene_changes: scenes } = analysis.fields;
    return {
      success: true,
      // py-orc's first sentence, then the model's own summary.
      summary: `Video Summary: Duration ${info.duration}s, Resolution ${info.resolution}, Detected: ${objects.slice(0, 3).join(', ')}. ${analysis.fields.summary}`,
      key_moments: scenes,
      metadata: { ...info, ...analysis.metadata },
    };
  },
};

const OPERATIONS = new Set(['analyze', 'extract_frames', 'extract_audio', 'summarize']);

/** The video checked to be a file in the workspace, probed; the output folder made. */
async function prepare(parameters: Record<string, unknown>, context: ToolContext): Promise<Prepared> {
  const shown = videoPathOf(parameters.video);
  const folder =
    typeof parameters.output_path === 'string' && parameters.output_path !== ''
      ? parameters.output_path
      : 'video_output';
  const span = spanOf(parameters);
  await withFileErrors(shown, () =>
    withWorkspace(context.workspaceRoot, (session) => openFileForReading(session, shown)),
  );
  await withFileErrors(folder, () =>
    withWorkspace(context.workspaceRoot, (session) => openWorkspaceFolder(session, folder, { create: true })),
  );
  const input = await sandboxPath(context.workspaceRoot, shown);
  const output = await sandboxPath(context.workspaceRoot, folder);
  const timeoutSeconds = timeoutSecondsOf(parameters.timeout);
  const probed = await probeVideo(input, shown, timeoutSeconds, context);
  return { input, output, shown, span, timeoutSeconds, folder: posix.normalize(folder), probed };
}

async function framesResult(prepared: Prepared, interval: number, context: ToolContext) {
  const times = await extractFrames(prepared, interval, context);
  return {
    success: true,
    frames: times.map((_, index) => frameName(prepared.folder, 'frame', index)),
    metadata: {
      num_frames: times.length,
      interval,
      output_directory: prepared.folder,
      timestamps: times,
    },
  };
}

async function audioResult(prepared: Prepared, context: ToolContext) {
  const { audio, info } = prepared.probed;
  if (!audio) throw invalid(`"${prepared.shown}" has no audio track to extract`);
  await extractAudio(prepared, context);
  const path = posix.join(prepared.folder, 'extracted_audio.wav');
  const size = await withWorkspace(context.workspaceRoot, (session) => statWorkspacePath(session, path));
  const end = Math.min(prepared.span.end ?? info.duration, info.duration);
  return {
    success: true,
    audio_path: path,
    metadata: {
      format: 'wav',
      duration: round(Math.max(end - prepared.span.start, 0), 3),
      sample_rate: audio.sample_rate,
      channels: audio.channels,
      size_bytes: size?.size ?? 0,
    },
  };
}

async function analyse(prepared: Prepared, parameters: Record<string, unknown>, context: ToolContext) {
  const { info } = prepared.probed;
  const scan = await scanVideo(
    prepared.input,
    prepared.output,
    { shown: prepared.shown, duration: info.duration, timeoutSeconds: prepared.timeoutSeconds },
    context,
  );
  const keyFrames = Array.from({ length: scan.keyFrames }, (_, index) =>
    frameName(prepared.folder, 'key_frame', index),
  );
  const times = [0, ...scan.scene_changes].slice(0, keyFrames.length);
  const prompt = [
    `These are ${keyFrames.length} key frames of a video of ${info.duration} seconds, at ${times.join(', ')} s.`,
    'Answer with JSON only: {"summary": "two or three sentences on what the video shows", "objects": ["each object or kind of thing you can see"]}.',
  ].join(' ');
  const answer = await modelsOf(context, 'so it cannot analyse a video').call({
    action: 'generate',
    capability: 'vision',
    ...(typeof parameters.model === 'string' ? { model: parameters.model } : {}),
    parameters: { prompt, media: keyFrames, temperature: 0.1, max_tokens: 1000 },
    context,
  });
  const { summary, objects } = readAnswer(String(answer.result));
  return {
    fields: {
      video_info: info,
      summary,
      detected_objects: objects,
      scene_changes: scan.scene_changes,
      dominant_colors: scan.dominant_colors,
      key_frames: keyFrames,
      model_used: answer.model,
    },
    metadata: { model: answer.model, tokens_used: answer.usage, cost_usd: answer.cost_usd },
  };
}

/** The model's JSON answer; a plain-text one is the summary, with no objects. */
function readAnswer(text: string): { summary: string; objects: string[] } {
  const match = /\{[\s\S]*\}/.exec(text);
  try {
    const parsed = match ? (JSON.parse(match[0]) as { summary?: unknown; objects?: unknown }) : undefined;
    if (parsed && typeof parsed.summary === 'string')
      return {
        summary: parsed.summary,
        objects: Array.isArray(parsed.objects) ? parsed.objects.map(String) : [],
      };
  } catch {
    // Not JSON after all: the text is the summary.
  }
  return { summary: text.trim(), objects: [] };
}

function videoPathOf(video: unknown): string {
  const path = typeof video === 'string' ? video : (video as { file?: unknown } | null)?.file;
  if (typeof path !== 'string' || path.trim() === '')
    throw invalid(
      `"video" must be a workspace path (or {file: …}), not ${JSON.stringify(video)}; fetch a video from the web into the workspace first (web tool, download)`,
    );
  return path;
}

function frameName(folder: string, kind: string, index: number): string {
  return posix.join(folder, `${kind}_${String(index).padStart(4, '0')}.jpg`);
}
