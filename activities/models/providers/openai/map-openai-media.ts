// A user turn's media → chat completions content parts: images as `image_url` (a data URL),
// PDFs as `file` parts, audio as `input_audio` (wav or mp3, which are all the API takes).
import type { ChatCompletionContentPart } from 'openai/resources/chat/completions';
import type { ModelMedia } from '../../types.js';

export function mapOpenAIMedia(media: ModelMedia): ChatCompletionContentPart {
  const dataUrl = `data:${media.media_type};base64,${media.data}`;
  switch (media.kind) {
    case 'image':
      return { type: 'image_url', image_url: { url: dataUrl } };
    case 'pdf':
      return { type: 'file', file: { file_data: dataUrl, filename: `${media.name}.pdf` } };
    case 'audio':
      return { type: 'input_audio', input_audio: { data: media.data, format: media.format === 'mp3' ? 'mp3' : 'wav' } };
  }
}
