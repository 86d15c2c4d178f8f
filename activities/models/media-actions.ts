// The media actions of model steps: generate_image, transcribe_audio, generate_speech. Each
// asks the provider through its adapter, writes what it made into the workspace (never into
// history: the result holds paths), and answers paths, sizes, media types, usage and cost.
import { writeWorkspaceFile } from '../tools/index.js';
import type { ModelCallInput, ModelCallOutput } from '../../workflows/activity-interfaces.js';
import { loadMedia, type MediaSource } from './media/index.js';
import { mediaCostOf, type ModelEntry, type ModelRegistry } from './registry/index.js';
import { ModelError, type GenerateOptions, type MediaRequest, type MediaResponse, type ModelAdapter } from './types.js';

export const MEDIA_ACTIONS: ReadonlySet<string> = new Set(['generate_image', 'transcribe_audio', 'generate_speech']);

const CAPABILITY_OF_ACTION: Readonly<Record<string, string>> = {
  generate_image: 'image_generation',
  transcribe_audio: 'transcription',
  generate_speech: 'speech',
};

const MAX_IMAGES = 10;

export interface MediaCall {
  input: ModelCallInput;
  found: { provider: string; name: string; entry?: ModelEntry };
  adapter: ModelAdapter;
  registry: ModelRegistry;
  media: MediaSource | undefined;
  options: GenerateOptions;
}

export async function runMediaAction(call: MediaCall): Promise<Omit<ModelCallOutput, 'attempt'>> {
  const { input, found } = call;
  const capability = CAPABILITY_OF_ACTION[input.action]!;
  const reference = `${found.provider}:${found.name}`;
  if (found.entry && call.registry.models.includes(found.entry) && !found.entry.capabilities.includes(capability))
    throw new ModelError(
      'InvalidRequest',
      `${input.action}: model "${reference}" cannot do it (the model registry gives it no "${capability}" capability); leave the model out to have the cheapest one that can chosen, or name one (\`orc models\`)`,
    );
  if (!call.media) throw new ModelError('InvalidRequest', 'this worker has no workspace to write media into');
  const made = await ask(call, call.media);
  return { ...made, model: reference };
}

async function ask(call: MediaCall, media: MediaSource): Promise<Omit<ModelCallOutput, 'attempt' | 'model'>> {
  const { input, found } = call;
  const parameters = input.parameters;
  if (input.action === 'generate_image') {
    const count = Math.min(MAX_IMAGES, Math.max(1, Number(parameters.n ?? parameters.num_images ?? 1) || 1));
    const response = await makeMedia(call, {
      kind: 'image',
      model: found.name,
      prompt: String(parameters.prompt ?? ''),
      count,
      ...optionalStrings(parameters, ['size', 'quality', 'style']),
    });
    const folder = String(parameters.output_dir ?? `media/${input.step_id}`).replace(/\/+$/, '');
    const images = await writeAll(media, response, (index) => `${folder}/image-${index + 1}.png`);
    return {
      // null, not absent, where the provider rewrites nothing: every provider's result has the same fields.
      result: { images, revised_prompt: response.revised_prompt ?? null },
      ...priced(call, response, { images: images.length }),
    };
  }
  if (input.action === 'transcribe_audio') {
    const [audio] = await loadMedia([parameters.audio], media, {
      model: found.name,
      providerKind: kindOf(call),
      signal: call.options.signal,
    });
    if (!audio || audio.kind !== 'audio')
      throw new ModelError(
        'InvalidRequest',
        `transcribe_audio: "audio" must be a WAV or MP3 file, not ${audio?.media_type ?? 'nothing'}`,
      );
    const response = await makeMedia(call, {
      kind: 'transcription',
      model: found.name,
      audio,
      ...optionalStrings(parameters, ['language', 'prompt']),
    });
    const seconds = response.duration_s ?? wavSeconds(Buffer.from(audio.data, 'base64'));
    return {
      result: {
        text: response.text ?? '',
        ...(response.language ? { language: response.language } : {}),
        ...(seconds !== undefined ? { duration_s: seconds } : {}),
      },
      ...priced(call, response, { seconds }),
    };
  }
  const format = parameters.format === 'wav' ? 'wav' : 'mp3';
  const text = String(parameters.text ?? '');
  const response = await makeMedia(call, {
    kind: 'speech',
    model: found.name,
    text,
    voice: String(parameters.voice ?? 'alloy'),
    format,
  });
  const path = String(parameters.output_path ?? `media/${input.step_id}.${format}`);
  const [file] = await writeAll(media, response, () => path);
  return { result: file, ...priced(call, response, { characters: text.length }) };
}

async function makeMedia(call: MediaCall, request: MediaRequest): Promise<MediaResponse> {
  if (!call.adapter.makeMedia)
    throw new ModelError(
      'InvalidRequest',
      `provider "${call.found.provider}" makes no images, transcriptions or speech`,
    );
  return call.adapter.makeMedia(request, call.options);
}

async function writeAll(media: MediaSource, response: MediaResponse, pathOf: (index: number) => string) {
  const written = [];
  for (const [index, file] of response.files.entries()) {
    const path = pathOf(index);
    const size = await writeWorkspaceFile(media.workspaceRoot, path, file.data);
    written.push({ path, size_bytes: size, media_type: file.media_type });
  }
  return written;
}

function priced(
  call: MediaCall,
  response: MediaResponse,
  made: { images?: number; seconds?: number; characters?: number },
): Pick<ModelCallOutput, 'usage' | 'cost_usd'> {
  const cost = mediaCostOf(call.found.entry, { usage: response.usage, ...made });
  return { usage: response.usage, ...(cost !== undefined ? { cost_usd: cost } : {}) };
}

function optionalStrings(parameters: Record<string, unknown>, names: string[]): Record<string, string> {
  return Object.fromEntries(
    names
      .filter((name) => typeof parameters[name] === 'string' && parameters[name] !== '')
      .map((name) => [name, String(parameters[name])]),
  );
}

function kindOf(call: MediaCall): string {
  return call.registry.providers[call.found.provider]?.kind ?? 'openai';
}

/** A WAV's length from its header (byte rate and data size), for per-minute prices. */
function wavSeconds(bytes: Buffer): number | undefined {
  if (bytes.subarray(8, 12).toString('latin1') !== 'WAVE' || bytes.length < 44) return undefined;
  const byteRate = bytes.readUInt32LE(28);
  return byteRate > 0 ? bytes.readUInt32LE(40) / byteRate : undefined;
}
