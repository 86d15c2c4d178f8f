// Node's fetch (undici) ends a request whose headers, or next body chunk, take longer than 300 s.
// @google/genai lifts those limits with this same per-request dispatcher, but only when it uses
// its own fetch; the adapter passes one of ours (to keep Retry-After), so it lifts them itself:
// the step's timeout, enforced by callWithDeadline, is the limit that counts.
const UNDICI_GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

interface Dispatcher {
  dispatch(options: Record<string, unknown>, handler: unknown): boolean;
}

/** A dispatcher that delegates to Node's global one with its header and body timeouts off. */
export function withoutUndiciTimeouts(): Dispatcher | undefined {
  // Node creates its global dispatcher lazily, on first use of fetch's classes.
  new Headers();
  const global = (globalThis as unknown as Record<symbol, Dispatcher | undefined>)[UNDICI_GLOBAL_DISPATCHER];
  if (typeof global?.dispatch !== 'function') return undefined;
  return {
    dispatch: (options, handler) => global.dispatch({ ...options, headersTimeout: 0, bodyTimeout: 0 }, handler),
  };
}
