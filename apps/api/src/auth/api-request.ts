import type { Request } from 'express';
import { Principal } from './principal';

/** An Express request after the raw-body capture (configure-api-app) and authentication. */
export interface ApiRequest extends Request {
  rawBody?: Buffer;
  principal?: Principal;
}
