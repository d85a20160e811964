import { ContractValidator, type Exchange } from './contract';

/** A document of one operation, to show what the e2e suite's contract check refuses. */
const document = {
  openapi: '3.1.0',
  paths: {
    '/api/things/{id}': {
      patch: {
        requestBody: {
          content: {
            'application/json': {
              schema: { type: 'object', required: ['version'], properties: { version: { type: 'integer' } }, additionalProperties: false },
            },
          },
        },
        responses: {
          '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
          '404': { content: { 'application/problem+json': { schema: { type: 'object', required: ['status'] } } } },
        },
      },
    },
    '/api/things.csv': { get: { responses: { '200': { content: { 'text/csv': { schema: { type: 'string' } } } } } } },
  },
  components: {
    schemas: {
      Thing: {
        type: 'object',
        required: ['id', 'at', 'note'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          at: { type: 'string', format: 'date-time' },
          note: { anyOf: [{ type: 'string' }, { type: 'null' }] },
        },
      },
    },
  },
};

const thing = { id: '00000000-0000-4000-8000-000000000000', at: '2026-12-01T10:00:00.000Z', note: null };
const exchange = (overrides: Partial<Exchange>): Exchange => ({
  method: 'PATCH',
  url: '/api/things/00000000-0000-4000-8000-000000000000?x=1',
  status: 200,
  contentType: 'application/json; charset=utf-8',
  requestBody: { version: 1 },
  payload: JSON.stringify(thing),
  ...overrides,
});

describe('the contract check of every e2e answer (contract.ts)', () => {
  const validator = new ContractValidator(document);

  it('passes an answer the document describes, a null where it allows one included', () => {
    expect(validator.check(exchange({}))).toEqual([]);
    expect(validator.check(exchange({ status: 404, contentType: 'application/problem+json', payload: '{"status":404}' }))).toEqual([]);
    expect(
      validator.check(exchange({ method: 'GET', url: '/api/things.csv', contentType: 'text/csv; charset=utf-8', payload: 'a,b\n' })),
    ).toEqual([]);
  });

  it('refuses an undocumented status, a wrong content type and a body off its schema', () => {
    expect(validator.check(exchange({ status: 409 }))).toEqual(['PATCH /api/things/{id} → 409: status 409 is not documented']);
    expect(validator.check(exchange({ status: 404, payload: '{"status":404}' }))).toEqual([
      'PATCH /api/things/{id} → 404: content type application/json is not one of application/problem+json',
    ]);
    expect(validator.check(exchange({ payload: JSON.stringify({ ...thing, at: 'yesterday', note: 3 }) }))[0]).toMatch(
      /response \/at must match format "date-time"; \/note must be string/,
    );
    expect(validator.check(exchange({ method: 'DELETE' }))).toEqual(['DELETE /api/things/{id} → 200: no such operation in the document']);
  });

  it('refuses a document that would refuse a request the server took', () => {
    expect(validator.check(exchange({ requestBody: { version: '1' } }))[0]).toMatch(/request \/version must be integer/);
    expect(validator.check(exchange({ requestBody: { version: 1, extra: true } }))[0]).toMatch(
      /request \/ must NOT have additional properties/,
    );
    // A refused request (4xx) may be anything: that is what the refusal is for.
    expect(
      validator.check(exchange({ status: 404, contentType: 'application/problem+json', payload: '{"status":404}', requestBody: 'x' })),
    ).toEqual([]);
  });

  it('leaves alone what the document does not describe (the docs UI, the queue dashboard, a 404 probe)', () => {
    expect(validator.check(exchange({ method: 'GET', url: '/api/docs', contentType: 'text/html' }))).toEqual([]);
  });
});
