import { createHmac, randomBytes } from 'node:crypto';
import { Environment } from './app-config.schema';

export interface AppConfig {
  env: 'development' | 'test' | 'production';
  /** embedded: PGlite + in-process Redis stand-in; external: the servers named by DATABASE_URL / REDIS_URL. */
  mode: 'embedded' | 'external';
  log: { level: Environment['LOG_LEVEL'] };
  dataDir: string;
  database: { url?: string; poolSize: number };
  redis: { url?: string; keyPrefix: string };
  api: { host: string; port: number; bodyLimitBytes: number; publicBaseUrl: string };
  limits: { batchMaxRecipients: number };
  security: { secretsKey: Buffer; signatureMaxSkewSeconds: number; nonceTtlSeconds: number };
  dispatcher: {
    id: string;
    claimBatch: number;
    /** Answered submits not yet committed, in windows of the ready channels, before claiming pauses. */
    unrecordedWindows: number;
    pollIntervalMs: number;
    leaseSeconds: number;
    maxAttempts: number;
    receiptWaitHours: number;
    carrierRefRetentionHours: number;
    channelsFile?: string;
    healthPort: number;
  };
  /** Issue 8a: `workers` redirector processes share the port (node:cluster) when above 1. */
  redirector: { host: string; port: number; workers: number };
  worker: { id: string; healthPort: number; pollIntervalMs: number; outboxBatch: number };
  simulator: {
    host: string;
    controlPort: number;
    ports: {
      cmpp3: number;
      cmpp2: number;
      sgip: number;
      sgipReceiver: number;
      smgp: number;
      smpp: number;
      sgip2: number;
      sgip2Receiver: number;
      smgp2: number;
    };
    /** Every SIM_* variable as given: behaviour knobs the simulator validates itself (see libs/carrier-sim/README.md). */
    settings: Record<string, string>;
  };
  /** Start the carrier simulator inside the process (embedded default). */
  startSimulator: boolean;
  /** Seed a demo operator account, signature, template and API key (embedded default). */
  demoSeed: boolean;
  /** Number intelligence (issue 6). */
  numbers: {
    /** Fallback check for new prefix data and overrides when a Redis notification is missed. */
    refreshIntervalMs: number;
    /** Largest prefix or override file an operator may upload. */
    importMaxBytes: number;
  };
  /** Issue 11: resellers. */
  resellers: {
    /** IANA zone of billing days and months (quotas, usage reports). */
    billingTimeZone: string;
    /** Rows each balance is spread over, so concurrent senders under one reseller do not queue on one row. */
    balanceStripes: number;
    /** Request bodies larger than this are summarised, not stored, in audit entries. */
    auditRequestMaxBytes: number;
    /** Proxies whose X-Forwarded-For is believed (Express `trust proxy`); empty trusts none. */
    trustedProxies: string[];
  };
  // Issue 7: webhooks and replies
  webhooks: {
    /** Hosts, addresses and CIDR blocks webhook URLs may point at although they are not public. */
    allowedHosts: readonly string[];
    batchSize: number;
    /** Webhook requests one worker has in flight at most. */
    concurrency: number;
    /** Parallel lanes of a new endpoint (a message's events always share one lane, keeping their order). */
    endpointLanes: number;
    /** Requests in flight per account and worker, so one customer's slow endpoints cannot take every sender. */
    accountMaxInFlight: number;
    timeoutMs: number;
    retryBaseMs: number;
    retryMaxMs: number;
    /** Events still undelivered this long after they were queued become dead letters. */
    retryWindowSeconds: number;
    pollIntervalMs: number;
    /** How long the previous signing secret still signs after a rotation. */
    secretGraceHours: number;
    deadLetterDays: number;
    /** `npm start`'s demo receiver, which the demo account's webhooks go to. */
    demoPort: number;
  };
  /** Issue 9a: compliance at acceptance. */
  compliance: {
    /** Default unsubscribe text appended to marketing. */
    unsubscribeText: string;
    /** Default quiet window, `HH:MM-HH:MM` in `timeZone`. */
    quietHours: string;
    timeZone: string;
    /** Tongdao's platform short domain, allowed in every message when `short_domains` does not exist. */
    defaultShortDomain: string | null;
    /** How often each API process checks for a new sensitive-word list version. */
    wordsReloadMs: number;
    /** How long account settings and link domains are cached per process. */
    cacheMs: number;
  };
  replies: {
    unsubscribeKeywords: readonly string[];
    /** Width of automatically assigned extension codes; 0 assigns none. */
    extensionDigits: number;
    /** How far back "the account that last messaged this phone" looks. */
    lastMessageDays: number;
  };
  // Issue 6: routing
  routing: RoutingConfig;
  // Issue 8b: per-recipient link attribution
  attribution: {
    /** HMAC key of pseudonymous recipient ids (LINK_RECIPIENT_SECRET, else derived from SECRETS_KEY). */
    recipientSecret: Buffer;
    /** Query parameter carrying the click id to the customer's site. */
    clickIdParam: string;
    /** Code length of links minted into messages (a longer code costs characters in every message). */
    messageCodeLength: number;
  };
  // Issue 8a: short links and the redirector
  shortLinks: ShortLinksConfig;
  // Issue 9b: compliance state
  complianceState: ComplianceStateConfig;
  // Issue 10a: API edge hardening
  edge: {
    /** JSON bodies nested deeper than this (objects and arrays) are refused before validation. */
    maxBodyDepth: number;
    /** A send_at at most this far in the past is sent now; older is refused as SEND_AT_IN_PAST. */
    sendAtPastSkewSeconds: number;
  };
}

