// Logs as JSON lines, one object per line on stderr, for log collectors (docs/operations.md,
// "Logs"). stdout stays free for what commands print (`orc run --json`'s document). `orc run`'s
// own worker writes the same lines (or text) to a log file instead (fileLogger).
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { formatWithOptions } from 'node:util';
import { DefaultLogger, type LogEntry, type LogLevel } from '@temporalio/worker';

/** A runtime logger writing `{"time","level","message",...meta}` lines. */
export function jsonLinesLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stderr.write(line),
): DefaultLogger {
  return new DefaultLogger(level, (entry) => write(`${jsonLine(entry)}\n`));
}

/**
 * A runtime logger appending to `path` (its folder created): JSON lines, or text lines with
 * the metadata and stack traces written out in full. Written synchronously so that nothing is
 * lost when the command exits right after the run.
 */
export function fileLogger(path: string, level: LogLevel, format: 'json' | 'text'): DefaultLogger {
  mkdirSync(dirname(path), { recursive: true });
  const file = openSync(path, 'a');
  process.once('exit', () => closeSync(file));
  return new DefaultLogger(
    level,
    (entry) => void writeSync(file, `${format === 'json' ? jsonLine(entry) : textLine(entry)}\n`),
  );
}

export function textLine(entry: LogEntry): string {
  const time = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString();
  const meta =
    entry.meta === undefined
      ? ''
      : ` ${formatWithOptions({ colors: false, depth: 6, breakLength: Infinity }, '%O', entry.meta)}`;
  return `${time} [${entry.level}] ${entry.message}${meta}`;
}

export function jsonLine(entry: LogEntry): string {
  const time = new Date(Number(entry.timestampNanos / 1_000_000n)).toISOString();
  const record: Record<string, unknown> = {
    time,
    level: entry.level,
    message: entry.message,
    ...plainMeta(entry.meta),
  };
  try {
    return JSON.stringify(record, jsonSafe);
  } catch {
    // A cyclic value in the metadata: keep the line, drop what cannot be written.
    return JSON.stringify({
      time,
      level: entry.level,
      message: entry.message,
      meta_error: 'metadata not serialisable',
    });
  }
}

function plainMeta(meta: LogEntry['meta']): Record<string, unknown> {
  if (!meta) return {};
  // `time`, `level` and `message` belong to the line; metadata with those names is kept aside.
  const { time, level, message, ...rest } = meta as Record<string, unknown>;
  return {
    ...rest,
    ...(time !== undefined || level !== undefined || message !== undefined ? { meta: { time, level, message } } : {}),
  };
}

function jsonSafe(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error)
    return { name: value.name, message: value.message, ...(value.stack ? { stack: value.stack } : {}) };
  return value;
}
