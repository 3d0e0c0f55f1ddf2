import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import type { ErrorResponse } from '../api-types.ts';
import { AppError } from '../errors.ts';
import type { Logger } from '../logger.ts';

/** `ErrorResponse` as sent: details are whatever the error carries. */
export interface ErrorBody {
  error: Omit<ErrorResponse['error'], 'details'> & { details?: unknown };
}

/** A read-only link's token is a bearer secret: a logged path names the route, never it. */
const LINK_TOKEN = /(\/published\/)[^/]+/gi;

/** The request path as logs may hold it. */
export function loggablePath(req: Request): string {
  return req.path.replace(LINK_TOKEN, '$1[redacted]');
}

/** Unknown routes under /api answer in the same error shape. */
export const apiNotFound: RequestHandler = (req, res) => {
  const body: ErrorBody = {
    error: { code: 'NOT_FOUND', message: `No such endpoint: ${req.method} ${req.path}` },
  };
  res.status(404).json(body);
};

/** The one error middleware: AppError keeps its status; anything else is a logged 500. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    if (error instanceof AppError) {
      const body: ErrorBody = { error: { code: error.code, message: error.message } };
      if (error.details !== undefined) body.error.details = error.details;
      if (error.status >= 500)
        logger.warn({ code: error.code, path: loggablePath(req) }, error.message);
      res.status(error.status).json(body);
      return;
    }
    if (error instanceof URIError && (error as { status?: number }).status === 400) {
      // The router could not percent-decode a path parameter (e.g. invalid UTF-8).
      const body: ErrorBody = {
        error: {
          code: 'INVALID_PATH',
          message: 'The request path is not valid percent-encoded UTF-8.',
        },
      };
      res.status(400).json(body);
      return;
    }
    const bodyParserError = error as { type?: string; status?: number; message?: string };
    if (typeof bodyParserError.status === 'number' && bodyParserError.status < 500) {
      const tooLarge = bodyParserError.type === 'entity.too.large';
      const body: ErrorBody = {
        error: {
          code: tooLarge ? 'PAYLOAD_TOO_LARGE' : 'INVALID_BODY',
          message: tooLarge
            ? 'The request body is larger than this endpoint accepts.'
            : `The request body could not be read: ${bodyParserError.message ?? 'malformed'}`,
        },
      };
      res.status(bodyParserError.status).json(body);
      return;
    }
    logger.error({ err: error, path: loggablePath(req) }, 'unhandled error');
    const body: ErrorBody = {
      error: { code: 'INTERNAL', message: 'Something went wrong on the server.' },
    };
    res.status(500).json(body);
  };
}
