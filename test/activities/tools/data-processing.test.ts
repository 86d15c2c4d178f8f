// data-processing called directly: every action, py-orc's result shapes, and bad input as a
// non-retryable ToolError whose message says what to fix.
import { describe, expect, it } from 'vitest';
import { failureOf, toolCaller } from './call-tool.js';

type Profile = Record<string, unknown> & { columns: Record<string, Record<string, unknown>> };
const call = toolCaller('data-processing', () => '/tmp');

const SALES_CSV = `order_id,customer_id,product_name,quantity,unit_price,order_date,status
ORD-000001,C1,Widget,2,10.5,2024-01-15,shipped
ORD-000002,C2,Gadget,1,99,2024-01-20,cancelled
ORD-000002,C2,Gadget,1,99,2024-01-20,cancelled
ORD-000003,C1,Widget,,10.5,2024-02-03,
ORD-000004,C3,Widget,5,10.5,2024-02-10,delivered
`;
const rows = [
  { name: 'a', team: 'x', score: 3 },
  { name: 'b', team: 'y', score: 1 },
  { name: 'c', team: 'x', score: 2 },
];

describe('data-processing: convert', () => {
  it.each([
    [
      'csv to json',
      { data: 'a,b\n1,x\n2,y\n', format: 'csv', output_format: 'json' },
      [
        { a: 1, b: 'x' },
        { a: 2, b: 'y' },
      ],
    ],
    ['json text to csv', { data: '[{"a":1,"b":"x, y"}]', format: 'json', output_format: 'csv' }, 'a,b\n1,"x, y"\n'],
    ['a value to yaml', { data: [{ a: 1 }], output_format: 'yaml' }, '- a: 1\n'],
    ['yaml to json', { data: 'a: [1, 2]\n', format: 'yaml', output_format: 'json' }, { a: [1, 2] }],
    [
      'keeps leading zeros and empty cells',
      { data: 'id,n\n007,\n', format: 'csv', output_format: 'json' },
      [{ id: '007', n: null }],
    ],
  ])('%s', async (_what, parameters, expected) => {
    expect(await call('convert', parameters)).toMatchObject({ success: true, processed_data: expected });
  });

  it('reads CSV text given with format json (a py-orc fallback)', async () => {
    expect(
      (await call('convert', { data: SALES_CSV, format: 'json', output_format: 'json' })).processed_data,
    ).toHaveLength(5);
  });
});

describe('data-processing: filter and sort', () => {
  it.each([
    ['criteria', { criteria: { team: 'x' } }, ['a', 'c']],
    ['criteria with a list of choices', { criteria: { name: ['a', 'b'] } }, ['a', 'b']],
    ['a condition', { condition: 'score >= 2' }, ['a', 'c']],
    ['a condition with text', { condition: "team != 'x'" }, ['b']],
    ['SQL spelling', { condition: "team = 'x' AND score > 2" }, ['a']],
    ['both', { criteria: { team: 'x' }, condition: 'score < 3' }, ['c']],
    ["py-orc's operation: {criteria}", { operation: { criteria: { team: 'x' } } }, ['a', 'c']],
    [
      "py-orc's operation: {criteria, condition}",
      { operation: { criteria: { team: 'x' }, condition: 'score < 3' } },
      ['c'],
    ],
  ])('filter by %s', async (_what, parameters, names) => {
    const result = await call('filter', { data: rows, ...parameters });
    expect((result.processed_data as { name: string }[]).map((row) => row.name)).toEqual(names);
    expect(result).toMatchObject({ success: true, original_count: 3, filtered_count: names.length });
  });

  it.each([
    ['one column', { by: 'score' }, ['b', 'c', 'a']],
    ['descending', { by: 'score', order: 'desc' }, ['a', 'c', 'b']],
    ['two columns', { by: ['team', 'score'] }, ['c', 'a', 'b']],
  ])('sort by %s', async (_what, parameters, names) => {
    const result = await call('sort', { data: rows, ...parameters });
    expect((result.processed_data as { name: string }[]).map((row) => row.name)).toEqual(names);
    expect(result.row_count).toBe(3);
  });
});

