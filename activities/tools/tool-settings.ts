// What the worker's operator decides for the tools: the sandbox, network policy, search APIs,
// the browser. Read from the environment once (workers/config.ts) and passed in, never read here.

export interface SandboxSettings {
  /**
   * `bubblewrap`: code runs in namespaces with bwrap (the default). `unsafe-host`: code runs on
   * the host with no isolation — only when the operator started the worker with
   * ORC_UNSAFE_HOST_CODE=1, for machines where bubblewrap cannot run.
   */
  mode: 'bubblewrap' | 'unsafe-host';
  /** Whether a step may ask for network access inside the sandbox (ORC_SANDBOX_NETWORK=allow). */
  allowNetwork: boolean;
  /** Path of `bwrap`; found on PATH when omitted. */
  bubblewrapPath?: string;
}

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
