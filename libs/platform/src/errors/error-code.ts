/**
 * Machine-readable error codes returned as `{ error: { code, message, field } }`.
 * The HTTP status of every code is decided here and nowhere else.
 */
export enum ErrorCode {
  MalformedJson = 'MALFORMED_JSON',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  ValidationFailed = 'VALIDATION_FAILED',
  UnknownField = 'UNKNOWN_FIELD',
  NotFound = 'NOT_FOUND',
  RouteNotFound = 'ROUTE_NOT_FOUND',
  MethodNotAllowed = 'METHOD_NOT_ALLOWED',
  Unauthenticated = 'UNAUTHENTICATED',
  Forbidden = 'FORBIDDEN',
  Conflict = 'CONFLICT',
  TooManyRequests = 'TOO_MANY_REQUESTS',
  ServiceUnavailable = 'SERVICE_UNAVAILABLE',
  Internal = 'INTERNAL',
  // Authentication, tenancy and the message API (apps/api).
  ApiKeyRevoked = 'API_KEY_REVOKED',
  AccountSuspended = 'ACCOUNT_SUSPENDED',
  InsufficientScope = 'INSUFFICIENT_SCOPE',
  SignatureRequired = 'SIGNATURE_REQUIRED',
  SignatureInvalid = 'SIGNATURE_INVALID',
  SignatureExpired = 'SIGNATURE_EXPIRED',
  NonceReplayed = 'NONCE_REPLAYED',
  IdempotencyKeyReused = 'IDEMPOTENCY_KEY_REUSED',
  IdempotencyKeyInvalid = 'IDEMPOTENCY_KEY_INVALID',
  InvalidPhone = 'INVALID_PHONE',
  InvalidId = 'INVALID_ID',
  InvalidCursor = 'INVALID_CURSOR',
  TemplateNotFound = 'TEMPLATE_NOT_FOUND',
  TemplateNotApproved = 'TEMPLATE_NOT_APPROVED',
  TemplateVariableMissing = 'TEMPLATE_VARIABLE_MISSING',
  TemplateVariableInvalid = 'TEMPLATE_VARIABLE_INVALID',
  SignatureNotFound = 'SIGNATURE_NOT_FOUND',
  SignatureNotApproved = 'SIGNATURE_NOT_APPROVED',
  FreeTextNotAllowed = 'FREE_TEXT_NOT_ALLOWED',
  ContentTooLong = 'CONTENT_TOO_LONG',
  KindMismatch = 'KIND_MISMATCH',
  DuplicateInBatch = 'DUPLICATE_IN_BATCH',
  BatchTooLarge = 'BATCH_TOO_LARGE',
  ReviewNotAllowed = 'REVIEW_NOT_ALLOWED',
  AlreadyReviewed = 'ALREADY_REVIEWED',
  AlreadyExists = 'ALREADY_EXISTS',
  // Issue 6: numbers
  NumberFileFormatUnknown = 'NUMBER_FILE_FORMAT_UNKNOWN',
  NumberFileInvalid = 'NUMBER_FILE_INVALID',
  NumberFileRowsInvalid = 'NUMBER_FILE_ROWS_INVALID',
  PrefixImportNotFound = 'PREFIX_IMPORT_NOT_FOUND',
  PrefixImportWithdrawn = 'PREFIX_IMPORT_WITHDRAWN',
  PortabilityOverrideNotFound = 'PORTABILITY_OVERRIDE_NOT_FOUND',
  NotMainlandMobile = 'NOT_MAINLAND_MOBILE',
  // Issue 11: resellers
  InsufficientBalance = 'INSUFFICIENT_BALANCE',
  UpstreamBalanceInsufficient = 'UPSTREAM_BALANCE_INSUFFICIENT',
  PriceNotSet = 'PRICE_NOT_SET',
  KindNotAllowed = 'KIND_NOT_ALLOWED',
  IpNotAllowed = 'IP_NOT_ALLOWED',
  DailyQuotaExceeded = 'DAILY_QUOTA_EXCEEDED',
  MonthlyQuotaExceeded = 'MONTHLY_QUOTA_EXCEEDED',
  TopUpReferenceReused = 'TOP_UP_REFERENCE_REUSED',
  // Issue 6: routing
  ChannelInUse = 'CHANNEL_IN_USE',
  UnknownChannel = 'UNKNOWN_CHANNEL',
  UnknownAccount = 'UNKNOWN_ACCOUNT',
  // Issue 7: webhooks and replies
  /** A webhook URL points at a non-public target (loopback, private, link-local, CGNAT, metadata) or bad scheme. */
  WebhookUrlUnsafe = 'WEBHOOK_URL_UNSAFE',
  /** A webhook URL's host name does not resolve. */
  WebhookUrlUnresolvable = 'WEBHOOK_URL_UNRESOLVABLE',
  /** The extension code is another account's, or one of them is a prefix of the other. */
  ExtensionTaken = 'EXTENSION_TAKEN',
  /** Only a parent account or the operator assigns an account's extension code. */
  ExtensionNotAllowed = 'EXTENSION_NOT_ALLOWED',
  /** A quick-reply keyword collides with an unsubscribe keyword or with another quick reply. */
  ReplyKeywordConflict = 'REPLY_KEYWORD_CONFLICT',
  // Issue 8a: short links
  /** A short link's target is not an absolute http(s) URL. */
  TargetUrlInvalid = 'TARGET_URL_INVALID',
  /** The target uses another scheme (javascript:, data:, file:, …). */
  TargetUrlSchemeNotAllowed = 'TARGET_URL_SCHEME_NOT_ALLOWED',
  /** The target carries a user name or password. */
  TargetUrlCredentialsNotAllowed = 'TARGET_URL_CREDENTIALS_NOT_ALLOWED',
  /** The target contains spaces, control or invisible characters. */
  TargetUrlControlCharacters = 'TARGET_URL_CONTROL_CHARACTERS',
  /** The target's host is not a plausible public host name or address. */
  TargetUrlHostInvalid = 'TARGET_URL_HOST_INVALID',
  TargetUrlTooLong = 'TARGET_URL_TOO_LONG',
  /** A custom code is not 4–8 letters, digits, `-` or `_`, or is reserved. */
  ShortCodeInvalid = 'SHORT_CODE_INVALID',
  /** The custom code is already used on that domain (codes are never reused, even after deletion). */
  ShortCodeTaken = 'SHORT_CODE_TAKEN',
  ShortDomainInvalid = 'SHORT_DOMAIN_INVALID',
  /** Another account (or the platform) holds that host. */
  ShortDomainTaken = 'SHORT_DOMAIN_TAKEN',
  /** The domain is not approved, or is not the account's, an ancestor's or the platform's. */
  ShortDomainNotUsable = 'SHORT_DOMAIN_NOT_USABLE',
  /** More links in one bulk request than SHORT_LINK_BULK_MAX. */
  LinkBulkTooLarge = 'LINK_BULK_TOO_LARGE',
  // Issue 8b
  LinkPlaceholderMissing = 'LINK_PLACEHOLDER_MISSING',
  ConversionClickUnknown = 'CONVERSION_CLICK_UNKNOWN',
  ConversionLinkUnknown = 'CONVERSION_LINK_UNKNOWN',
  ConversionLinkAmbiguous = 'CONVERSION_LINK_AMBIGUOUS',
  ConversionMessageUnknown = 'CONVERSION_MESSAGE_UNKNOWN',
  // Issue 9a
  SensitiveWord = 'SENSITIVE_WORD',
  LinkNotAllowed = 'LINK_NOT_ALLOWED',
  PublicShortenerNotAllowed = 'PUBLIC_SHORTENER_NOT_ALLOWED',
  FrequencyCapExceeded = 'FREQUENCY_CAP_EXCEEDED',
  RecipientSuppressed = 'RECIPIENT_SUPPRESSED',
  ConsentMissing = 'CONSENT_MISSING',
  MessageNotHeld = 'MESSAGE_NOT_HELD',
  // Issue 9b
  /** A marketing message to a number on the account's opt-out list (a TD reply, an import, the API). */
  RecipientOptedOut = 'RECIPIENT_OPTED_OUT',
  /** A frequency-cap list that does not read as `1/minute,5/hour,…`. */
  CapListInvalid = 'CAP_LIST_INVALID',
  /** Caps, consent requirement and test numbers are set by an ancestor (or the operator), not by the account. */
  ComplianceSettingNotAllowed = 'COMPLIANCE_SETTING_NOT_ALLOWED',
  /** An uploaded list that cannot be read at all (not CSV, no phone column). */
  ImportFileInvalid = 'IMPORT_FILE_INVALID',
  // Issue 10a: API edge hardening
  /** A string (value or key) holds NUL or an unpaired UTF-16 surrogate, or the body is not valid UTF-8. */
  TextInvalidCharacter = 'TEXT_INVALID_CHARACTER',
  /** The JSON body nests objects and arrays deeper than API_MAX_BODY_DEPTH. */
  BodyTooDeep = 'BODY_TOO_DEEP',
  /** send_at lies further in the past than the allowed clock skew. */
  SendAtInPast = 'SEND_AT_IN_PAST',
}

