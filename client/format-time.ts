// Durations and times as every command shows them to people: one format for each, here only.
// Documents (-o json|yaml) keep ISO 8601 UTC and milliseconds.

/** 41 ms, 3.2 s, 4 m 05 s, 2 h 03 m, 1 d 4 h: readable at every scale. */
export function formatDuration(milliseconds: number): string {
  const ms = Math.round(milliseconds);
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  const seconds = Math.floor(ms / 1_000);
  if (seconds < 3_600) return `${Math.floor(seconds / 60)} m ${String(seconds % 60).padStart(2, '0')} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 1_440) return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} m`;
  return `${Math.floor(minutes / 1_440)} d ${Math.floor((minutes % 1_440) / 60)} h`;
}

/**
 * Local time to the second with its UTC offset, as `date --rfc-3339=seconds` prints it:
 * `2026-11-23 10:15:00+01:00`. The offset travels with the time, so a line pasted from
 * another machine's terminal still says when.
 */
export function formatTimestamp(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const offset = -date.getTimezoneOffset();
  const zone = `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${zone}`;
}
