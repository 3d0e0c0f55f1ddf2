/**
 * One error family for the whole server. Every error carries a stable UPPER_SNAKE code,
 * the HTTP status it maps to, whether retrying may help, and the cause it wraps.
 */

/** Every code an API error body can carry; the OpenAPI document lists them as an enum. */
export const ERROR_CODES = [
  // Request shape
  'INVALID_REQUEST',
  'INVALID_BODY',
  'INVALID_PATH',
  'INVALID_CURSOR',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'NOT_FOUND',
  'PATH_TOO_LONG',
  'RATE_LIMITED',
  'HOST_NOT_ALLOWED',
  'UNAUTHORIZED',
  // Sign-in and roles
  'UNAUTHENTICATED',
  'INVALID_CREDENTIALS',
  'FORBIDDEN_ROLE',
  'CROSS_SITE_REQUEST',
  'AUTH_OFF',
  'PASSWORD_SIGN_IN_OFF',
  'SSO_OFF',
  'SSO_FAILED',
  'SSO_NO_ROLE',
  'SSO_NAME_TAKEN',
  // The read-only console
  'CYPHER_SYNTAX_ERROR',
  'CYPHER_ERROR',
  'QUERY_NOT_READ_ONLY',
  'QUERY_NOT_ALLOWED',
  'QUERY_TIMEOUT',
  'QUERY_TOO_COMPLEX',
  'QUERY_MEMORY_LIMIT',
  // Seed files
  'SEED_UPLOAD_DISABLED',
  'SEED_INVALID_NAME',
  'SEED_PARSE_ERROR',
  'SEED_STATEMENT_FAILED',
  'SEED_FILE_ACCESS_REFUSED',
  'SEED_CHECKSUM_CHANGED',
  'SEED_TRANSACTION_BLOCK',
  'SEED_EVIDENCE_NOT_KEYED',
  'SEED_STATEMENT_REFUSED',
  'SEED_STATEMENT_TOO_LARGE',
  'SEED_RESERVED_DATA_TOUCHED',
  // Investigations
  'VERSION_CONFLICT',
  'FORBIDDEN_INVESTIGATION',
  // The server and its database
  'DATABASE_UNAVAILABLE',
  'DATABASE_BUSY',
  'DATABASE_AUTH_FAILED',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
    readonly options: { retriable?: boolean; details?: unknown; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
  }
  get retriable(): boolean {
    return this.options.retriable ?? false;
  }
  get details(): unknown {
    return this.options.details;
  }
}

export const badRequest = (code: ErrorCode, message: string, details?: unknown) =>
  new AppError(code, message, 400, { details });
export const notFound = (message: string) => new AppError('NOT_FOUND', message, 404);
export const forbidden = (code: ErrorCode, message: string, details?: unknown) =>
  new AppError(code, message, 403, { details });
export const unavailable = (message: string, cause?: unknown) =>
  new AppError('DATABASE_UNAVAILABLE', message, 503, { retriable: true, cause });
