import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ComplianceStateSettingsStore,
  formatCapList,
  parseCapList,
  SettingsChange,
} from '@tongdao/compliance-state';
import { AppConfig } from '@tongdao/config';
import { isMessageKind, MESSAGE_KINDS, MessageKind } from '@tongdao/lifecycle';
import { APP_CONFIG, DomainException, ErrorCode } from '@tongdao/platform';
import { ActingAccountResolver } from '../accounts/acting-account.resolver';
import { Principal } from '../auth/principal';
import { AccountScope } from '../common/account-scope';
import { e164Of } from './compliance-phone';
import { ExemptNumberDto, UpdateStateSettingsDto } from './dto/compliance-state.dto';
import { ExemptNumberView, KindCapsView, StateSettingsView } from './dto/compliance-state.view';

/** What the general compliance settings (PATCH /v1/compliance/settings, issue 9a) pass on to this module. */
export interface StateSettingsPatch {
  requiresMarketingConsent?: boolean | null;
  /** Per kind: a cap list, '' for none, null for the platform default. */
  caps?: Record<string, string | null>;
}

/**
 * Per-account frequency caps, the consent requirement and test numbers exempt from caps. These protect
 * recipients, so an account cannot loosen its own: a parent (any ancestor) or the operator sets them.
 */
@Injectable()
export class ComplianceStateSettingsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: ComplianceStateSettingsStore,
    private readonly acting: ActingAccountResolver,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async get(principal: Principal, accountId: string | undefined): Promise<StateSettingsView> {
    const account = await this.acting.resolve(principal, accountId);
    return this.view(account.id);
  }

  async update(principal: Principal, dto: UpdateStateSettingsDto): Promise<StateSettingsView> {
    const account = await this.acting.resolve(principal, dto.account_id);
    await this.apply(principal, account, {
      requiresMarketingConsent: dto.requires_marketing_consent,
      caps: dto.caps,
    });
    return this.view(account.id);
  }

  /** Validates and stores a change for an account already resolved for the caller. */
  async apply(principal: Principal, account: AccountScope, patch: StateSettingsPatch): Promise<void> {
    if (patch.requiresMarketingConsent === undefined && patch.caps === undefined) return;
    this.assertMaySet(principal, account, 'caps');
    const change: SettingsChange = { requiresMarketingConsent: patch.requiresMarketingConsent };
    if (patch.caps !== undefined) {
      const caps: Partial<Record<MessageKind, string | null>> = {};
      for (const [kind, text] of Object.entries(patch.caps)) {
        if (!isMessageKind(kind))
          throw new DomainException(
            ErrorCode.ValidationFailed,
            `caps has no kind ${kind}; kinds are ${MESSAGE_KINDS.join(', ')}`,
            `caps.${kind}`,
          );
        if (text === null) {
          caps[kind] = null;
          continue;
        }
        if (typeof text !== 'string')
          throw new DomainException(ErrorCode.CapListInvalid, 'a cap list is a string', `caps.${kind}`);
        const parsed = parseCapList(text);
        if (!parsed.ok) throw new DomainException(ErrorCode.CapListInvalid, parsed.problem, `caps.${kind}`);
        caps[kind] = formatCapList(parsed.caps);
      }
      change.caps = caps;
    }
    await this.settings.update(this.dataSource, account.id, change);
  }

  async listExempt(
    principal: Principal,
    accountId: string | undefined,
    platform: boolean,
  ): Promise<ExemptNumberView[]> {
    const owner = await this.exemptOwner(principal, accountId, platform, false);
    return (await this.settings.listExempt(this.dataSource, owner)).map((row) => ({
      phone: row.phone,
      platform: row.platform,
      note: row.note,
      created_at: row.createdAt.toISOString(),
    }));
  }

  async addExempt(principal: Principal, rawPhone: string, dto: ExemptNumberDto): Promise<boolean> {
    const owner = await this.exemptOwner(principal, dto.account_id, dto.platform ?? false, true);
    return this.settings.addExempt(this.dataSource, owner, e164Of(rawPhone), dto.note ?? null);
  }

  async removeExempt(principal: Principal, rawPhone: string, dto: ExemptNumberDto): Promise<void> {
    const owner = await this.exemptOwner(principal, dto.account_id, dto.platform ?? false, true);
    if (!(await this.settings.removeExempt(this.dataSource, owner, e164Of(rawPhone))))
      throw new DomainException(ErrorCode.NotFound, 'The number is not a test number here', 'phone');
  }

  /** The list a request addresses: null for the platform's (operator only), else an account's. */
  private async exemptOwner(
    principal: Principal,
    accountId: string | undefined,
    platform: boolean,
    writing: boolean,
  ): Promise<string | null> {
    if (platform) {
      if (principal.accountKind !== 'operator')
        throw new DomainException(
          ErrorCode.ComplianceSettingNotAllowed,
          'only the operator keeps the platform-wide test numbers',
          'platform',
        );
      return null;
    }
    const account = await this.acting.resolve(principal, accountId);
    if (writing) this.assertMaySet(principal, account, 'account_id');
    return account.id;
  }

  private assertMaySet(principal: Principal, account: AccountScope, field: string): void {
    if (account.id === principal.account.id && principal.accountKind !== 'operator')
      throw new DomainException(
        ErrorCode.ComplianceSettingNotAllowed,
        'frequency caps, the consent requirement and test numbers are set by a parent account or the operator',
        field,
      );
  }

  private platformCaps(kind: MessageKind): string {
    const parsed = parseCapList(this.config.complianceState.caps[kind]);
    return parsed.ok ? formatCapList(parsed.caps) : '';
  }

  private async view(accountId: string): Promise<StateSettingsView> {
    const own = await this.settings.get(this.dataSource, accountId);
    const kindView = (kind: MessageKind): KindCapsView =>
      own.caps[kind] !== undefined
        ? { caps: own.caps[kind], source: 'account' }
        : { caps: this.platformCaps(kind), source: 'platform' };
    return {
      account_id: accountId,
      requires_marketing_consent:
        own.requiresMarketingConsent ?? this.config.complianceState.consentRequiredByDefault,
      requires_marketing_consent_source: own.requiresMarketingConsent === null ? 'platform' : 'account',
      verification: kindView('verification'),
      notification: kindView('notification'),
      marketing: kindView('marketing'),
    };
  }
}
