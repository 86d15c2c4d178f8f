// The aggregate functions shared by aggregate and pivot, named as pandas names them (with the
// SQL spellings py-orc pipelines also use).
import { badInput, isMissing, keyOf, toNumber } from './rows.js';

type Aggregator = (values: readonly unknown[]) => unknown;

const numbers = (values: readonly unknown[]) =>
  values.map(toNumber).filter((value): value is number => value !== undefined);
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
const mean = (values: readonly number[]) => (values.length === 0 ? null : sum(values) / values.length);

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The sample standard deviation (pandas' default, ddof = 1). */
export function standardDeviation(values: readonly number[]): number | null {
  if (values.length < 2) return null;
  const average = sum(values) / values.length;
  return Math.sqrt(sum(values.map((value) => (value - average) ** 2)) / (values.length - 1));
}

const present = (values: readonly unknown[]) => values.filter((value) => !isMissing(value));

const AGGREGATORS: Readonly<Record<string, Aggregator>> = {
  sum: (values) => sum(numbers(values)),
  mean: (values) => mean(numbers(values)),
  median: (values) => median(numbers(values)),
  min: (values) => (numbers(values).length > 0 ? Math.min(...numbers(values)) : null),
  max: (values) => (numbers(values).length > 0 ? Math.max(...numbers(values)) : null),
  count: (values) => present(values).length,
  size: (values) => values.length,
  count_distinct: (values) => new Set(present(values).map((value) => keyOf([value]))).size,
  first: (values) => present(values)[0] ?? null,
  last: (values) => present(values).at(-1) ?? null,
  std: (values) => standardDeviation(numbers(values)),
};

const ALIASES: Readonly<Record<string, string>> = {
  avg: 'mean',
  average: 'mean',
  nunique: 'count_distinct',
  distinct_count: 'count_distinct',
  total: 'sum',
  stddev: 'std',
};

export const AGGREGATE_FUNCTION_NAMES = Object.keys(AGGREGATORS);

export function aggregator(name: unknown, where: string): Aggregator {
  const key = typeof name === 'string' ? name.toLowerCase() : '';
  const found = AGGREGATORS[ALIASES[key] ?? key];
  if (found === undefined) {
    throw badInput(
      `${where}: unknown function ${JSON.stringify(name)}; use one of ${AGGREGATE_FUNCTION_NAMES.join(', ')} (or avg, nunique)`,
    );
  }
  return found;
}
