// `retry:` and py-orc's `max_retries` → the activity retry policy of a step.
import { isScalar, isSeq, type Node } from 'yaml';
import type { RetryIR } from '../ir.js';
import { readMapping, type Entry } from './mapping.js';
import { RETRY_KEYS } from './key-tables.js';
import { readDuration, readNumber, readPositiveInteger } from './values.js';
import type { SourceFile } from './source.js';

export const DEFAULT_RETRY: RetryIR = {
  max_attempts: 3,
  initial_interval_ms: 1_000,
  backoff: 2,
  max_interval_ms: 60_000,
  non_retryable: [],
};

export function compileRetry(
  source: SourceFile,
  retry: Entry | undefined,
  maxRetries: Entry | undefined,
  base: RetryIR = DEFAULT_RETRY,
): RetryIR {
  const policy: RetryIR = { ...base, non_retryable: [...base.non_retryable] };
  if (maxRetries) {
    // py-orc's max_retries counts attempts in all, so it maps onto max_attempts unchanged.
    policy.max_attempts = readPositiveInteger(source, maxRetries, 'max_retries', 100) ?? policy.max_attempts;
  }
  if (!retry) return policy;
  const entries = readMapping(source, retry.value, retry.pointer, RETRY_KEYS);
  if (!entries) return policy;
  const maxAttempts = entries.get('max_attempts');
  if (maxAttempts)
    policy.max_attempts = readPositiveInteger(source, maxAttempts, 'max_attempts', 100) ?? policy.max_attempts;
  const initial = entries.get('initial_interval');
  if (initial)
    policy.initial_interval_ms = readDuration(source, initial, 'initial_interval') ?? policy.initial_interval_ms;
  const maximum = entries.get('max_interval');
  if (maximum) policy.max_interval_ms = readDuration(source, maximum, 'max_interval') ?? policy.max_interval_ms;
  const backoff = entries.get('backoff');
  if (backoff) {
    const value = readNumber(source, backoff, 'backoff');
    if (value !== undefined && value < 1)
      source.report(
        'error',
        'E_TYPE',
        backoff.value,
        backoff.pointer,
        `backoff must be at least 1, not ${value}`,
        'use 1 for a fixed interval, 2 to double it each time',
      );
    else if (value !== undefined) policy.backoff = value;
  }
  const nonRetryable = entries.get('non_retryable');
  if (nonRetryable) policy.non_retryable = readErrorTypes(source, nonRetryable);
  return policy;
}

function readErrorTypes(source: SourceFile, entry: Entry): string[] {
  if (isSeq(entry.value)) {
    const types: string[] = [];
    for (const item of entry.value.items as Node[]) {
      if (isScalar(item) && typeof item.value === 'string') types.push(item.value);
      else
        source.report(
          'error',
          'E_TYPE',
          item,
          entry.pointer,
          'non_retryable must list error types such as ToolError or RateLimited',
        );
    }
    return types;
  }
  source.report(
    'error',
    'E_TYPE',
    entry.value ?? entry.keyNode,
    entry.pointer,
    'non_retryable must be a list of error types',
  );
  return [];
}
