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
