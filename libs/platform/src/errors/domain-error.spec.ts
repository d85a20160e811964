import { DomainError, domainErrorOf } from './domain-error';

type ExampleCode = 'EXAMPLE_OPEN' | 'EXAMPLE_CLOSED';
const ExampleError = domainErrorOf<ExampleCode>();

describe('typed error codes', () => {
  it('are DomainErrors to the edge, with the kind and code they were given', () => {
    const error = new ExampleError('conflict', 'EXAMPLE_CLOSED', 'It is closed.', { missing: ['x'] });
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toBeInstanceOf(Error);
    expect({ kind: error.kind, code: error.code, message: error.message, extras: error.extras, name: error.name }).toEqual({
      kind: 'conflict',
      code: 'EXAMPLE_CLOSED',
      message: 'It is closed.',
      extras: { missing: ['x'] },
      name: 'DomainError',
    });
  });

  it('refuse a code outside the context’s union at compile time (npm run typecheck)', () => {
    // @ts-expect-error EXAMPLE_TYPO is not an ExampleCode: if this compiled, the union would not guard anything.
    const typo = new ExampleError('rule', 'EXAMPLE_TYPO', 'never type-checks');
    expect(typo.code).toBe('EXAMPLE_TYPO');
  });
});
