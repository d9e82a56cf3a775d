// RFC 9457 problem details (REST) and `error` frames (WebSocket) as typed exceptions.

/** Stable machine-readable codes of the contract. */
export type ErrorCode =
  | 'unauthorized' | 'forbidden' | 'blocked' | 'banned' | 'not_found' | 'validation_failed'
  | 'malformed_request' | 'conflict' | 'payload_too_large' | 'unsupported_media_type' | 'rate_limited'
  | 'unavailable' | 'token_expired' | 'internal'
  | (string & {});

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: FieldError[];
}

/** Any error the service answered (a problem-details body, or an `error` frame when status is 0). */
export class PulseApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly title?: string;
  readonly detail?: string;
  readonly errors: FieldError[];

  constructor(status: number, problem: ProblemDetails) {
    super(problem.detail || problem.title || problem.code || `HTTP ${status}`);
    this.name = new.target.name;
    this.status = status;
    this.code = problem.code ?? codeForStatus(status);
    this.title = problem.title;
    this.detail = problem.detail;
    this.errors = problem.errors ?? [];
  }
}

export class UnauthorizedError extends PulseApiError {}
/** 403: `forbidden`, `blocked` or `banned` (see `code`). */
export class ForbiddenError extends PulseApiError {}
export class NotFoundError extends PulseApiError {}
/** 400: `validation_failed` (with `errors`) or `malformed_request`. */
export class ValidationError extends PulseApiError {}
export class ConflictError extends PulseApiError {}
export class PayloadTooLargeError extends PulseApiError {}
export class RateLimitedError extends PulseApiError {
  /** Seconds from `Retry-After`, when given. */
  retryAfterSeconds?: number;
}
export class UnavailableError extends PulseApiError {}

/** The request never got an answer (network down, aborted). */
export class NetworkError extends Error {
  constructor(message: string, readonly cause?: unknown) {
    super(message);
    this.name = 'NetworkError';
  }
}

/** The realtime client was closed, or gave up (banned, too many connections, bad token). */
export class ClientClosedError extends Error {
  constructor(readonly reason: string) {
    super(`the client is closed: ${reason}`);
    this.name = 'ClientClosedError';
  }
}

function codeForStatus(status: number): string {
  switch (status) {
    case 400: return 'validation_failed';
    case 401: return 'unauthorized';
    case 403: return 'forbidden';
    case 404: return 'not_found';
    case 409: return 'conflict';
    case 413: return 'payload_too_large';
    case 415: return 'unsupported_media_type';
    case 429: return 'rate_limited';
    case 503: return 'unavailable';
    default: return status === 0 ? 'error' : 'internal';
  }
}

const STATUS_OF_CODE: Record<string, number> = {
  unauthorized: 401, token_expired: 401, forbidden: 403, blocked: 403, banned: 403, not_found: 404,
  validation_failed: 400, malformed_request: 400, conflict: 409, payload_too_large: 413,
  unsupported_media_type: 415, rate_limited: 429, unavailable: 503,
};

/** The typed exception for a status and problem body. */
export function apiError(status: number, problem: ProblemDetails, retryAfter?: string | null): PulseApiError {
  const code = problem.code ?? codeForStatus(status);
  switch (STATUS_OF_CODE[code] ?? status) {
    case 401: return new UnauthorizedError(status, problem);
    case 403: return new ForbiddenError(status, problem);
    case 404: return new NotFoundError(status, problem);
    case 400: return new ValidationError(status, problem);
    case 409: return new ConflictError(status, problem);
    case 413: return new PayloadTooLargeError(status, problem);
    case 429: {
      const error = new RateLimitedError(status, problem);
      const seconds = retryAfter != null ? Number(retryAfter) : NaN;
      if (Number.isFinite(seconds)) error.retryAfterSeconds = seconds;
      return error;
    }
    case 503: return new UnavailableError(status, problem);
    default: return new PulseApiError(status, problem);
  }
}

/** The typed exception for an `error` frame (status 0: it came over the socket). */
export function frameError(code: string, message: string): PulseApiError {
  return apiError(0, { code, detail: message });
}