describe('data-processing: aggregate and pivot', () => {
  it('groups and aggregates with every function', async () => {
    const result = await call('aggregate', {
      data: rows,
      group_by: 'team',
      aggregations: {
        total: { column: 'score', function: 'sum' },
        average: { column: 'score', function: 'mean' },
        avg: { column: 'score', function: 'avg' },
        middle: { column: 'score', function: 'median' },
        low: { column: 'score', function: 'min' },
        high: { column: 'score', function: 'max' },
        n: { column: 'name', function: 'count' },
        names: { column: 'name', function: 'count_distinct' },
      },
    });
    expect(result.processed_data).toEqual([
      { team: 'x', total: 5, average: 2.5, avg: 2.5, middle: 2.5, low: 2, high: 3, n: 2, names: 2 },
      { team: 'y', total: 1, average: 1, avg: 1, middle: 1, low: 1, high: 1, n: 1, names: 1 },
    ]);
    expect(result.row_count).toBe(2);
  });

  it('aggregates everything into one row without group_by, and accepts column: function', async () => {
    expect((await call('aggregate', { data: rows, aggregations: { score: 'sum' } })).processed_data).toEqual([
      { score: 6 },
    ]);
  });

  it('pivots with a fill value', async () => {
    const result = await call('pivot', {
      data: rows,
      index: ['team'],
      columns: ['name'],
      values: ['score'],
      aggfunc: 'sum',
      fill_value: 0,
    });
    expect(result.processed_data).toEqual([
      { team: 'x', a: 3, b: 0, c: 2 },
      { team: 'y', a: 0, b: 1, c: 0 },
    ]);
  });
});

describe('data-processing: transform', () => {
  it("runs data_processing_pipeline.yaml's operations", async () => {
    const result = await call('transform', {
      data: SALES_CSV,
      format: 'csv',
      output_format: 'json',
      operations: [
        { type: 'deduplicate', columns: ['order_id'], keep: 'first' },
        { type: 'cast', columns: { quantity: 'integer', unit_price: 'float', order_date: 'datetime' } },
        { type: 'fill_missing', strategy: { status: 'pending', quantity: 1 } },
        {
          type: 'calculate',
          expressions: { total_amount: 'quantity * unit_price', order_month: "DATE_FORMAT(order_date, '%Y-%m')" },
        },
        { type: 'filter', condition: "status != 'cancelled'" },
      ],
    });
    expect(result.row_count).toBe(3);
    expect(result.processed_data).toEqual([
      {
        order_id: 'ORD-000001',
        customer_id: 'C1',
        product_name: 'Widget',
        quantity: 2,
        unit_price: 10.5,
        order_date: '2024-01-15T00:00:00Z',
        status: 'shipped',
        total_amount: 21,
        order_month: '2024-01',
      },
      {
        order_id: 'ORD-000003',
        customer_id: 'C1',
        product_name: 'Widget',
        quantity: 1,
        unit_price: 10.5,
        order_date: '2024-02-03T00:00:00Z',
        status: 'pending',
        total_amount: 10.5,
        order_month: '2024-02',
      },
      {
        order_id: 'ORD-000004',
        customer_id: 'C3',
        product_name: 'Widget',
        quantity: 5,
        unit_price: 10.5,
        order_date: '2024-02-10T00:00:00Z',
        status: 'delivered',
        total_amount: 52.5,
        order_month: '2024-02',
      },
    ]);
  });

  it.each([
    ['rename', { type: 'rename', mapping: { name: 'who' } }, [{ who: 'a', team: 'x', score: 3 }]],
    ['select', { type: 'select', columns: ['score'] }, [{ score: 3 }]],
    ['drop', { type: 'drop', columns: ['team', 'score'] }, [{ name: 'a' }]],
    ['normalize', { type: 'normalize', columns: ['score'] }, [{ name: 'a', team: 'x', score: 1 }]],
    [
      'sort and limit',
      [
        { type: 'sort', by: 'score' },
        { type: 'limit', count: 1 },
      ],
      [{ name: 'b', team: 'y', score: 0 }],
    ],
    [
      'fill_missing by strategy',
      { type: 'fill_missing', strategy: 'mean', columns: ['score'] },
      [{ name: 'a', team: 'x', score: 3 }],
    ],
    ['one operation (py-orc)', undefined, [{ name: 'a', team: 'x', score: 3 }]],
  ])('%s', async (_what, operations, firstRows) => {
    const given = rows.map((row, index) => (index === 1 && _what.startsWith('sort') ? { ...row, score: 0 } : row));
    const parameters =
      operations === undefined
        ? { operation: { type: 'filter', condition: 'score == 3' } }
        : { operations: Array.isArray(operations) ? operations : [operations] };
    const result = await call('transform', { data: given, ...parameters });
    expect((result.processed_data as unknown[]).slice(0, 1)).toEqual(firstRows);
  });
});

