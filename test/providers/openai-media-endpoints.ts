// OpenAI's media endpoints on the fake server: `POST /v1/images/generations` (base64 PNGs),
// `/v1/audio/transcriptions` (multipart upload; json or verbose_json) and `/v1/audio/speech`
// (the audio bytes). They check what the real API checks (a prompt, a known audio format, the
// file's bytes) and answer with small real PNG and WAV files made in code.
import type { AnswerContext, HttpAnswer, Route } from './fake-server.js';
import { JSON_HEADERS } from './fake-server.js';
import { invalidMedia, seenMedia } from './media-parts.js';
import { pngImage, wavAudio } from './media-samples.js';
import type { ReplyPlan } from './plan.js';
import { textOf } from './plan.js';
import type { SeenRequest } from './seen-request.js';
import { asObject, type Json } from './wire-helpers.js';

const ENDPOINTS: Record<string, string> = {
  '/v1/images/generations': 'images',
  '/v1/audio/transcriptions': 'transcriptions',
  '/v1/audio/speech': 'speech',
};

/** What the transcriptions endpoint takes, by extension, and the types we check the bytes against. */
const AUDIO_EXTENSIONS: Record<string, string> = {
  wav: 'audio/wav',
  mp3: 'audio/mpeg',
  mpeg: 'audio/mpeg',
  mpga: 'audio/mpeg',
};

export function mediaRoute(method: string, url: URL, body: unknown): Route | undefined {
  const endpoint = ENDPOINTS[url.pathname];
  if (method !== 'POST' || !endpoint) return undefined;
  return { model: String(asObject(body).model ?? ''), stream: false, endpoint };
}

export function invalidMediaRequest(body: unknown, route: Route): string | undefined {
  const request = asObject(body);
  if (typeof request.model !== 'string' || request.model === '') return 'you must provide a model parameter';
  if (route.endpoint === 'images') {
    if (typeof request.prompt !== 'string' || request.prompt === '') return "'prompt' is a required property";
    const count = request.n ?? 1;
    if (typeof count !== 'number' || count < 1 || count > 10)
      return `Invalid 'n': integer between 1 and 10 expected, got ${String(count)}.`;
    return undefined;
  }
  if (route.endpoint === 'speech') {
    if (typeof request.input !== 'string' || request.input === '') return "'input' is a required property";
    if (typeof request.voice !== 'string') return "'voice' is a required property";
    return undefined;
  }
  const file = asObject(request.file);
  if (typeof file.data !== 'string') return "'file' is a required property";
  const extension =
    String(file.filename ?? '')
      .split('.')
      .pop()
      ?.toLowerCase() ?? '';
  const mediaType = AUDIO_EXTENSIONS[extension];
  if (!mediaType)
    return `Invalid file format. Supported formats: ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm']`;
  const problem = invalidMedia(mediaType, file.data, ['audio/wav', 'audio/mpeg']);
  return problem ? `Audio file might be corrupted or unsupported: ${problem}` : undefined;
}

export function readMediaRequest(body: unknown, route: Route, apiKey: string | undefined): SeenRequest {
  const request = asObject(body);
  const file = asObject(request.file);
  const text = String(request.prompt ?? request.input ?? '');
  const media =
    typeof file.data === 'string'
      ? [
          seenMedia(
            AUDIO_EXTENSIONS[String(file.filename).split('.').pop() ?? ''] ?? String(file.content_type),
            file.data,
          ),
        ]
      : undefined;
  return {
    model: route.model,
    stream: false,
    apiKey,
    endpoint: route.endpoint,
    messages: [{ role: 'user', text, ...(media ? { media } : {}) }],
    tools: [],
  };
}

export function mediaAnswer(plan: ReplyPlan, context: AnswerContext): HttpAnswer {
  const request = asObject(context.body);
  if (context.endpoint === 'images') {
    const count = Number(request.n ?? 1);
    const image = pngImage(8, 8, [30, 90, 200]).toString('base64');
    const data: Json[] = Array.from({ length: count }, () => ({
      b64_json: image,
      ...(context.model === 'dall-e-3' ? { revised_prompt: `${String(request.prompt)} (revised)` } : {}),
    }));
    const usage =
      plan.usage === null
        ? undefined
        : { input_tokens: plan.usage?.input ?? 20, output_tokens: plan.usage?.output ?? 272 * count };
    return {
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify({
        created: 1_750_000_000 + context.sequence,
        data,
        ...(context.model.startsWith('gpt-image') && usage ? { usage } : {}),
      }),
    };
  }
  if (context.endpoint === 'transcriptions') {
    const text = textOf(plan);
    const verbose = request.response_format === 'verbose_json';
    return {
      status: 200,
      headers: JSON_HEADERS,
      body: JSON.stringify(
        verbose ? { task: 'transcribe', language: 'english', duration: 2.5, text, segments: [] } : { text },
      ),
    };
  }
  const wav = request.response_format === 'wav';
  return {
    status: 200,
    headers: { 'content-type': wav ? 'audio/wav' : 'audio/mpeg' },
    body: wav ? wavAudio(0.2) : silentMp3(),
  };
}

/** Silent MPEG-1 Layer III frames (128 kb/s, 44.1 kHz) behind an ID3v2 header. */
function silentMp3(): Buffer {
  const id3 = Buffer.from([0x49, 0x44, 0x33, 0x04, 0, 0, 0, 0, 0, 0]);
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0x64]);
  return Buffer.concat([id3, frame, frame, frame]);
}
