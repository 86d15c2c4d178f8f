// Local servers speaking each provider's wire protocol, for the real SDKs in tests.
export type { FakeProviderServer } from './fake-server.js';
export { startOpenAIServer } from './openai-server.js';
export { startAnthropicServer } from './anthropic-server.js';
export { startGoogleServer } from './google-server.js';
export { signedBy, startBedrockServer } from './bedrock-server.js';
export type { FakeToolCall, FakeUsage, Plan } from './plan.js';
export { blocked, failure, malformed, reply, streamError } from './plan.js';
export type { RecordedRequest, SeenMessage, SeenRequest } from './seen-request.js';
export { pdfDocument, pngImage, wavAudio } from './media-samples.js';
export type { SeenMedia } from './media-parts.js';
