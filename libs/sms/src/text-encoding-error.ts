/** Raised when text cannot be represented in the requested encoding; pick another encoding (usually UCS2). */
export class TextEncodingError extends Error {
  constructor(
    readonly coding: string,
    readonly position: number,
    readonly character: string,
  ) {
    super(`character ${describe(character)} at position ${position} cannot be encoded as ${coding}`);
    this.name = 'TextEncodingError';
  }
}

function describe(character: string): string {
  const codePoint = character.codePointAt(0) ?? 0;
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}
