// A user turn's media → Converse `image` and `document` blocks, raw bytes (the SDK encodes
// them). Converse takes no audio; the registry says so and the activity refuses it first.
import type { ContentBlock } from '@aws-sdk/client-bedrock-runtime';
import type { ModelMedia } from '../../types.js';
import { ModelError } from '../../types.js';

export function mapBedrockMedia(media: ModelMedia): ContentBlock {
  const bytes = Buffer.from(media.data, 'base64');
  if (media.kind === 'image')
    return { image: { format: media.format as 'png' | 'jpeg' | 'gif' | 'webp', source: { bytes } } };
  if (media.kind === 'pdf') return { document: { format: 'pdf', name: media.name, source: { bytes } } };
  throw new ModelError('InvalidRequest', `Bedrock's Converse API takes no audio (${media.name})`, {
    provider: 'bedrock',
  });
}
