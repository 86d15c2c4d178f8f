// validation called directly: JSON Schema with ajv, the modes, CSV row by row, infer_schema.
import { describe, expect, it } from 'vitest';
import { failureOf, toolCaller } from './call-tool.js';

const call = toolCaller('validation', () => '/tmp');

const orderSchema = {
  type: 'object',
  properties: {
    order_id: { type: 'string', pattern: '^ORD-[0-9]{6}$' },
    quantity: { type: 'integer', minimum: 1 },
    unit_price: { type: 'number', minimum: 0 },
    order_date: { type: 'string', format: 'date' },
    email: { type: 'string', format: 'email' },
    status: { type: 'string', enum: ['pending', 'shipped'] },
  },
  required: ['order_id', 'quantity'],
};

describe('validation: validate', () => {
  it('passes valid data and returns it', async () => {
    const data = { order_id: 'ORD-000001', quantity: 2, order_date: '2024-02-29', email: 'a@b.co' };
    expect(await call('validate', { data, schema: orderSchema })).toEqual({
      valid: true,
      errors: [],
      warnings: [],
      data,
      mode: 'strict',
      rows_validated: 1,
    });
  });

  it.each([
    ['a pattern', { order_id: 'X-1', quantity: 1 }, '/order_id', 'must match pattern "^ORD-[0-9]{6}$"'],
    ['a minimum', { order_id: 'ORD-000001', quantity: 0 }, '/quantity', 'must be >= 1'],
    ['a type', { order_id: 'ORD-000001', quantity: '2' }, '/quantity', 'must be integer'],
    ['a required property', { order_id: 'ORD-000001' }, '/quantity', "must have required property 'quantity'"],
    [
      'a date format',
      { order_id: 'ORD-000001', quantity: 1, order_date: '2023-02-29' },
      '/order_date',
      'must match format "date"',
    ],
    [
      'an email format',
      { order_id: 'ORD-000001', quantity: 1, email: 'nobody' },
      '/email',
      'must match format "email"',
    ],
    [
      'an enum',
      { order_id: 'ORD-000001', quantity: 1, status: 'lost' },
      '/status',
      'must be equal to one of the allowed values: "pending", "shipped"',
    ],
  ])('strict mode reports %s', async (_what, data, path, message) => {
    const result = await call('validate', { data, schema: orderSchema, mode: 'STRICT' });
    expect(result.valid).toBe(false);
    expect(result.errors).toEqual([{ path, message }]);
  });

  it('lenient mode repairs types and reports what remains as warnings', async () => {
    const data = { order_id: 'bad', quantity: '3', unit_price: '9.5' };
    const result = await call('validate', { data, schema: orderSchema, mode: 'LENIENT' });
    expect(result).toMatchObject({
      valid: true,
      errors: [],
      mode: 'lenient',
      data: { order_id: 'bad', quantity: 3, unit_price: 9.5 },
    });
    expect(result.warnings).toEqual([{ path: '/order_id', message: 'must match pattern "^ORD-[0-9]{6}$"' }]);
    expect(data.quantity).toBe('3');
  });

  it('report_only mode never fails and changes nothing', async () => {
    const result = await call('validate', { data: { quantity: '3' }, schema: orderSchema, mode: 'report_only' });
    expect(result).toMatchObject({ valid: true, errors: [], data: { quantity: '3' } });
    expect((result.warnings as unknown[]).length).toBe(2);
  });

  it('validates CSV text row by row, reading cells as the schema types them', async () => {
    const csv =
      'order_id,quantity,unit_price,order_date,status\nORD-000001,2,10.5,2024-01-15,pending\nORD-2,x,1,2024-01-16,\nORD-000003,,1,2024-01-17,shipped\n';
    const result = await call('validate', { data: csv, schema: orderSchema, mode: 'csv' });
    expect(result).toMatchObject({ valid: false, mode: 'csv', rows_validated: 3 });
    expect((result.data as unknown[])[0]).toEqual({
      order_id: 'ORD-000001',
      quantity: 2,
      unit_price: 10.5,
      order_date: '2024-01-15',
      status: 'pending',
    });
    expect(result.errors).toEqual([
      { path: '/1/order_id', message: 'must match pattern "^ORD-[0-9]{6}$"' },
      { path: '/1/quantity', message: 'must be integer' },
      { path: '/2/quantity', message: "must have required property 'quantity'" },
    ]);
  });

  it('reads CSV text in lenient mode too (data_processing_pipeline.yaml)', async () => {
    const csv = 'order_id,quantity\nORD-000001,2\nORD-000002,1\n';
    expect(await call('validate', { data: csv, schema: orderSchema, mode: 'LENIENT' })).toMatchObject({
      valid: true,
      rows_validated: 2,
      data: [
        { order_id: 'ORD-000001', quantity: 2 },
        { order_id: 'ORD-000002', quantity: 1 },
      ],
    });
  });

  it('validates JSON text, and a list against an array schema as a whole', async () => {
    expect(await call('validate', { data: '{"a": 1}', schema: { type: 'object', required: ['a'] } })).toMatchObject({
      valid: true,
      data: { a: 1 },
    });
    expect(await call('validate', { data: [1, 2], schema: { type: 'array', maxItems: 1 } })).toMatchObject({
      valid: false,
      errors: [{ path: '/', message: 'must NOT have more than 1 items' }],
    });
  });

  it.each([
    ['a schema that is not an object', { data: 1, schema: 'string' }, 'schema must be a JSON Schema object'],
    ['an invalid schema', { data: 1, schema: { type: 'strnig' } }, 'the schema is not a valid JSON Schema'],
    ['an unknown mode', { data: 1, schema: {}, mode: 'gentle' }, 'mode must be strict, lenient, report_only or csv'],
  ])('fails non-retryably on %s', async (_what, parameters, message) => {
    const failure = await failureOf(call('validate', parameters));
    expect(failure.nonRetryable).toBe(true);
    expect(failure.message).toContain(message);
  });
});

describe('validation: infer_schema', () => {
  it('infers a schema the data satisfies', async () => {
    const data = [
      { id: 1, name: 'a', tags: ['x'] },
      { id: 2.5, name: 'b' },
    ];
    const { schema } = await call('infer_schema', { data });
    expect(schema).toMatchObject({
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name'],
        properties: {
          id: { type: 'number' },
          name: { type: 'string' },
          tags: { type: 'array', items: { type: 'string' } },
        },
      },
    });
    expect(await call('validate', { data, schema })).toMatchObject({ valid: true });
  });
});
