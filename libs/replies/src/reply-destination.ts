export const MAX_EXTENSION_DIGITS = 8;

/**
 * The digits a user's reply was addressed to after the channel's sender number (its extension), '' when they
 * replied to the bare sender number, or null when the destination is not under that number at all. Gateways
 * sometimes prefix the country code; that is tolerated.
 */
export function extensionOf(destination: string, serviceNumber: string): string | null {
  const digits = destination.replace(/\D/g, '');
  const service = serviceNumber.replace(/\D/g, '');
  if (service === '') return null;
  for (const candidate of [digits, digits.replace(/^(?:0086|86)/, '')]) {
    if (candidate.startsWith(service)) return candidate.slice(service.length);
  }
  return null;
}

/**
 * Extensions that could own `remainder`, longest first: a user (or the carrier) may append digits after an
 * account's extension, so 123456 may belong to 12345. Extensions never prefix one another, so at most one exists.
 */
export function extensionCandidates(remainder: string): string[] {
  const candidates: string[] = [];
  for (let length = Math.min(remainder.length, MAX_EXTENSION_DIGITS); length >= 1; length--)
    candidates.push(remainder.slice(0, length));
  return candidates;
}

/** Null when `code` can be an extension (1 to 8 digits); otherwise the reason. */
export function extensionProblem(code: string): string | null {
  return /^\d+$/.test(code) && code.length <= MAX_EXTENSION_DIGITS
    ? null
    : `must be 1 to ${MAX_EXTENSION_DIGITS} digits`;
}

/** Two extensions clash when one is a prefix of the other: a reply to the longer one could mean either. */
export function extensionsClash(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}
