// OpenAI's media endpoints through the SDK: images (`/images/generations`, base64 answers so
// nothing is fetched from a URL that expires), transcriptions (`/audio/transcriptions`,
// multipart) and speech (`/audio/speech`, the audio bytes).
import { toFile, type OpenAI } from 'openai';
import type { ImageGenerateParams } from 'openai/resources/images';
import type { GenerateOptions, MediaRequest, MediaResponse } from '../../types.js';
import { ModelError } from '../../types.js';
import { callWithDeadline } from '../shared/call-with-deadline.js';
import { mapOpenAIError } from './map-openai-error.js';

export function openAIMediaMaker(provider: string, client: OpenAI) {
  return (request: MediaRequest, options: GenerateOptions = {}): Promise<MediaResponse> =>
    callWithDeadline(
      provider,
      options,
      (error) => mapOpenAIError(provider, error),
      (signal) => {
        if (request.kind === 'image') return generateImages(client, request, signal);
        if (request.kind === 'transcription') return transcribe(client, request, signal);
        return speak(client, request, signal);
      },
    );
}

async function generateImages(
  client: OpenAI,
  request: Extract<MediaRequest, { kind: 'image' }>,
  signal: AbortSignal,
): Promise<MediaResponse> {
  // DALL·E answers with URLs unless asked for base64; the GPT image models always send base64 and reject the field.
  const dallE = request.model.startsWith('dall-e');
  const params = {
    model: request.model,
    prompt: request.prompt,
    n: request.count,
    ...(request.size ? { size: request.size } : {}),
    ...(request.quality ? { quality: request.quality } : {}),
    ...(request.style && dallE ? { style: request.style } : {}),
    ...(dallE ? { response_format: 'b64_json' } : {}),
  } as ImageGenerateParams & { stream?: false };
  const response = await client.images.generate(params, { signal });
  const images = response.data ?? [];
  if (images.length === 0 || images.some((image) => typeof image.b64_json !== 'string'))
    throw new ModelError('MalformedResponse', 'the images answer holds no base64 image', { raw: response });
  return {
    files: images.map((image) => ({ data: Buffer.from(image.b64_json!, 'base64'), media_type: 'image/png' })),
    ...(images[0]?.revised_prompt ? { revised_prompt: images[0].revised_prompt } : {}),
    usage: { input_tokens: response.usage?.input_tokens, output_tokens: response.usage?.output_tokens },
    model: request.model,
  };
}

async function transcribe(
  client: OpenAI,
  request: Extract<MediaRequest, { kind: 'transcription' }>,
  signal: AbortSignal,
): Promise<MediaResponse> {
  const file = await toFile(
    Buffer.from(request.audio.data, 'base64'),
    `${request.audio.name}.${request.audio.format}`,
    {
      type: request.audio.media_type,
    },
  );
  // Only whisper-1 gives the language and duration (verbose_json); the newer models answer json.
  const verbose = request.model === 'whisper-1';
  const response = (await client.audio.transcriptions.create(
    {
      file,
      model: request.model,
      response_format: verbose ? 'verbose_json' : 'json',
      ...(request.language ? { language: request.language } : {}),
      ...(request.prompt ? { prompt: request.prompt } : {}),
    },
    { signal },
  )) as {
    text?: unknown;
    language?: string;
    duration?: number;
    usage?: { input_tokens?: number; output_tokens?: number };
  };
  if (typeof response.text !== 'string')
    throw new ModelError('MalformedResponse', 'the transcription answer holds no text', { raw: response });
  return {
    files: [],
    text: response.text,
    ...(response.language ? { language: response.language } : {}),
    ...(typeof response.duration === 'number' ? { duration_s: response.duration } : {}),
    usage: { input_tokens: response.usage?.input_tokens, output_tokens: response.usage?.output_tokens },
    model: request.model,
  };
}

async function speak(
  client: OpenAI,
  request: Extract<MediaRequest, { kind: 'speech' }>,
  signal: AbortSignal,
): Promise<MediaResponse> {
  const response = await client.audio.speech.create(
    { model: request.model, voice: request.voice, input: request.text, response_format: request.format },
    { signal },
  );
  const data = Buffer.from(await response.arrayBuffer());
  if (data.length === 0) throw new ModelError('MalformedResponse', 'the speech answer is empty');
  return {
    files: [{ data, media_type: request.format === 'wav' ? 'audio/wav' : 'audio/mpeg' }],
    usage: {},
    model: request.model,
  };
}
