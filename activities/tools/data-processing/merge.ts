// `merge`: several datasets into one — combined by name, concatenated, or joined on a key.
import { parseData, formatParameter } from './formats.js';
import { asRows, badInput, columnList, isRow, keyOf, requireColumns, type Row } from './rows.js';

interface Dataset {
  name: string;
  value: unknown;
}

function datasetsOf(value: unknown): Dataset[] {
  if (!Array.isArray(value) || value.length === 0)
    throw badInput('datasets must be a non-empty list: each { name, data } or the data itself');
  return value.map((item, index) => {
    const named = isRow(item) && 'data' in item;
    const format = formatParameter(named ? item.format : undefined, `datasets[${index}].format`, 'json');
    const raw = named ? item.data : item;
    return {
      name: named && typeof item.name === 'string' ? item.name : `dataset_${index + 1}`,
      value: parseData(raw, format, `datasets[${index}]`),
    };
  });
}

/** An inner join on the key columns; on a clash of other columns the later dataset's value wins. */
function join(datasets: readonly Dataset[], keys: string[]): Row[] {
  if (keys.length === 0) throw badInput('merge_strategy join needs on: the column(s) the datasets share');
  const [first, ...rest] = datasets.map((dataset) => asRows(dataset.value, `merge (${dataset.name})`));
  for (const [index, rows] of [first!, ...rest].entries()) requireColumns(rows, keys, `on (${datasets[index]!.name})`);
  return rest.reduce<Row[]>((left, right) => {
    const index = new Map<string, Row[]>();
    for (const row of right) {
      const key = keyOf(keys.map((column) => row[column] ?? null));
      index.set(key, [...(index.get(key) ?? []), row]);
    }
    return left.flatMap((row) =>
      (index.get(keyOf(keys.map((column) => row[column] ?? null))) ?? []).map((match) => ({ ...row, ...match })),
    );
  }, first!);
}

export function mergeDatasets(parameters: Record<string, unknown>): unknown {
  const datasets = datasetsOf(parameters.datasets);
  const strategy = String(parameters.merge_strategy ?? 'combine');
  if (strategy === 'combine') return Object.fromEntries(datasets.map((dataset) => [dataset.name, dataset.value]));
  if (strategy === 'concat') return datasets.flatMap((dataset) => asRows(dataset.value, `merge (${dataset.name})`));
  if (strategy === 'join') return join(datasets, columnList(parameters.on, 'on'));
  throw badInput(`merge_strategy must be combine, concat or join, not ${JSON.stringify(parameters.merge_strategy)}`);
}