export interface ShortLinksConfig {
  /** The platform's own short domain, seeded approved at boot. */
  defaultDomain: string;
  /** How short URLs are written in API answers: scheme and, when not the default, port. */
  scheme: 'http' | 'https';
  publicPort: number | null;
  codeLength: number;
  bulkMax: number;
  /** The redirector's in-process cache: entry lifetime (bounds staleness if an invalidation is missed) and size. */
  cacheTtlMs: number;
  cacheMax: number;
  redisTtlSeconds: number;
  /** Extra data-centre CIDRs on top of the built-in cloud ranges. */
  datacenterCidrs: readonly string[];
  datacenterWindowMs: number;
  writerBatch: number;
  /** Clicks per writer transaction: bounds how long the writer holds its process's event loop. */
  writerChunk: number;
  claimIdleMs: number;
  /** Which processes run the click writer (several may). */
  writerInRedirector: boolean;
  writerInWorker: boolean;
  /** Proxies whose X-Forwarded-For gives the visitor's address. */
  trustedProxies: readonly string[];
}

/** Issue 9b: frequency caps, consent, suppression and the release of held messages. */
export interface ComplianceStateConfig {
  /** Platform default cap lists per kind (`1/minute,5/hour`; empty: no cap). */
  caps: { verification: string; notification: string; marketing: string };
  /** Whether marketing needs consent on record for accounts that have not chosen. */
  consentRequiredByDefault: boolean;
  /** Permanent failures within the window that suppress a number. */
  autoSuppressFailures: number;
  autoSuppressWindowSeconds: number;
  /** Report codes meaning the number cannot receive (empty, stopped, unknown subscriber). */
  permanentFailureCodes: readonly string[];
  /** Held messages released per second, per account and in total. */
  releaseRatePerAccount: number;
  releaseRateTotal: number;
  /** How far ahead of now released messages may be scheduled. */
  releaseHorizonMs: number;
  releaseIntervalMs: number;
  releaseBatch: number;
  /** Largest opt-out CSV an account may upload. */
  importMaxBytes: number;
}

export interface RoutingConfig {
  reloadPollMs: number;
  statePublishMs: number;
  /** A submit written without an answer: resend on another channel, retry later, or fail. */
  ambiguousPolicy: 'resend' | 'retry' | 'fail';
  ambiguousRetryMs: number;
  stallTimeoutMs: number;
  breaker: {
    errorThresholdPercentage: number;
    volumeThreshold: number;
    rollingWindowMs: number;
    resetTimeoutMs: number;
    halfOpenProbes: number;
  };
  leaseTtlMs: number;
  aimd: { decreaseFactor: number; increaseStep: number; increaseIntervalMs: number };
  learning: {
    windowMs: number;
    bucketMs: number;
    evaluateMs: number;
    minSamples: number;
    rateMargin: number;
    latencyFactor: number;
    latencyFloorMs: number;
    stepSamples: number;
    dwellMs: number;
    demotedWeightFactor: number;
    probeIntervalMs: number;
  };
}

