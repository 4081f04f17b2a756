export interface ErrorBody {
  error: {
    code: string;
    message: string;
    field?: string;
    /** The precise cause within `code`, where a code has several (e.g. `PHONE_INVALID_PREFIX`). */
    reason?: string;
    details?: Record<string, unknown>;
    request_id?: string;
  };
}
