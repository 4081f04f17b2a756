import { Provider } from '@nestjs/common';
import {
  CapVerdict,
  CONSENT_PORT,
  ConsentPort,
  FREQUENCY_CAP_PORT,
  FrequencyCapPort,
  Suppression,
  SUPPRESSION_PORT,
  SuppressionPort,
} from '@tongdao/compliance';

/*
 * PLACEHOLDER BINDINGS until issue 9b's adapters are merged: no caps, nobody suppressed, consent never missing.
 * 9b replaces STATE_PORT_PROVIDERS below with its Redis/PostgreSQL adapters bound to the same tokens
 * (FREQUENCY_CAP_PORT, SUPPRESSION_PORT, CONSENT_PORT); ComplianceModule spreads this array into its providers.
 */
export const notLimitedCaps: FrequencyCapPort = {
  reserve: async (request) => request.phones.map((): CapVerdict => ({ ok: true })),
  peek: async (request) => request.phones.map((): CapVerdict => ({ ok: true })),
  release: async () => undefined,
};

export const nobodySuppressed: SuppressionPort = {
  suppressed: async () => new Map<string, Suppression>(),
};

export const consentNotRequired: ConsentPort = {
  missingConsent: async () => new Set<string>(),
};

export const STATE_PORT_PROVIDERS: Provider[] = [
  { provide: FREQUENCY_CAP_PORT, useValue: notLimitedCaps },
  { provide: SUPPRESSION_PORT, useValue: nobodySuppressed },
  { provide: CONSENT_PORT, useValue: consentNotRequired },
];
