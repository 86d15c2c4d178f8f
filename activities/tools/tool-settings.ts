// What the worker's operator decides for the tools: the sandbox, network policy, search APIs,
// the browser. Read from the environment once (workers/config.ts) and passed in, never read here.
import type { SandboxSettings } from '../sandbox/index.js';

export type { SandboxSettings };

export interface WebSettings {
  /**
   * Whether `web`/`http`/`headless-browser` may reach loopback, private and link-local addresses
   * (ORC_WEB_ALLOW_PRIVATE=1). Off by default: a pipeline fed a URL by a model must not reach
   * the worker's own network.
   */
  allowPrivateAddresses: boolean;
}

export interface SearchSettings {
  /** Which search API `web-search` uses when a step does not say; the first configured otherwise. */
  defaultProvider?: 'brave' | 'tavily' | 'searxng';
  braveApiKey?: string;
  braveBaseUrl?: string;
  tavilyApiKey?: string;
  tavilyBaseUrl?: string;
  /** Base URL of a SearXNG instance (it needs no key). */
  searxngUrl?: string;
}

export interface BrowserSettings {
  /** Chromium's executable for `scrape_js` (ORC_CHROMIUM); looked for in the usual places when omitted. */
  chromiumPath?: string;
}

export interface ToolSettings {
  sandbox: SandboxSettings;
  web: WebSettings;
  search: SearchSettings;
  browser: BrowserSettings;
}

/** Safe defaults: sandboxed code without network, no private addresses, no search API. */
export function defaultToolSettings(overrides: Partial<ToolSettings> = {}): ToolSettings {
  return {
    sandbox: { mode: 'bubblewrap', allowNetwork: false },
    web: { allowPrivateAddresses: false },
    search: {},
    browser: {},
    ...overrides,
  };
}
