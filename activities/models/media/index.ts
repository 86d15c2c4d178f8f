// Media in model steps: recognising, limiting and loading the files a step sends (docs/models.md, "Media").
export { loadMedia, type MediaSource, type MediaTarget } from './load-media.js';
export { ACCEPTED_MEDIA, CAPABILITY_OF, sniffMediaType, type MediaKind, type MediaType } from './media-types.js';
export { mediaLimitOf } from './media-limits.js';
