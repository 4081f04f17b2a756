import { z } from 'zod';
import { BillingCalendar } from '@tongdao/billing';
import { normalizeAllowlist } from '@tongdao/ip-allowlist';
import { allowListEntryProblem } from '@tongdao/net-safety';
import { DEFAULT_UNSUBSCRIBE_KEYWORDS } from '@tongdao/replies';
import { DEFAULT_CAP_TEXT, parseCapList } from '@tongdao/compliance-state/cap-spec';
import { DEFAULT_PERMANENT_FAILURE_CODES } from '@tongdao/compliance-state/permanent-failure';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const positiveNumber = z.coerce.number().positive();
const fraction = z.coerce.number().gt(0).lt(1);
const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** `a, b,c` → ['a', 'b', 'c'] (empty entries dropped). */
const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== ''),
);

/** Issue 9b: a frequency-cap list such as `1/minute,5/hour,10/day` (empty: no cap). */
const capList = z.string().superRefine((text, context) => {
  const problem = capListProblem(text);
  if (problem) context.addIssue({ code: 'custom', message: problem });
});

/**
 * Every environment variable Tongdao reads, in one place. Defaults are the embedded
 * development setup, so `npm start` needs no configuration at all.
 */
export const environmentSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  DATABASE_POOL_SIZE: positiveInt.default(10),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),
  API_BODY_LIMIT_BYTES: positiveInt.default(8 * 1024 * 1024),
  API_PUBLIC_BASE_URL: z.url().optional(),
  BATCH_MAX_RECIPIENTS: positiveInt.max(100_000).default(10_000),
  SECRETS_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (a 256-bit key)')
    .optional(),
  SIGNATURE_MAX_SKEW_SECONDS: positiveInt.default(300),
  NONCE_TTL_SECONDS: positiveInt.default(600),
  DISPATCHER_ID: z.string().min(1).optional(),
  DISPATCHER_CLAIM_BATCH: positiveInt.default(500),
  DISPATCHER_UNRECORDED_WINDOWS: positiveInt.default(4),
  DISPATCHER_POLL_INTERVAL_MS: positiveInt.default(200),
  DISPATCHER_LEASE_SECONDS: positiveInt.default(15),
  DISPATCHER_MAX_ATTEMPTS: positiveInt.default(5),
  /** How long a status report may wait for its submit to be recorded, and how long a submit waits for its report. */
  RECEIPT_WAIT_HOURS: positiveInt.default(72),
  /** How long carrier message ids stay matchable (at least RECEIPT_WAIT_HOURS). */
  CARRIER_REF_RETENTION_HOURS: positiveInt.default(168),
  CHANNELS_FILE: z.string().min(1).optional(),
  REDIRECTOR_HOST: z.string().min(1).default('127.0.0.1'),
  REDIRECTOR_PORT: port.default(3100),
  DISPATCHER_HEALTH_PORT: port.default(3200),
  SIM_HOST: z.string().min(1).default('127.0.0.1'),
  SIM_CONTROL_PORT: port.default(7000),
  SIM_CMPP3_PORT: port.default(7890),
  SIM_CMPP2_PORT: port.default(7891),
  SIM_SGIP_PORT: port.default(8801),
  SIM_SGIP_RECEIVER_PORT: port.default(8802),
  SIM_SMGP_PORT: port.default(8890),
  SIM_SMPP_PORT: port.default(2775),
  // Worker (outbox consumers)
  WORKER_ID: z.string().min(1).optional(),
  WORKER_HEALTH_PORT: port.default(3300),
  WORKER_POLL_INTERVAL_MS: positiveInt.default(200),
  WORKER_OUTBOX_BATCH: positiveInt.max(10_000).default(1000),
  START_SIMULATOR: booleanFlag.optional(),
  DEMO_SEED: booleanFlag.optional(),
  // Issue 6: number intelligence
  NUMBERS_REFRESH_INTERVAL_MS: positiveInt.min(100).default(10_000),
  NUMBERS_IMPORT_MAX_BYTES: positiveInt.default(64 * 1024 * 1024),
  // Issue 11: resellers (billing, limits, audit)
  BILLING_TIMEZONE: z
    .string()
    .refine(BillingCalendar.isValidTimeZone, 'must be an IANA time zone such as Asia/Shanghai')
    .default('Asia/Shanghai'),
  BILLING_BALANCE_STRIPES: z.coerce.number().int().min(1).max(64).default(8),
  AUDIT_REQUEST_MAX_BYTES: positiveInt.max(1024 * 1024).default(16 * 1024),
  API_TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ''),
    )
    .refine(
      (entries) => entries.every((entry) => TRUST_KEYWORDS.includes(entry) || normalizeAllowlist([entry]).ok),
      'must be a comma-separated list of IP addresses, CIDRs, loopback, linklocal or uniquelocal',
    ),
  REDIS_KEY_PREFIX: z.string().min(1).max(100).default('tongdao:'),
  // Issue 6: routing
  SIM_SGIP2_PORT: port.default(8803),
  SIM_SGIP2_RECEIVER_PORT: port.default(8804),
  SIM_SMGP2_PORT: port.default(8891),
  ROUTING_RELOAD_POLL_MS: positiveInt.default(5_000),
  ROUTING_STATE_PUBLISH_MS: positiveInt.default(2_000),
  ROUTING_AMBIGUOUS_POLICY: z.enum(['resend', 'retry', 'fail']).default('resend'),
  ROUTING_AMBIGUOUS_RETRY_MS: positiveInt.default(30_000),
  ROUTING_STALL_TIMEOUT_MS: positiveInt.min(100).default(500),
  ROUTING_BREAKER_ERROR_PERCENT: positiveNumber.max(100).default(50),
  ROUTING_BREAKER_VOLUME: positiveInt.default(20),
  ROUTING_BREAKER_WINDOW_MS: positiveInt.min(100).default(10_000),
  ROUTING_BREAKER_RESET_MS: positiveInt.default(5_000),
  ROUTING_BREAKER_PROBES: positiveInt.max(1_000).default(3),
  ROUTING_LEASE_TTL_MS: positiveInt.min(1_000).default(15_000),
  ROUTING_AIMD_DECREASE: fraction.default(0.5),
  ROUTING_AIMD_STEP: fraction.default(0.05),
  ROUTING_AIMD_INTERVAL_MS: positiveInt.default(1_000),
  ROUTING_LEARNING_WINDOW_SECONDS: positiveInt.default(300),
  ROUTING_LEARNING_BUCKET_SECONDS: positiveInt.default(10),
  ROUTING_LEARNING_EVALUATE_MS: positiveInt.default(5_000),
  ROUTING_LEARNING_MIN_SAMPLES: positiveInt.default(50),
  ROUTING_LEARNING_RATE_MARGIN: fraction.default(0.05),
  ROUTING_LEARNING_LATENCY_FACTOR: positiveNumber.default(3),
  ROUTING_LEARNING_LATENCY_FLOOR_MS: positiveInt.default(10_000),
  ROUTING_LEARNING_STEP_SAMPLES: positiveInt.default(20),
  ROUTING_LEARNING_DWELL_SECONDS: positiveInt.default(60),
  ROUTING_LEARNING_DEMOTED_WEIGHT: fraction.default(0.25),
  ROUTING_LEARNING_PROBE_INTERVAL_MS: positiveInt.default(1_000),
  // Issue 7: webhooks and replies
  WEBHOOK_ALLOWED_HOSTS: commaList
    .superRefine((entries, context) => {
      for (const entry of entries) {
        const problem = allowListEntryProblem(entry);
        if (problem) context.addIssue({ code: 'custom', message: problem });
      }
    })
    .optional(),
  WEBHOOK_BATCH_SIZE: positiveInt.max(100).default(100),
  WEBHOOK_CONCURRENCY: positiveInt.max(1000).default(32),
  WEBHOOK_ENDPOINT_LANES: positiveInt.max(64).default(4),
  WEBHOOK_ACCOUNT_MAX_IN_FLIGHT: positiveInt.max(1000).default(8),
  WEBHOOK_TIMEOUT_MS: positiveInt.max(120_000).default(10_000),
  WEBHOOK_RETRY_BASE_MS: positiveInt.default(5_000),
  WEBHOOK_RETRY_MAX_MS: positiveInt.default(3_600_000),
  WEBHOOK_RETRY_WINDOW_SECONDS: positiveInt.default(86_400),
  WEBHOOK_POLL_INTERVAL_MS: positiveInt.max(60_000).default(100),
  WEBHOOK_SECRET_GRACE_HOURS: positiveInt.max(720).default(24),
  WEBHOOK_DEAD_LETTER_DAYS: positiveInt.max(3650).default(30),
  WEBHOOK_DEMO_PORT: port.default(3400),
  REPLY_UNSUBSCRIBE_KEYWORDS: commaList
    .refine((entries) => entries.length > 0, 'at least one keyword')
    .default([...DEFAULT_UNSUBSCRIBE_KEYWORDS]),
  REPLY_EXTENSION_DIGITS: z.coerce.number().int().min(0).max(8).default(5),
  REPLY_LAST_MESSAGE_DAYS: positiveInt.max(365).default(7),
  // Issue 8a: short links and the redirector
  SHORT_LINK_DEFAULT_DOMAIN: z
    .string()
    .regex(
      /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/,
      'must be a lower-case host name',
    )
    .default('t.tongdao.local'),
  SHORT_LINK_SCHEME: z.enum(['http', 'https']).optional(),
  SHORT_LINK_PUBLIC_PORT: port.optional(),
  SHORT_LINK_CODE_LENGTH: z.coerce.number().int().min(4).max(8).default(6),
  SHORT_LINK_BULK_MAX: positiveInt.max(1_000_000).default(100_000),
  SHORT_LINK_CACHE_TTL_MS: positiveInt.max(600_000).default(5_000),
  SHORT_LINK_CACHE_MAX: positiveInt.default(100_000),
  SHORT_LINK_REDIS_TTL_SECONDS: positiveInt.default(3_600),
  SHORT_LINK_DATACENTER_CIDRS: commaList.optional(),
  SHORT_LINK_DATACENTER_WINDOW_SECONDS: z.coerce.number().int().min(0).max(86_400).default(120),
  SHORT_LINK_WRITER_BATCH: positiveInt.max(10_000).default(1_000),
  SHORT_LINK_WRITER_CHUNK: positiveInt.max(100_000).default(200),
  SHORT_LINK_CLAIM_IDLE_MS: positiveInt.min(1_000).default(30_000),
  REDIRECTOR_CLICK_WRITER: booleanFlag.default(true),
  REDIRECTOR_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
  WORKER_CLICK_WRITER: booleanFlag.default(false),
  REDIRECTOR_TRUSTED_PROXIES: commaList
    .refine(
      (entries) => normalizeAllowlist(entries).ok,
      'must be a comma-separated list of IP addresses or CIDRs',
    )
    .default([]),
  // Issue 8b: per-recipient link attribution
  LINK_RECIPIENT_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  LINK_CLICK_ID_PARAM: z
    .string()
    .regex(/^[A-Za-z0-9_]{1,32}$/, '1-32 letters, digits or _')
    .default('td_cid'),
  LINK_MESSAGE_CODE_LENGTH: z.coerce.number().int().min(4).max(8).default(6),
  // Issue 9a: compliance at acceptance
  COMPLIANCE_UNSUBSCRIBE_TEXT: z.string().min(1).max(20).default('回TD退订'),
  COMPLIANCE_QUIET_HOURS: z
    .string()
    .regex(
      /^(off|([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d)$/,
      'must be HH:MM-HH:MM (e.g. 22:00-08:00) or off',
    )
    .default('22:00-08:00'),
  COMPLIANCE_TIMEZONE: z
    .string()
    .refine(BillingCalendar.isValidTimeZone, 'must be an IANA time zone such as Asia/Shanghai')
    .default('Asia/Shanghai'),
  COMPLIANCE_DEFAULT_SHORT_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a host name such as t.tongdao.cn')
    .optional(),
  COMPLIANCE_WORDS_RELOAD_MS: positiveInt.min(100).default(5_000),
  COMPLIANCE_CACHE_MS: z.coerce.number().int().min(0).default(5_000),
  // Issue 9b: compliance state (frequency caps, consent, suppression, release of held messages)
  COMPLIANCE_CAPS_VERIFICATION: capList.default(DEFAULT_CAP_TEXT.verification),
  COMPLIANCE_CAPS_NOTIFICATION: capList.default(DEFAULT_CAP_TEXT.notification),
  COMPLIANCE_CAPS_MARKETING: capList.default(DEFAULT_CAP_TEXT.marketing),
  COMPLIANCE_CONSENT_REQUIRED: booleanFlag.default(false),
  COMPLIANCE_AUTO_SUPPRESS_FAILURES: positiveInt.max(1000).default(3),
  COMPLIANCE_AUTO_SUPPRESS_WINDOW_DAYS: positiveInt.max(3650).default(30),
  COMPLIANCE_PERMANENT_FAILURE_CODES: commaList.default([...DEFAULT_PERMANENT_FAILURE_CODES]),
  COMPLIANCE_RELEASE_RATE_PER_ACCOUNT: positiveNumber.max(100_000).default(50),
  COMPLIANCE_RELEASE_RATE_TOTAL: positiveNumber.max(1_000_000).default(500),
  COMPLIANCE_RELEASE_HORIZON_SECONDS: positiveInt.max(3600).default(30),
  COMPLIANCE_RELEASE_INTERVAL_MS: positiveInt.max(60_000).default(1000),
  COMPLIANCE_RELEASE_BATCH: positiveInt.max(50_000).default(2000),
  COMPLIANCE_IMPORT_MAX_BYTES: positiveInt.default(64 * 1024 * 1024),
  // Issue 10a: API edge hardening
  API_MAX_BODY_DEPTH: positiveInt.max(1_000).default(32),
  API_SEND_AT_PAST_SKEW_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
});

// Issue 9b: `1/minute,5/hour` (empty: no cap), checked at boot like every other variable.
function capListProblem(text: string): string | null {
  const parsed = parseCapList(text);
  return parsed.ok ? null : parsed.problem;
}

const TRUST_KEYWORDS = ['loopback', 'linklocal', 'uniquelocal'];

export type Environment = z.infer<typeof environmentSchema>;
