import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { buildVariableSpec } from '@tongdao/compliance';
import { TemplateReviewStatus } from '@tongdao/database/entities';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { ActingAccountResolver } from '../accounts/acting-account.resolver';
import { AuditTrail } from '../audit/audit-trail';
import { Principal } from '../auth/principal';
import { assertMayReview } from '../common/review-policy';
import { compileTemplate, malformedPlaceholder } from './template-body';
import { CreateTemplateDto } from './create-template.dto';
import { TemplateRepository } from './template.repository';
import { TemplateList, TemplateView } from './template.view';

@Injectable()
export class TemplatesService {
  constructor(
    private readonly templates: TemplateRepository,
    private readonly acting: ActingAccountResolver,
    private readonly audit: AuditTrail,
  ) {}

  async submit(principal: Principal, dto: CreateTemplateDto): Promise<TemplateView> {
    const owner = await this.acting.resolve(principal, dto.account_id);
    const malformed = malformedPlaceholder(dto.body);
    if (malformed !== null) {
      throw new DomainException(
        ErrorCode.ValidationFailed,
        `body has a malformed variable near '${malformed}'; use \${name} with letters, digits and _`,
        'body',
      );
    }
    const variables = [...compileTemplate(dto.body).variables];
    // Issue 9a: typed variables, checked against the body.
    const typed = buildVariableSpec(variables, dto.variables ?? null);
    if (!typed.ok) throw new DomainException(ErrorCode.ValidationFailed, typed.message, typed.field);
    const template = await this.templates.insert({
      id: randomUUID(),
      accountId: owner.id,
      name: dto.name,
      kind: dto.kind,
      body: dto.body,
      variables,
      variableTypes: dto.variables ?? null,
    });
    const view = TemplateView.of(template);
    this.audit.record('template', template.id, null, view, owner);
    return view;
  }

  async list(principal: Principal, accountId?: string, status?: TemplateReviewStatus): Promise<TemplateList> {
    const owner = await this.acting.resolve(principal, accountId);
    return {
      data: (await this.templates.listForAccount(owner.id, status)).map((template) =>
        TemplateView.of(template),
      ),
    };
  }

  async get(principal: Principal, id: string): Promise<TemplateView> {
    return TemplateView.of((await this.require(principal, id)).template);
  }

  async review(
    principal: Principal,
    id: string,
    status: 'approved' | 'rejected',
    reason?: string,
  ): Promise<TemplateView> {
    const { template, ownerPath } = await this.require(principal, id);
    assertMayReview(principal, template.accountId, ownerPath);
    const decided = await this.templates.decide(id, {
      status,
      reviewerAccountId: principal.account.id,
      reason: reason ?? null,
    });
    if (!decided)
      throw new DomainException(ErrorCode.AlreadyReviewed, `Template is already ${template.status}`, 'id');
    const after = await this.get(principal, id);
    this.audit.record('template', id, TemplateView.of(template), after, {
      id: template.accountId,
      path: ownerPath,
    });
    return after;
  }

  private async require(principal: Principal, id: string) {
    const found = await this.templates.findInScope(principal.account, id);
    if (!found) throw new DomainException(ErrorCode.NotFound, 'Template not found', 'id');
    return found;
  }
}
