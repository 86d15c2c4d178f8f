// The contract's basic text case against the real providers, only when their keys are set; never
// otherwise (no test reaches the internet unasked). Models can be overridden per provider.
import { describe, it } from 'vitest';
import { createAnthropicAdapter } from '../../../activities/models/providers/anthropic/index.js';
import { createGoogleAdapter } from '../../../activities/models/providers/google/index.js';
import { createOpenAIAdapter } from '../../../activities/models/providers/openai/index.js';
import type { ModelAdapter } from '../../../activities/models/types.js';
import { runPlainTextCase } from '../../support/model-contract.js';

interface LiveProvider {
  name: string;
  keyNames: string[];
  model: string;
  adapter(apiKey: string): ModelAdapter;
}

const env = process.env;
const LIVE: LiveProvider[] = [
  {
    name: 'openai',
    keyNames: ['OPENAI_API_KEY'],
    model: env.ORC_LIVE_OPENAI_MODEL ?? 'gpt-4.1-nano',
    adapter: (apiKey) =>
      createOpenAIAdapter({ apiKey, ...(env.OPENAI_BASE_URL ? { baseURL: env.OPENAI_BASE_URL } : {}) }),
  },
  {
    name: 'anthropic',
    keyNames: ['ANTHROPIC_API_KEY'],
    model: env.ORC_LIVE_ANTHROPIC_MODEL ?? 'claude-haiku-4-5',
    adapter: (apiKey) =>
      createAnthropicAdapter({ apiKey, ...(env.ANTHROPIC_BASE_URL ? { baseURL: env.ANTHROPIC_BASE_URL } : {}) }),
  },
  {
    name: 'google',
    keyNames: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
    model: env.ORC_LIVE_GOOGLE_MODEL ?? 'gemini-2.5-flash-lite',
    adapter: (apiKey) =>
      createGoogleAdapter({ apiKey, ...(env.GOOGLE_GEMINI_BASE_URL ? { baseURL: env.GOOGLE_GEMINI_BASE_URL } : {}) }),
  },
];

const keyOf = (provider: LiveProvider): string | undefined =>
  provider.keyNames.map((name) => env[name]).find((value) => value !== undefined && value !== '');

for (const provider of LIVE) {
  if (!keyOf(provider))
    console.log(
      `live-providers: skipping ${provider.name}: set ${provider.keyNames.join(' or ')} to run the contract's text case against the real API`,
    );
}

describe('live providers: the contract text case against the real APIs', () => {
  for (const provider of LIVE) {
    const apiKey = keyOf(provider);
    it.skipIf(!apiKey)(`${provider.name} (${provider.model}) answers plain text`, { timeout: 60_000 }, async () => {
      await runPlainTextCase(provider.adapter(apiKey ?? ''), provider.model, { timeoutMs: 45_000 });
    });
  }
});
