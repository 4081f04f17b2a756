/**
 * Types of template variables. `code` is a verification code (4–8 digits); `amount` a number; `name`, `address`
 * and `text` are free fields with a length cap and no URL unless the template allows one. A variable declared
 * without a type (e.g. `${name}` in an older template) is `text`.
 */
export type TemplateVariableType = 'code' | 'amount' | 'name' | 'address' | 'text' | 'url';

export interface TemplateVariableDeclaration {
  readonly name: string;
  readonly type: TemplateVariableType;
  /** Longest value in characters (not for `code` and `amount`). */
  readonly maxLength: number;
  /** Whether a URL may appear in the value; always true for `url`, which must be one. */
  readonly allowUrl: boolean;
}

/** The typed variables of one template, by name. */
export interface TemplateVariableSpec {
  readonly variables: ReadonlyMap<string, TemplateVariableDeclaration>;
}

export const TEMPLATE_VARIABLE_TYPES: readonly TemplateVariableType[] = [
  'code',
  'amount',
  'name',
  'address',
  'text',
  'url',
];

/** Default and ceiling length caps per type; a template may lower a cap, or raise it up to the ceiling. */
export const VARIABLE_LENGTH: Readonly<Record<TemplateVariableType, { default: number; max: number }>> = {
  code: { default: 8, max: 8 },
  amount: { default: 16, max: 16 },
  name: { default: 20, max: 50 },
  address: { default: 50, max: 100 },
  text: { default: 35, max: 100 },
  url: { default: 100, max: 200 },
};

/** As stored in `templates.variable_types` and accepted by `POST /v1/templates` (`variables`). */
export interface VariableTypeInput {
  type: TemplateVariableType;
  max_length?: number;
  allow_url?: boolean;
}

export type VariableSpecResult =
  { ok: true; spec: TemplateVariableSpec } | { ok: false; field: string; message: string };

/**
 * The typed spec of a template: every variable of the body gets its declared type, or `text` if the template
 * declares none (templates from before typed variables keep working, with the safe default).
 */
export function buildVariableSpec(
  bodyVariables: readonly string[],
  declared: Readonly<Record<string, VariableTypeInput>> | null | undefined,
): VariableSpecResult {
  const variables = new Map<string, TemplateVariableDeclaration>();
  for (const [name, input] of Object.entries(declared ?? {})) {
    const field = `variables.${name}`;
    if (!bodyVariables.includes(name))
      return { ok: false, field, message: `the body has no variable \${${name}}` };
    if (!TEMPLATE_VARIABLE_TYPES.includes(input?.type))
      return {
        ok: false,
        field: `${field}.type`,
        message: `type must be one of ${TEMPLATE_VARIABLE_TYPES.join(', ')}`,
      };
    const limits = VARIABLE_LENGTH[input.type];
    const maxLength = input.max_length ?? limits.default;
    if (!Number.isInteger(maxLength) || maxLength < 1 || maxLength > limits.max)
      return { ok: false, field: `${field}.max_length`, message: `max_length must be 1 to ${limits.max}` };
    if (input.allow_url !== undefined && typeof input.allow_url !== 'boolean')
      return { ok: false, field: `${field}.allow_url`, message: 'allow_url must be true or false' };
    variables.set(name, {
      name,
      type: input.type,
      maxLength,
      allowUrl: input.type === 'url' || input.allow_url === true,
    });
  }
  for (const name of bodyVariables) {
    if (!variables.has(name))
      variables.set(name, { name, type: 'text', maxLength: VARIABLE_LENGTH.text.default, allowUrl: false });
  }
  return { ok: true, spec: { variables } };
}