export function toAppConfig(env: Environment, raw: Record<string, string> = {}): AppConfig {
  const embedded = !env.DATABASE_URL;
  return {
    env: env.NODE_ENV,
    mode: embedded ? 'embedded' : 'external',
    log: { level: env.LOG_LEVEL },
    dataDir: env.DATA_DIR,
    database: { url: env.DATABASE_URL, poolSize: env.DATABASE_POOL_SIZE },
    redis: { url: env.REDIS_URL, keyPrefix: env.REDIS_KEY_PREFIX },
    api: {
      host: env.API_HOST,
      port: env.API_PORT,
      bodyLimitBytes: env.API_BODY_LIMIT_BYTES,
      publicBaseUrl: env.API_PUBLIC_BASE_URL ?? `http://${env.API_HOST}:${env.API_PORT}`,
    },
    limits: { batchMaxRecipients: env.BATCH_MAX_RECIPIENTS },
    security: {
      // Embedded mode may run without a configured key; production must set one so that
      // encrypted secrets survive restarts (enforced in loadConfig).
      secretsKey: env.SECRETS_KEY ? Buffer.from(env.SECRETS_KEY, 'hex') : embeddedSecretsKey(),
      signatureMaxSkewSeconds: env.SIGNATURE_MAX_SKEW_SECONDS,
      nonceTtlSeconds: env.NONCE_TTL_SECONDS,
    },
    dispatcher: {
      id: env.DISPATCHER_ID ?? `dispatcher-${process.pid}-${randomBytes(3).toString('hex')}`,
      claimBatch: env.DISPATCHER_CLAIM_BATCH,
      unrecordedWindows: env.DISPATCHER_UNRECORDED_WINDOWS,
      pollIntervalMs: env.DISPATCHER_POLL_INTERVAL_MS,
      leaseSeconds: env.DISPATCHER_LEASE_SECONDS,
      maxAttempts: env.DISPATCHER_MAX_ATTEMPTS,
      receiptWaitHours: env.RECEIPT_WAIT_HOURS,
      carrierRefRetentionHours: Math.max(env.CARRIER_REF_RETENTION_HOURS, env.RECEIPT_WAIT_HOURS),
      channelsFile: env.CHANNELS_FILE,
      healthPort: env.DISPATCHER_HEALTH_PORT,
    },
    redirector: { host: env.REDIRECTOR_HOST, port: env.REDIRECTOR_PORT, workers: env.REDIRECTOR_WORKERS },
    worker: {
      id: env.WORKER_ID ?? `worker-${process.pid}-${randomBytes(3).toString('hex')}`,
      healthPort: env.WORKER_HEALTH_PORT,
      pollIntervalMs: env.WORKER_POLL_INTERVAL_MS,
      outboxBatch: env.WORKER_OUTBOX_BATCH,
    },
    simulator: {
      host: env.SIM_HOST,
      controlPort: env.SIM_CONTROL_PORT,
      ports: {
        cmpp3: env.SIM_CMPP3_PORT,
        cmpp2: env.SIM_CMPP2_PORT,
        sgip: env.SIM_SGIP_PORT,
        sgipReceiver: env.SIM_SGIP_RECEIVER_PORT,
        smgp: env.SIM_SMGP_PORT,
        smpp: env.SIM_SMPP_PORT,
        sgip2: env.SIM_SGIP2_PORT,
        sgip2Receiver: env.SIM_SGIP2_RECEIVER_PORT,
        smgp2: env.SIM_SMGP2_PORT,
      },
      settings: Object.fromEntries(Object.entries(raw).filter(([name]) => name.startsWith('SIM_'))),
    },
    startSimulator: env.START_SIMULATOR ?? embedded,
    demoSeed: env.DEMO_SEED ?? embedded,
    numbers: {
      refreshIntervalMs: env.NUMBERS_REFRESH_INTERVAL_MS,
      importMaxBytes: env.NUMBERS_IMPORT_MAX_BYTES,
    },
    resellers: {
      billingTimeZone: env.BILLING_TIMEZONE,
      balanceStripes: env.BILLING_BALANCE_STRIPES,
      auditRequestMaxBytes: env.AUDIT_REQUEST_MAX_BYTES,
      trustedProxies: env.API_TRUSTED_PROXIES,
    },
    // Issue 7: webhooks and replies
    webhooks: {
      allowedHosts: env.WEBHOOK_ALLOWED_HOSTS ?? (embedded ? EMBEDDED_WEBHOOK_HOSTS : []),
      batchSize: env.WEBHOOK_BATCH_SIZE,
      concurrency: env.WEBHOOK_CONCURRENCY,
      endpointLanes: env.WEBHOOK_ENDPOINT_LANES,
      accountMaxInFlight: env.WEBHOOK_ACCOUNT_MAX_IN_FLIGHT,
      timeoutMs: env.WEBHOOK_TIMEOUT_MS,
      retryBaseMs: env.WEBHOOK_RETRY_BASE_MS,
      retryMaxMs: env.WEBHOOK_RETRY_MAX_MS,
      retryWindowSeconds: env.WEBHOOK_RETRY_WINDOW_SECONDS,
      pollIntervalMs: env.WEBHOOK_POLL_INTERVAL_MS,
      secretGraceHours: env.WEBHOOK_SECRET_GRACE_HOURS,
      deadLetterDays: env.WEBHOOK_DEAD_LETTER_DAYS,
      demoPort: env.WEBHOOK_DEMO_PORT,
    },
    replies: {
      unsubscribeKeywords: env.REPLY_UNSUBSCRIBE_KEYWORDS,
      extensionDigits: env.REPLY_EXTENSION_DIGITS,
      lastMessageDays: env.REPLY_LAST_MESSAGE_DAYS,
    },
    routing: routingConfig(env),
    // Issue 8a: short links and the redirector
    shortLinks: {
      defaultDomain: env.SHORT_LINK_DEFAULT_DOMAIN,
      scheme: env.SHORT_LINK_SCHEME ?? (embedded ? 'http' : 'https'),
      publicPort: env.SHORT_LINK_PUBLIC_PORT ?? (embedded ? env.REDIRECTOR_PORT : null),
      codeLength: env.SHORT_LINK_CODE_LENGTH,
      bulkMax: env.SHORT_LINK_BULK_MAX,
      cacheTtlMs: env.SHORT_LINK_CACHE_TTL_MS,
      cacheMax: env.SHORT_LINK_CACHE_MAX,
      redisTtlSeconds: env.SHORT_LINK_REDIS_TTL_SECONDS,
      datacenterCidrs: env.SHORT_LINK_DATACENTER_CIDRS ?? [],
      datacenterWindowMs: env.SHORT_LINK_DATACENTER_WINDOW_SECONDS * 1000,
      writerBatch: env.SHORT_LINK_WRITER_BATCH,
      writerChunk: env.SHORT_LINK_WRITER_CHUNK,
      claimIdleMs: env.SHORT_LINK_CLAIM_IDLE_MS,
      writerInRedirector: env.REDIRECTOR_CLICK_WRITER,
      writerInWorker: env.WORKER_CLICK_WRITER,
      trustedProxies: env.REDIRECTOR_TRUSTED_PROXIES,
    },
    // Issue 8b: per-recipient link attribution
    attribution: {
      recipientSecret: env.LINK_RECIPIENT_SECRET
        ? Buffer.from(env.LINK_RECIPIENT_SECRET, 'utf8')
        : createHmac('sha256', env.SECRETS_KEY ? Buffer.from(env.SECRETS_KEY, 'hex') : embeddedSecretsKey())
            .update('tongdao:recipient-id')
            .digest(),
      clickIdParam: env.LINK_CLICK_ID_PARAM,
      messageCodeLength: env.LINK_MESSAGE_CODE_LENGTH,
    },
    // Issue 9a: compliance at acceptance
    compliance: {
      unsubscribeText: env.COMPLIANCE_UNSUBSCRIBE_TEXT,
      quietHours: env.COMPLIANCE_QUIET_HOURS,
      timeZone: env.COMPLIANCE_TIMEZONE,
      defaultShortDomain: env.COMPLIANCE_DEFAULT_SHORT_DOMAIN?.toLowerCase() ?? null,
      wordsReloadMs: env.COMPLIANCE_WORDS_RELOAD_MS,
      cacheMs: env.COMPLIANCE_CACHE_MS,
    },
    // Issue 9b: compliance state
    complianceState: {
      caps: {
        verification: env.COMPLIANCE_CAPS_VERIFICATION,
        notification: env.COMPLIANCE_CAPS_NOTIFICATION,
        marketing: env.COMPLIANCE_CAPS_MARKETING,
      },
      consentRequiredByDefault: env.COMPLIANCE_CONSENT_REQUIRED,
      autoSuppressFailures: env.COMPLIANCE_AUTO_SUPPRESS_FAILURES,
      autoSuppressWindowSeconds: env.COMPLIANCE_AUTO_SUPPRESS_WINDOW_DAYS * 86_400,
      permanentFailureCodes: env.COMPLIANCE_PERMANENT_FAILURE_CODES,
      releaseRatePerAccount: env.COMPLIANCE_RELEASE_RATE_PER_ACCOUNT,
      releaseRateTotal: env.COMPLIANCE_RELEASE_RATE_TOTAL,
      releaseHorizonMs: env.COMPLIANCE_RELEASE_HORIZON_SECONDS * 1000,
      releaseIntervalMs: env.COMPLIANCE_RELEASE_INTERVAL_MS,
      releaseBatch: env.COMPLIANCE_RELEASE_BATCH,
      importMaxBytes: env.COMPLIANCE_IMPORT_MAX_BYTES,
    },
    // Issue 10a: API edge hardening
    edge: {
      maxBodyDepth: env.API_MAX_BODY_DEPTH,
      sendAtPastSkewSeconds: env.API_SEND_AT_PAST_SKEW_SECONDS,
    },
  };
}

