/** A response to replay byte-for-byte under an Idempotency-Key. */
export interface ApiResult<T = unknown> {
  status: number;
  body: T;
  replayed: boolean;
}
