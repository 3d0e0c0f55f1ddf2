/**
 * One error family for the whole server. Every error carries a stable UPPER_SNAKE code,
 * the HTTP status it maps to, whether retrying may help, and the cause it wraps.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
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

export const badRequest = (code: string, message: string, details?: unknown) =>
  new AppError(code, message, 400, { details });
export const notFound = (message: string) => new AppError('NOT_FOUND', message, 404);
export const forbidden = (code: string, message: string, details?: unknown) =>
  new AppError(code, message, 403, { details });
export const unavailable = (message: string, cause?: unknown) =>
  new AppError('DATABASE_UNAVAILABLE', message, 503, { retriable: true, cause });