// Issue 6: routing
function routingConfig(env: Environment): RoutingConfig {
  return {
    reloadPollMs: env.ROUTING_RELOAD_POLL_MS,
    statePublishMs: env.ROUTING_STATE_PUBLISH_MS,
    ambiguousPolicy: env.ROUTING_AMBIGUOUS_POLICY,
    ambiguousRetryMs: env.ROUTING_AMBIGUOUS_RETRY_MS,
    stallTimeoutMs: env.ROUTING_STALL_TIMEOUT_MS,
    breaker: {
      errorThresholdPercentage: env.ROUTING_BREAKER_ERROR_PERCENT,
      volumeThreshold: env.ROUTING_BREAKER_VOLUME,
      rollingWindowMs: env.ROUTING_BREAKER_WINDOW_MS,
      resetTimeoutMs: env.ROUTING_BREAKER_RESET_MS,
      halfOpenProbes: env.ROUTING_BREAKER_PROBES,
    },
    leaseTtlMs: env.ROUTING_LEASE_TTL_MS,
    aimd: {
      decreaseFactor: env.ROUTING_AIMD_DECREASE,
      increaseStep: env.ROUTING_AIMD_STEP,
      increaseIntervalMs: env.ROUTING_AIMD_INTERVAL_MS,
    },
    learning: {
      windowMs: env.ROUTING_LEARNING_WINDOW_SECONDS * 1000,
      bucketMs: env.ROUTING_LEARNING_BUCKET_SECONDS * 1000,
      evaluateMs: env.ROUTING_LEARNING_EVALUATE_MS,
      minSamples: env.ROUTING_LEARNING_MIN_SAMPLES,
      rateMargin: env.ROUTING_LEARNING_RATE_MARGIN,
      latencyFactor: env.ROUTING_LEARNING_LATENCY_FACTOR,
      latencyFloorMs: env.ROUTING_LEARNING_LATENCY_FLOOR_MS,
      stepSamples: env.ROUTING_LEARNING_STEP_SAMPLES,
      dwellMs: env.ROUTING_LEARNING_DWELL_SECONDS * 1000,
      demotedWeightFactor: env.ROUTING_LEARNING_DEMOTED_WEIGHT,
      probeIntervalMs: env.ROUTING_LEARNING_PROBE_INTERVAL_MS,
    },
  };
}

/** `npm start` runs every app and its demo receiver on this machine, so loopback webhooks are allowed there. */
const EMBEDDED_WEBHOOK_HOSTS = ['localhost', '127.0.0.1', '::1'];

/** A fixed development key: embedded data under ./data stays readable across restarts. Never used in production. */
function embeddedSecretsKey(): Buffer {
  return Buffer.from('746f6e6764616f2d656d6265646465642d6465762d6b65792d6e6f742d70726f', 'hex');
}
