// Text that may hold JSON: rendered parameters, a model's answer, a program's output. One
// helper for "JSON.parse, or fall back", shared by the workflow and the activities.

/** The value `text` (trimmed) encodes as JSON, or `fallback` when it is not JSON. */
export function parseJsonOr<T>(text: string, fallback: T): unknown {
  try {
    return JSON.parse(text.trim()) as unknown;
  } catch {
    return fallback;
  }
}