describe('data-processing: clean, profile and merge', () => {
  it('cleans duplicates and missing values', async () => {
    const result = await call('clean', {
      data: SALES_CSV,
      format: 'csv',
      output_format: 'json',
      handle_missing: 'drop',
    });
    expect(result).toMatchObject({ success: true, row_count: 3, rows_removed: 2 });
  });

  it('profiles CSV text as data_processing_pipeline.yaml reads it', async () => {
    const profile = (await call('profile', { data: SALES_CSV, format: 'csv' })).processed_data as Profile;
    expect(profile).toMatchObject({ row_count: 5, column_count: 7, duplicate_rows: 1 });
    expect(profile.columns.quantity).toMatchObject({
      data_type: 'numeric',
      missing_count: 1,
      missing_percentage: 20,
      unique_count: 3,
      min: 1,
      max: 5,
      mean: 2.25,
      outlier_percentage: 0,
    });
    expect(profile.columns.status).toMatchObject({ data_type: 'string', missing_count: 1, unique_count: 3 });
    expect(profile.columns.status?.min).toBeUndefined();
    expect(profile.columns.order_date).toMatchObject({ data_type: 'datetime', min: '2024-01-15', max: '2024-02-10' });
  });

  it('finds outliers beyond 1.5 IQR', async () => {
    const data = [1, 2, 2, 3, 3, 3, 4, 100].map((value) => ({ value }));
    const profile = (await call('profile', { data, profiling_options: ['outlier_detection'] }))
      .processed_data as Profile;
    expect(profile.columns.value).toMatchObject({ outlier_count: 1, outlier_percentage: 12.5 });
    expect(profile.columns.value?.data_type).toBeUndefined();
  });

  it.each([
    [
      'combine',
      {},
      {
        left: [{ id: 1, a: 'x' }],
        right: [
          { id: 1, b: 'y' },
          { id: 2, b: 'z' },
        ],
      },
    ],
    [
      'concat',
      { merge_strategy: 'concat' },
      [
        { id: 1, a: 'x' },
        { id: 1, b: 'y' },
        { id: 2, b: 'z' },
      ],
    ],
    ['join', { merge_strategy: 'join', on: 'id' }, [{ id: 1, a: 'x', b: 'y' }]],
  ])('merges by %s', async (_what, parameters, expected) => {
    const datasets = [
      { name: 'left', data: [{ id: 1, a: 'x' }] },
      { name: 'right', data: 'id,b\n1,y\n2,z\n', format: 'csv' },
    ];
    expect((await call('merge', { datasets, ...parameters })).processed_data).toEqual(expected);
  });
});

describe('data-processing: bad input', () => {
  it.each([
    [
      'an unknown column',
      'sort',
      { data: rows, by: 'nope' },
      'unknown column "nope"; the columns are "name", "team", "score"',
    ],
    [
      'an unknown aggregate function',
      'aggregate',
      { data: rows, aggregations: { x: { column: 'score', function: 'average_ish' } } },
      'unknown function "average_ish"',
    ],
    ['a bad expression', 'filter', { data: rows, condition: 'score >' }, 'cannot evaluate "score >"'],
    [
      'an unknown name in an expression',
      'transform',
      { data: rows, operations: [{ type: 'calculate', expressions: { x: 'scor * 2' } }] },
      '"scor" is undefined',
    ],
    [
      'an unknown operation',
      'transform',
      { data: rows, operations: [{ type: 'explode' }] },
      'unknown operation type "explode"',
    ],
    ['unparseable JSON', 'sort', { data: '{not json', by: 'a' }, 'is not valid JSON'],
    ['unparseable CSV', 'convert', { data: 'a,b\n"1,2\n', format: 'csv', output_format: 'json' }, 'is not valid CSV'],
    ['data that is not rows', 'sort', { data: [1, 2], by: 'a' }, 'needs a list of rows'],
    ['rows as CSV when they are not rows', 'convert', { data: 5, output_format: 'csv' }, 'only a list of rows'],
    [
      'an unknown profiling option',
      'profile',
      { data: rows, profiling_options: ['magic'] },
      'profiling_options: unknown "magic"',
    ],
  ])('%s', async (_what, action, parameters, message) => {
    const failure = await failureOf(call(action, parameters));
    expect(failure.type).toBe('ToolError');
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain(message);
    expect(failure.message).not.toMatch(/\n\s+at /);
  });
});