export const ErrorCodeHttpStatus: Record<ErrorCode, number> = {
  [ErrorCode.MalformedJson]: 400,
  [ErrorCode.PayloadTooLarge]: 413,
  [ErrorCode.UnsupportedMediaType]: 415,
  [ErrorCode.ValidationFailed]: 400,
  [ErrorCode.UnknownField]: 400,
  [ErrorCode.NotFound]: 404,
  [ErrorCode.RouteNotFound]: 404,
  [ErrorCode.MethodNotAllowed]: 405,
  [ErrorCode.Unauthenticated]: 401,
  [ErrorCode.Forbidden]: 403,
  [ErrorCode.Conflict]: 409,
  [ErrorCode.TooManyRequests]: 429,
  [ErrorCode.ServiceUnavailable]: 503,
  [ErrorCode.Internal]: 500,
  [ErrorCode.ApiKeyRevoked]: 401,
  [ErrorCode.AccountSuspended]: 403,
  [ErrorCode.InsufficientScope]: 403,
  [ErrorCode.SignatureRequired]: 401,
  [ErrorCode.SignatureInvalid]: 401,
  [ErrorCode.SignatureExpired]: 401,
  [ErrorCode.NonceReplayed]: 401,
  [ErrorCode.IdempotencyKeyReused]: 409,
  [ErrorCode.IdempotencyKeyInvalid]: 400,
  [ErrorCode.InvalidPhone]: 400,
  [ErrorCode.InvalidId]: 400,
  [ErrorCode.InvalidCursor]: 400,
  [ErrorCode.TemplateNotFound]: 422,
  [ErrorCode.TemplateNotApproved]: 422,
  [ErrorCode.TemplateVariableMissing]: 422,
  [ErrorCode.TemplateVariableInvalid]: 422,
  [ErrorCode.SignatureNotFound]: 422,
  [ErrorCode.SignatureNotApproved]: 422,
  [ErrorCode.FreeTextNotAllowed]: 403,
  [ErrorCode.ContentTooLong]: 422,
  [ErrorCode.KindMismatch]: 422,
  [ErrorCode.DuplicateInBatch]: 422,
  [ErrorCode.BatchTooLarge]: 413,
  [ErrorCode.ReviewNotAllowed]: 403,
  [ErrorCode.AlreadyReviewed]: 409,
  [ErrorCode.AlreadyExists]: 409,
  // Issue 6: numbers
  [ErrorCode.NumberFileFormatUnknown]: 415,
  [ErrorCode.NumberFileInvalid]: 422,
  [ErrorCode.NumberFileRowsInvalid]: 422,
  [ErrorCode.PrefixImportNotFound]: 404,
  [ErrorCode.PrefixImportWithdrawn]: 409,
  [ErrorCode.PortabilityOverrideNotFound]: 404,
  [ErrorCode.NotMainlandMobile]: 422,
  // Issue 11: resellers
  [ErrorCode.InsufficientBalance]: 402,
  [ErrorCode.UpstreamBalanceInsufficient]: 402,
  [ErrorCode.PriceNotSet]: 422,
  [ErrorCode.KindNotAllowed]: 403,
  [ErrorCode.IpNotAllowed]: 403,
  [ErrorCode.DailyQuotaExceeded]: 429,
  [ErrorCode.MonthlyQuotaExceeded]: 429,
  [ErrorCode.TopUpReferenceReused]: 409,
  // Issue 6: routing
  [ErrorCode.ChannelInUse]: 409,
  [ErrorCode.UnknownChannel]: 422,
  [ErrorCode.UnknownAccount]: 422,
  // Issue 7: webhooks and replies
  [ErrorCode.WebhookUrlUnsafe]: 400,
  [ErrorCode.WebhookUrlUnresolvable]: 422,
  [ErrorCode.ExtensionTaken]: 409,
  [ErrorCode.ExtensionNotAllowed]: 403,
  [ErrorCode.ReplyKeywordConflict]: 422,
  // Issue 8a: short links
  [ErrorCode.TargetUrlInvalid]: 400,
  [ErrorCode.TargetUrlSchemeNotAllowed]: 400,
  [ErrorCode.TargetUrlCredentialsNotAllowed]: 400,
  [ErrorCode.TargetUrlControlCharacters]: 400,
  [ErrorCode.TargetUrlHostInvalid]: 400,
  [ErrorCode.TargetUrlTooLong]: 400,
  [ErrorCode.ShortCodeInvalid]: 400,
  [ErrorCode.ShortCodeTaken]: 409,
  [ErrorCode.ShortDomainInvalid]: 400,
  [ErrorCode.ShortDomainTaken]: 409,
  [ErrorCode.ShortDomainNotUsable]: 422,
  [ErrorCode.LinkBulkTooLarge]: 413,
  // Issue 8b
  [ErrorCode.LinkPlaceholderMissing]: 422,
  [ErrorCode.ConversionClickUnknown]: 404,
  [ErrorCode.ConversionLinkUnknown]: 404,
  [ErrorCode.ConversionLinkAmbiguous]: 409,
  [ErrorCode.ConversionMessageUnknown]: 404,
  // Issue 9a
  [ErrorCode.SensitiveWord]: 422,
  [ErrorCode.LinkNotAllowed]: 422,
  [ErrorCode.PublicShortenerNotAllowed]: 422,
  [ErrorCode.FrequencyCapExceeded]: 422,
  [ErrorCode.RecipientSuppressed]: 422,
  [ErrorCode.ConsentMissing]: 422,
  [ErrorCode.MessageNotHeld]: 409,
  // Issue 9b
  [ErrorCode.RecipientOptedOut]: 422,
  [ErrorCode.CapListInvalid]: 422,
  [ErrorCode.ComplianceSettingNotAllowed]: 403,
  [ErrorCode.ImportFileInvalid]: 422,
  // Issue 10a: API edge hardening
  [ErrorCode.TextInvalidCharacter]: 400,
  [ErrorCode.BodyTooDeep]: 400,
  [ErrorCode.SendAtInPast]: 400,
};
