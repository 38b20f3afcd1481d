import type { ErrorCode } from '../errors.js';

/** The codes only the HTTP API answers with (about the request itself); the others are sertag's own `ErrorCode`s. */
export const HTTP_ERROR_CODES = ['BAD_REQUEST', 'BAD_JSON', 'BAD_LINE', 'BODY_TOO_LARGE', 'DOCUMENT_TOO_LARGE', 'UNSUPPORTED_MEDIA_TYPE', 'NOT_FOUND', 'BUSY', 'SHUTTING_DOWN', 'HEADERS_TOO_LARGE', 'TIMEOUT', 'WORKER_LOST', 'TAGGER_FAILED', 'INTERNAL'] as const;

/** Every code an error response may carry: one closed list, as `ErrorCode` is for the library and the CLI. */
export type HttpErrorCode = (typeof HTTP_ERROR_CODES)[number] | ErrorCode;

/** A request the server refuses or cannot answer, sent as `{"error": {"code", "message"}}` with `status`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: HttpErrorCode,
    message: string,
    /** Seconds, for the `Retry-After` header of a 503. */
    readonly retryAfter?: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** The JSON body of an error response. */
export function errorBody(code: HttpErrorCode, message: string): { error: { code: HttpErrorCode; message: string } } {
  return { error: { code, message } };
}
