/**
 * One error vocabulary: a code `kind:subject` that the HTTP layer maps to a status.
 * Expected outcomes are returned as values; AppError is for requests that cannot go on.
 */
export type ErrorKind =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'unavailable';

const STATUS: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
};

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly details?: unknown;

  constructor(code: `${ErrorKind}:${string}`, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.kind = code.split(':')[0] as ErrorKind;
    this.details = details;
  }

  get status(): number {
    return STATUS[this.kind];
  }
}

export function isAppError(error: unknown, code?: string): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}
