// Iterates an SDK stream but stops at once when the signal aborts. The SDKs are meant to end
// their streams on abort, but the Anthropic SDK (1.12, Node 20) can leave the next read pending
// for ever when the abort comes after the whole body has arrived; and a cancelled activity should
// not keep reading events that were already buffered.
export async function* untilAborted<T>(stream: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  const iterator = stream[Symbol.asyncIterator]();
  let onAbort = (): void => undefined;
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => undefined);
  let finished = false;
  try {
    for (;;) {
      signal.throwIfAborted();
      const next = await Promise.race([iterator.next(), aborted]);
      if (next.done) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    // Not awaited: after an abort, the SDK's cleanup may be the very thing that hangs.
    if (!finished) void iterator.return?.()?.catch(() => undefined);
  }
}
