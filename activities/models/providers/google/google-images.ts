// Images from Google: Gemini's image models (gemini-2.5-flash-image) through `generateContent`
// asking for IMAGE output; the answer holds base64 bytes, so nothing is fetched from an address
// that expires. No rewritten prompt comes back, so `revised_prompt` stays unset (null in the
// result). Imagen is refused with a clear message: @google/genai 2.x throws on `generateImages`
// outside Vertex AI and marks it deprecated in favour of generateContent with image models.
import type { GenerateContentResponse, GoogleGenAI, HttpOptions } from '@google/genai';
import type { MediaRequest, MediaResponse } from '../../types.js';
import { ModelError } from '../../types.js';

type ImageRequest = Extract<MediaRequest, { kind: 'image' }>;

/** The aspect ratios Gemini's image models accept; a `size` like 1792x1024 is mapped to the nearest. */
const ASPECT_RATIOS = ['1:1', '2:3', '3:2', '3:4', '4:3', '4:5', '5:4', '9:16', '16:9', '21:9'];

export function isImagenModel(model: string): boolean {
  return model.startsWith('imagen-');
}

export async function generateGoogleImages(
  client: GoogleGenAI,
  request: ImageRequest,
  call: { abortSignal: AbortSignal; httpOptions: HttpOptions },
): Promise<MediaResponse> {
  const aspectRatio = aspectRatioOf(request.size);
  if (request.size && !aspectRatio)
    throw new ModelError(
      'InvalidRequest',
      `generate_image: google takes a size as an aspect ratio (${ASPECT_RATIOS.join(', ')}) or WIDTHxHEIGHT, not "${request.size}"`,
      { provider: 'google' },
    );
  if (isImagenModel(request.model))
    throw new ModelError(
      'InvalidRequest',
      `generate_image: "google:${request.model}" is an Imagen model, which the Gemini API's SDK no longer serves (it offers generateImages only on Vertex AI); use google:gemini-2.5-flash-image, or leave the model out to have the cheapest image model chosen`,
      { provider: 'google' },
    );
  // A Gemini image model makes one image per answer: n images are n calls.
  const answers: GenerateContentResponse[] = [];
  for (let index = 0; index < request.count; index += 1)
    answers.push(
      await client.models.generateContent({
        model: request.model,
        contents: [{ role: 'user', parts: [{ text: request.prompt }] }],
        config: {
          responseModalities: ['IMAGE'],
          ...(aspectRatio ? { imageConfig: { aspectRatio } } : {}),
          ...call,
        },
      }),
    );
  return geminiImageResponse(request.model, answers);
}

function geminiImageResponse(model: string, answers: GenerateContentResponse[]): MediaResponse {
  const files = answers.map((answer) => {
    const parts = answer.candidates?.[0]?.content?.parts ?? [];
    const image = parts.find((part) => part.inlineData?.data && part.inlineData.mimeType?.startsWith('image/'));
    if (!image) {
      const blocked = answer.promptFeedback?.blockReason ?? answer.candidates?.[0]?.finishReason;
      if (blocked && blocked !== 'STOP')
        throw new ModelError('ContentFiltered', `google refused to make the image: ${blocked}`);
      throw new ModelError('MalformedResponse', 'the Gemini answer holds no image part', { raw: answer });
    }
    return { data: Buffer.from(image.inlineData!.data!, 'base64'), media_type: image.inlineData!.mimeType! };
  });
  const sum = (field: 'promptTokenCount' | 'candidatesTokenCount') =>
    answers.reduce((total, answer) => total + (answer.usageMetadata?.[field] ?? 0), 0);
  return { files, usage: { input_tokens: sum('promptTokenCount'), output_tokens: sum('candidatesTokenCount') }, model };
}

/** `16:9` as given, or `WIDTHxHEIGHT` to the nearest accepted ratio; nothing for anything else. */
export function aspectRatioOf(size: string | undefined): string | undefined {
  if (!size) return undefined;
  if (ASPECT_RATIOS.includes(size)) return size;
  const match = /^(\d+)x(\d+)$/.exec(size);
  if (!match) return undefined;
  const wanted = Number(match[1]) / Number(match[2]);
  const ratio = (text: string) => {
    const [width, height] = text.split(':').map(Number);
    return width! / height!;
  };
  return ASPECT_RATIOS.reduce((best, candidate) =>
    Math.abs(Math.log(ratio(candidate) / wanted)) < Math.abs(Math.log(ratio(best) / wanted)) ? candidate : best,
  );
}
