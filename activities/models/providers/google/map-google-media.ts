// A user turn's media → Gemini `inlineData` parts (images, PDFs and audio alike, by MIME type).
import type { Part } from '@google/genai';
import type { ModelMedia } from '../../types.js';

export function mapGoogleMedia(media: ModelMedia): Part {
  // Gemini's documented audio types name MP3 `audio/mp3`.
  const mimeType = media.media_type === 'audio/mpeg' ? 'audio/mp3' : media.media_type;
  return { inlineData: { mimeType, data: media.data } };
}
