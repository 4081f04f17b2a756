import { ComplianceCode } from '../compliance-code';
import { ComplianceRecipient } from '../compliance-recipient';
import { ComplianceRequest } from '../compliance-request';
import { RecipientRule } from '../compliance-rule';
import { findLinks } from '../links/url-finder';
import { PASS, reject, Verdict } from '../verdict';
import { TemplateVariableDeclaration } from './template-variable-spec';

const CODE = /^\d{4,8}$/;
const AMOUNT = /^-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d{1,4})?$/;
const URL_VALUE = /^https?:\/\/[^\s]+$/i;
/** A value with a line break could fake a second message or a signature; none of the types allow it. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const CONTROL = /[\u0000-\u001f\u007f\u2028\u2029]/;

export const TEMPLATE_VARIABLES_RULE = 'template_variables';

/** Checks every template parameter against its declared type. Free text passes (it has no variables). */
export class TemplateVariablesRule implements RecipientRule {
  readonly name = TEMPLATE_VARIABLES_RULE;
  readonly contentOnly = false;

  check(recipient: ComplianceRecipient, request: ComplianceRequest): Verdict {
    const spec = request.template;
    const params = recipient.templateParams;
    if (!spec || !params) return PASS;
    for (const name in params) {
      const declaration = spec.variables.get(name);
      if (!declaration) continue;
      const problem = problemWith(declaration, params[name]!);
      if (problem !== null)
        return reject(
          this.name,
          ComplianceCode.TemplateVariableInvalid,
          `${name} ${problem}`,
          `template_params.${name}`,
        );
    }
    return PASS;
  }
}

/** Why a value does not fit its declaration, or null. */
export function problemWith(declaration: TemplateVariableDeclaration, value: string): string | null {
  switch (declaration.type) {
    case 'code':
      return CODE.test(value) ? null : 'must be a verification code of 4 to 8 digits';
    case 'amount':
      return AMOUNT.test(value) && value.length <= declaration.maxLength
        ? null
        : 'must be a number, e.g. 19.90';
    case 'url':
      if (!URL_VALUE.test(value)) return 'must be an http(s) URL';
      return [...value].length <= declaration.maxLength
        ? null
        : `is longer than ${declaration.maxLength} characters`;
    default:
      return freeFieldProblem(declaration, value);
  }
}

function freeFieldProblem(declaration: TemplateVariableDeclaration, value: string): string | null {
  if (CONTROL.test(value)) return 'must not contain line breaks or control characters';
  let length = 0;
  for (const _ of value) length++;
  if (length > declaration.maxLength)
    return `is longer than ${declaration.maxLength} characters (type ${declaration.type})`;
  if (!declaration.allowUrl && (findLinks(value).length > 0 || /https?:|www\./i.test(value)))
    return `must not contain a link (type ${declaration.type}; the template does not allow links in it)`;
  return null;
}
