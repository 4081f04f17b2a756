/** A link to insert. Without `code` the repository draws one and retries on collisions. */
export interface NewShortLink {
  domainId: string;
  accountId: string;
  targetUrl: string;
  code?: string;
  tags?: readonly string[];
  expiresAt?: Date | null;
  clickCap?: number | null;
  messageId?: string | null;
  batchId?: string | null;
  campaignRef?: string | null;
  recipientId?: string | null;
  clickIdBase?: string | null;
}

export interface InsertedShortLink {
  id: string;
  code: string;
}

export interface StoredShortLink {
  id: string;
  domainId: string;
  host: string;
  code: string;
  accountId: string;
  targetUrl: string;
  tags: string[];
  expiresAt: Date | null;
  clickCap: number | null;
  disabledAt: Date | null;
  messageId: string | null;
  batchId: string | null;
  campaignRef: string | null;
  recipientId: string | null;
  clickIdBase: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What the redirector needs to answer a code (and to attribute its clicks). */
export interface RedirectRecord {
  linkId: string;
  accountId: string;
  targetUrl: string;
  /** Epoch ms, or 0 when the link never expires. */
  expiresAt: number;
  /** 0 when there is no cap. */
  clickCap: number;
  disabled: boolean;
  messageId: string | null;
  recipientId: string | null;
}

export type ShortDomainStatus = 'pending' | 'approved' | 'rejected' | 'disabled';

export interface StoredShortDomain {
  id: string;
  accountId: string | null;
  host: string;
  status: ShortDomainStatus;
  isDefault: boolean;
  reviewerAccountId: string | null;
  reason: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}
