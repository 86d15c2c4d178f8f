// The run's memory (`mcp-memory`, docs/decisions/0014): namespaced keys kept in the workflow's
// own state. Every change is made by workflow code in the order the history fixes, and its
// clock is the workflow's, so a replay on another worker rebuilds the same memory; it rides
// along continue-as-new as plain data (ResumeIR.memory).
import type { MemoryEntryIR } from '../lang/ir.js';

type Outcome = { result: Record<string, unknown> } | { problem: string };

export class RunMemory {
  private readonly namespaces = new Map<string, Map<string, MemoryEntryIR>>();

  constructor(saved: readonly MemoryEntryIR[] = []) {
    for (const entry of saved) this.space(entry.namespace).set(entry.key, entry);
  }

  /** In the order the keys were stored, for continue-as-new. */
  saved(): MemoryEntryIR[] {
    return [...this.namespaces.values()].flatMap((space) => [...space.values()]);
  }

  run(action: string, parameters: Record<string, unknown>, nowMs: number): Outcome {
    const namespace =
      typeof parameters.namespace === 'string' && parameters.namespace ? parameters.namespace : 'default';
    const key = parameters.key;
    if (action === 'list') {
      const keys = [...this.space(namespace).values()].filter((entry) => live(entry, nowMs)).map((entry) => entry.key);
      return { result: { success: true, namespace, keys, count: keys.length } };
    }
    if (action === 'clear') {
      this.namespaces.delete(namespace);
      return { result: { success: true, namespace, cleared: true } };
    }
    if (typeof key !== 'string' || key === '')
      return { problem: `mcp-memory ${action} needs "key", a non-empty text, not ${JSON.stringify(key ?? null)}` };
    if (action === 'store') return this.store(namespace, key, parameters, nowMs);
    if (action === 'retrieve') return { result: this.retrieve(namespace, key, nowMs) };
    if (action === 'delete') {
      const deleted = this.space(namespace).delete(key);
      return { result: { success: true, namespace, key, deleted } };
    }
    return { problem: `mcp-memory has no action "${action}" (store, retrieve, list, delete, clear)` };
  }

  private store(namespace: string, key: string, parameters: Record<string, unknown>, nowMs: number): Outcome {
    const ttl = parameters.ttl ?? 0;
    if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl < 0)
      return { problem: `mcp-memory store: ttl must be a number of seconds (0 or more), not ${JSON.stringify(ttl)}` };
    const space = this.space(namespace);
    // A key stored again moves to the end, as a fresh one would.
    space.delete(key);
    space.set(key, { namespace, key, value: parameters.value ?? null, stored_at_ms: nowMs, ttl });
    return { result: { success: true, namespace, key, stored: true, ttl } };
  }

  private retrieve(namespace: string, key: string, nowMs: number): Record<string, unknown> {
    const entry = this.space(namespace).get(key);
    if (!entry) return { success: true, namespace, key, found: false };
    if (!live(entry, nowMs)) return { success: true, namespace, key, found: false, expired: true };
    const metadata = { stored_at: new Date(entry.stored_at_ms).toISOString(), ttl: entry.ttl };
    return { success: true, namespace, key, value: entry.value, found: true, metadata };
  }

  private space(namespace: string): Map<string, MemoryEntryIR> {
    let space = this.namespaces.get(namespace);
    if (!space) this.namespaces.set(namespace, (space = new Map()));
    return space;
  }
}

function live(entry: MemoryEntryIR, nowMs: number): boolean {
  return entry.ttl === 0 || nowMs < entry.stored_at_ms + entry.ttl * 1000;
}
