// Logs as JSON lines, one object per line on stderr, for log collectors (docs/operations.md,
// "Logs"). stdout stays free for what commands print (`orc run --json`'s document).
import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';

/** A runtime logger writing `{"time","level","message",...meta}` lines. */
export function jsonLinesLogger(level: LogLevel, write: (line: string) => void = (line) => process.stderr.write(line)): DefaultLogger {
  return new DefaultLogger(level, (entry) => write(`${jsonLine(entry)}\n`));
}

export function jsonLine(entry: LogEntry): string {
  const time = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString();
  const record: Record<string, unknown> = { time, level: entry.level, message: entry.message, ...plainMeta(entry.meta) };
  try {
    return JSON.stringify(record, jsonSafe);
  } catch {
    // A cyclic value in the metadata: keep the line, drop what cannot be written.
    return JSON.stringify({ time, level: entry.level, message: entry.message, meta_error: 'metadata not serialisable' });
  }
}

function plainMeta(meta: LogEntry['meta']): Record<string, unknown> {
  if (!meta) return {};
  // `time`, `level` and `message` belong to the line; metadata with those names is kept aside.
  const { time, level, message, ...rest } = meta as Record<string, unknown>;
  return { ...rest, ...(time !== undefined || level !== undefined || message !== undefined ? { meta: { time, level, message } } : {}) };
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) return { name: value.name, message: value.message, ...(value.stack ? { stack: value.stack } : {}) };
  return value;
}
