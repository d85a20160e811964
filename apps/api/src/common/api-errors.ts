import { domainErrorOf } from '@oneroof/platform';

/** Codes that only the HTTP edge answers with (its own concerns, not a context's rule). */
export type ApiErrorCode = 'IDEMPOTENCY_KEY_REUSED';

export const ApiError = domainErrorOf<ApiErrorCode>();
