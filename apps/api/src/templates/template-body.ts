const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]{0,31})\}/g;

/** A template body split into literal text and variable names, ready to render many times. */
export interface CompiledTemplate {
  /** Alternating literal, variable, literal, ...; always odd length, starting and ending with a literal. */
  readonly parts: readonly string[];
  /** Distinct variable names in order of first appearance. */
  readonly variables: readonly string[];
}

export type RenderResult = { ok: true; text: string } | { ok: false; missing: string };

export function compileTemplate(body: string): CompiledTemplate {
  const parts = body.split(VARIABLE);
  const variables: string[] = [];
  for (let index = 1; index < parts.length; index += 2) {
    const name = parts[index]!;
    if (!variables.includes(name)) variables.push(name);
  }
  return { parts, variables };
}

/** A `${` that does not open a well-formed variable is almost always a typo, so it is reported. */
export function malformedPlaceholder(body: string): string | null {
  const leftover = body.replace(VARIABLE, '');
  const index = leftover.indexOf('${');
  return index < 0 ? null : leftover.slice(index, index + 12);
}

export function renderTemplate(
  template: CompiledTemplate,
  params: Readonly<Record<string, string>>,
): RenderResult {
  let text = template.parts[0]!;
  for (let index = 1; index < template.parts.length; index += 2) {
    const name = template.parts[index]!;
    const value = params[name];
    if (value === undefined) return { ok: false, missing: name };
    text += value + template.parts[index + 1]!;
  }
  return { ok: true, text };
}
