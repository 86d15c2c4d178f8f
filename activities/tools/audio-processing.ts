// py-orc's audio-processing tool, our way: `transcribe` is a transcription model's call (as the
// transcribe_audio model action makes it); `analyze` reads a WAV file's header and samples on
// the worker (with py-orc's librosa figures, audio-features.ts). py-orc's `enhance` and
// `convert` need an audio toolchain and are refused.
import { ERROR_TYPES } from '../../workflows/activity-interfaces.js';
import { toolFailure } from '../tool-failure.js';
import { modelsOf } from './models-of.js';
import type { ToolContext, ToolImplementation } from './tool-implementation.js';
import { readWorkspaceFile } from './workspace-files/index.js';
import { audioFeatures } from './audio-features.js';

export const audioProcessing: ToolImplementation = {
  async execute(parameters, context) {
    const operation = String(parameters.operation ?? '');
    if (operation === 'transcribe') return transcribe(parameters, context);
    if (operation === 'analyze')
      return { success: true, analysis: analyzeWav(await audioBytes(parameters, context), parameters.audio) };
    throw toolFailure(
      ERROR_TYPES.toolError,
      `audio-processing: operation "${operation}" is not offered: transcribe and analyze are (enhance and convert need an audio toolchain this worker does not have)`,
      { retryable: false },
    );
  },
};

async function transcribe(parameters: Record<string, unknown>, context: ToolContext) {
  const answer = await modelsOf(context, 'so it cannot transcribe').call({
    action: 'transcribe_audio',
    capability: 'transcription',
    ...(typeof parameters.model === 'string' ? { model: parameters.model } : {}),
    parameters: {
      audio: parameters.audio,
      ...(typeof parameters.language === 'string' ? { language: parameters.language } : {}),
    },
    context,
  });
  const result = answer.result as { text: string; language?: string; duration_s?: number };
  return {
    success: true,
    transcription: result.text,
    metadata: {
      language: result.language ?? parameters.language ?? null,
      duration: result.duration_s ?? null,
      model: answer.model,
      cost_usd: answer.cost_usd,
    },
  };
}

async function audioBytes(parameters: Record<string, unknown>, context: ToolContext): Promise<Buffer> {
  const audio = parameters.audio;
  const path = typeof audio === 'string' ? audio : (audio as { file?: unknown } | null)?.file;
  if (typeof path !== 'string')
    throw toolFailure(
      ERROR_TYPES.toolError,
      'audio-processing analyze: "audio" must be a workspace path (or {file: …})',
      {
        retryable: false,
      },
    );
  return readWorkspaceFile(context.workspaceRoot, path);
}

/** Format, length and loudness of a 16-bit PCM WAV, from its header and samples. */
function analyzeWav(bytes: Buffer, source: unknown) {
  if (bytes.subarray(0, 4).toString('latin1') !== 'RIFF' || bytes.subarray(8, 12).toString('latin1') !== 'WAVE')
    throw toolFailure(
      ERROR_TYPES.toolError,
      `audio-processing analyze: ${JSON.stringify(source)} is not a WAV file (analyze reads 16-bit PCM WAV)`,
      { retryable: false },
    );
  const format = chunk(bytes, 'fmt ');
  const data = chunk(bytes, 'data');
  if (!format || !data || format.readUInt16LE(0) !== 1 || format.readUInt16LE(14) !== 16)
    throw toolFailure(ERROR_TYPES.toolError, 'audio-processing analyze: only 16-bit PCM WAV is read', {
      retryable: false,
    });
  const channels = format.readUInt16LE(2);
  const sampleRate = format.readUInt32LE(4);
  const samples = Math.floor(data.length / 2);
  let peak = 0;
  let squares = 0;
  let crossings = 0;
  let previous = 0;
  for (let index = 0; index < samples; index += 1) {
    const value = data.readInt16LE(index * 2) / 32768;
    peak = Math.max(peak, Math.abs(value));
    squares += value * value;
    // A crossing is a change between negative and non-negative (a sample of 0 is no crossing of its own).
    if (index > 0 && value < 0 !== previous < 0) crossings += 1;
    previous = value;
  }
  const rms = samples ? Math.sqrt(squares / samples) : 0;
  const features = audioFeatures(monoOf(data, channels), sampleRate);
  const decibels = rms > 0 ? 20 * Math.log10(rms) : -Infinity;
  return {
    format: 'wav',
    duration: samples / channels / sampleRate,
    sample_rate: sampleRate,
    channels,
    analysis: {
      peak_amplitude: peak,
      rms_energy: rms,
      zero_crossing_rate: samples > 1 ? crossings / (samples - 1) : 0,
      volume_level: decibels < -40 ? 'quiet' : decibels < -12 ? 'normal' : 'loud',
      ...features,
    },
  };
}

/** The channels' mean, sample by sample (py-orc analyses the mono mix). */
function monoOf(data: Buffer, channels: number): Float64Array {
  const frames = Math.floor(data.length / 2 / channels);
  const mono = new Float64Array(frames);
  for (let frame = 0; frame < frames; frame += 1) {
    let sum = 0;
    for (let channel = 0; channel < channels; channel += 1) sum += data.readInt16LE((frame * channels + channel) * 2);
    mono[frame] = sum / channels / 32768;
  }
  return mono;
}

function chunk(bytes: Buffer, id: string): Buffer | undefined {
  for (let offset = 12; offset + 8 <= bytes.length;) {
    const size = bytes.readUInt32LE(offset + 4);
    if (bytes.subarray(offset, offset + 4).toString('latin1') === id)
      return bytes.subarray(offset + 8, offset + 8 + size);
    offset += 8 + size + (size % 2);
  }
  return undefined;
}
