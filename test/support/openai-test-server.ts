// One local OpenAI-protocol server for a test file (started before its tests, reset before each,
// closed after), and the model dependencies that point a worker's OpenAI SDK at it — what the
// media tests share.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { loadModelRegistry, type ModelActivityDependencies } from '../../activities/models/index.js';
import { startOpenAIServer, type FakeProviderServer } from '../providers/index.js';

export interface OpenAITestServer {
  /** The server; it exists from the file's beforeAll on. */
  readonly server: FakeProviderServer;
  /** The worker's models: the registry, with the OpenAI key and base URL of the server. */
  models(): ModelActivityDependencies;
}

/** Registers the hooks in the calling test file. */
export function useOpenAIServer(): OpenAITestServer {
  let started: FakeProviderServer | undefined;
  beforeAll(async () => {
    started = await startOpenAIServer();
  });
  afterAll(() => started?.close());
  beforeEach(() => started?.reset());
  const running = () => {
    if (!started) throw new Error('the OpenAI-protocol server starts in beforeAll; use it inside a test');
    return started;
  };
  return {
    get server() {
      return running();
    },
    models: () => ({
      registry: loadModelRegistry(),
      environment: { OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: `${running().url}/v1` },
    }),
  };
}
