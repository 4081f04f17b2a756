/**
 * Machine-readable codes of compliance refusals. The values equal the API's ErrorCode values (the `// Issue 9a`
 * block of libs/platform/src/errors/error-code.ts), so the API passes them through unchanged.
 */
export const ComplianceCode = {
  TemplateVariableInvalid: 'TEMPLATE_VARIABLE_INVALID',
  SensitiveWord: 'SENSITIVE_WORD',
  LinkNotAllowed: 'LINK_NOT_ALLOWED',
  PublicShortenerNotAllowed: 'PUBLIC_SHORTENER_NOT_ALLOWED',
  ContentTooLong: 'CONTENT_TOO_LONG',
  FrequencyCapExceeded: 'FREQUENCY_CAP_EXCEEDED',
  RecipientSuppressed: 'RECIPIENT_SUPPRESSED',
  ConsentMissing: 'CONSENT_MISSING',
  // Issue 9b: a number on the account's opt-out list (TD reply, import, API); marketing only.
  RecipientOptedOut: 'RECIPIENT_OPTED_OUT',
} as const;

export type ComplianceCode = (typeof ComplianceCode)[keyof typeof ComplianceCode];
