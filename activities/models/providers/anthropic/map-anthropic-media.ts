// A user turn's media → Messages API blocks: images as `image`, PDFs as `document`, both
// base64. Claude takes no audio; the registry says so and the activity refuses it before a call.
import type { ContentBlockParam } from '@anthropic-ai/sdk/resources/messages';
import type { ModelMedia } from '../../types.js';
import { ModelError } from '../../types.js';

type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

export function mapAnthropicMedia(media: ModelMedia): ContentBlockParam {
  if (media.kind === 'image')
    return {
      type: 'image',
      source: { type: 'base64', media_type: media.media_type as ImageMediaType, data: media.data },
    };
  if (media.kind === 'pdf')
    return { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: media.data } };
  throw new ModelError(
    'InvalidRequest',
    `Anthropic's models take no audio (${media.name}); use a model with the "audio" capability`,
    {
      provider: 'anthropic',
    },
  );
}
