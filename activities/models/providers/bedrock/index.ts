// The Bedrock adapter: AWS Bedrock's Converse API through @aws-sdk/client-bedrock-runtime, with
// static credentials (SigV4). Converse answers in one piece: the activity heartbeats while it
// waits (heartbeat-while.ts), and progress is reported once, when the answer arrives.
import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { GenerateOptions, ModelAdapter, ModelRequest, ModelResponse } from '../../types.js';
import { callWithDeadline } from '../shared/call-with-deadline.js';
import { withStructuredOutput } from '../shared/parse-json.js';
import { mapBedrockError } from './map-bedrock-error.js';
import { mapBedrockRequest } from './map-bedrock-request.js';
import { mapBedrockResponse } from './map-bedrock-response.js';

export interface BedrockAdapterOptions {
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Another Bedrock runtime endpoint (a VPC endpoint, a proxy, a local server in tests). */
  endpoint?: string;
  provider?: string;
}

export function createBedrockAdapter(options: BedrockAdapterOptions): ModelAdapter {
  const provider = options.provider ?? 'bedrock';
  // Temporal is the only retrier: one attempt per call. No request timeout: our deadline counts.
  // HTTP/1.1: the client's default HTTP/2 handler serves only the bidirectional stream, and
  // HTTP/1.1 passes every proxy (and reaches the local Converse server of the tests).
  const client = new BedrockRuntimeClient({
    region: options.region,
    credentials: options.credentials,
    maxAttempts: 1,
    requestHandler: new NodeHttpHandler(),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  return {
    provider,
    generate(request: ModelRequest, generateOptions: GenerateOptions = {}): Promise<ModelResponse> {
      return callWithDeadline(
        provider,
        generateOptions,
        (error) => mapBedrockError(provider, error),
        async (signal) => {
          const output = await client.send(new ConverseCommand(mapBedrockRequest(request)), { abortSignal: signal });
          const response = mapBedrockResponse(provider, request.model, output);
          const characters =
            response.text.length +
            response.tool_calls.reduce((sum, call) => sum + JSON.stringify(call.arguments).length, 0);
          if (characters > 0) generateOptions.onProgress?.(characters);
          return withStructuredOutput(request, response);
        },
      );
    },
  };
}
