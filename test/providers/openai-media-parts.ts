// Media in chat completions content parts, as the fake OpenAI server reads and checks them:
// `image_url` (a data URL), `file` (a PDF data URL) and `input_audio` (wav or mp3 base64).
import { IMAGE_TYPES, invalidMedia, parseDataUrl } from './media-parts.js';
import { asArray, asObject, type Json } from './wire-helpers.js';

/** A user turn's content parts: `image_url`, `file` and `input_audio` carry media. */
export function mediaOfPart(part: Json): { mediaType: string; data: string; accepted: readonly string[] } | undefined {
  if (part.type === 'image_url') {
    const url = String(asObject(part.image_url).url ?? '');
    const parsed = parseDataUrl(url) ?? { mediaType: url, data: '' };
    return { ...parsed, accepted: IMAGE_TYPES };
  }
  if (part.type === 'file') {
    const parsed = parseDataUrl(String(asObject(part.file).file_data ?? '')) ?? { mediaType: '', data: '' };
    return { ...parsed, accepted: ['application/pdf'] };
  }
  if (part.type === 'input_audio') {
    const audio = asObject(part.input_audio);
    const mediaType =
      audio.format === 'wav' ? 'audio/wav' : audio.format === 'mp3' ? 'audio/mpeg' : String(audio.format);
    return { mediaType, data: String(audio.data ?? ''), accepted: ['audio/wav', 'audio/mpeg'] };
  }
  return undefined;
}

export function invalidParts(messages: Json[]): string | undefined {
  for (const [index, message] of messages.entries()) {
    for (const [position, part] of asArray(message.content).entries()) {
      const media = mediaOfPart(part);
      const problem = media && invalidMedia(media.mediaType, media.data, media.accepted);
      if (problem) return `Invalid content part messages[${index}].content[${position}]: ${problem}`;
    }
  }
  return undefined;
}
