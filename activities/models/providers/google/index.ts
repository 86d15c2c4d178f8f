// The Google adapter over @google/genai (the Gemini API), streamed.
import { GoogleGenAI } from '@google/genai';
import type {
  GenerateOptions,
  MediaRequest,
  MediaResponse,
  ModelAdapter,
  ModelRequest,
  ModelResponse,
} from '../../types.js';
import { ModelError } from '../../types.js';
import { callWithDeadline } from '../shared/call-with-deadline.js';
import { withStructuredOutput } from '../shared/parse-json.js';
import { untilAborted } from '../shared/until-aborted.js';
import { collectGoogleStream } from './collect-google-stream.js';
import { generateGoogleImages } from './google-images.js';
import { mapGoogleError } from './map-google-error.js';
import { mapGoogleRequest } from './map-google-request.js';
import { withoutUndiciTimeouts } from './without-undici-timeouts.js';

export interface GoogleAdapterOptions {
  apiKey: string;
  /** Defaults to the Gemini API; the SDK appends `/v1beta/models/…`. */
  baseURL?: string;
}

export function createGoogleAdapter(options: GoogleAdapterOptions): ModelAdapter {
  const client = new GoogleGenAI({
    apiKey: options.apiKey,
    vertexai: false,
    ...(options.baseURL ? { httpOptions: { baseUrl: options.baseURL } } : {}),
  });
  const adapter: ModelAdapter = {
    provider: 'google',
    // Gemini has no transcription endpoint: its models hear audio, so a transcription is a
    // generate call with the audio as an inlineData part and the instruction to transcribe.
    async makeMedia(request: MediaRequest, options: GenerateOptions = {}): Promise<MediaResponse> {
      if (request.kind === 'image') {
        const http = headerKeepingFetch();
        return callWithDeadline(
          'google',
          options,
          (error) => mapGoogleError(error, http.lastHeaders()),
          (signal) =>
            generateGoogleImages(client, request, { abortSignal: signal, httpOptions: { fetch: http.fetch } }),
        );
      }
      if (request.kind !== 'transcription')
        throw new ModelError('InvalidRequest', `google: ${request.kind} is not offered for Gemini models here`, {
          provider: 'google',
        });
      const language = request.language ? ` The speech is in ${request.language}.` : '';
      const response = await adapter.generate(
        {
          model: request.model,
          system: `Transcribe the audio exactly, word for word. Answer with the transcript only.${language}`,
          messages: [{ role: 'user', content: request.prompt ?? 'Transcribe this recording.', media: [request.audio] }],
          temperature: 0,
        },
        options,
      );
      return { files: [], text: response.text.trim(), usage: response.usage, model: response.model };
    },
    async generate(request: ModelRequest, generateOptions: GenerateOptions = {}): Promise<ModelResponse> {
      const http = headerKeepingFetch();
      return callWithDeadline(
        'google',
        generateOptions,
        (error) => mapGoogleError(error, http.lastHeaders()),
        async (signal) => {
          const stream = await client.models.generateContentStream(
            mapGoogleRequest(request, { abortSignal: signal, httpOptions: { fetch: http.fetch } }),
          );
          return withStructuredOutput(
            request,
            await collectGoogleStream(untilAborted(stream, signal), generateOptions.onProgress),
          );
        },
      );
    },
  };
  return adapter;
}

/**
 * The SDK's ApiError drops the response headers; a call's own fetch keeps them for Retry-After.
 * With a fetch of ours the SDK no longer lifts undici's 300 s timeouts, so it does that too:
 * `timeoutMs` is the deadline that counts.
 */
function headerKeepingFetch(): { fetch: typeof fetch; lastHeaders: () => Headers | undefined } {
  let lastHeaders: Headers | undefined;
  const dispatcher = withoutUndiciTimeouts();
  return {
    fetch: async (input, init) => {
      const response = await fetch(input, { ...init, ...(dispatcher ? { dispatcher } : {}) } as RequestInit);
      lastHeaders = response.headers;
      return response;
    },
    lastHeaders: () => lastHeaders,
  };
}
