import { Body, Controller, Patch } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainException, ErrorCode } from '@tongdao/platform';
import { ActingAccountResolver } from '../accounts/acting-account.resolver';
import { Authenticated } from '../auth/authenticated.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { Principal } from '../auth/principal';
import { Scope } from '../auth/scope';
import { ComplianceAdminService } from './compliance-admin.service';
import { ComplianceStateSettingsService } from './compliance-state-settings.service';
import { PatchComplianceSettingsDto } from './dto/patch-compliance-settings.dto';

type QuietHoursChange = { enabled: boolean; start?: string; end?: string; time_zone?: string };

const WINDOW = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]):([0-5]\d)$/;

/**
 * One partial update for all of an account's compliance settings: the text settings (issue 9a: unsubscribe text,
 * quiet hours) and the state settings (issue 9b: consent requirement, frequency caps). Set by an ancestor or the
 * operator, never by the account itself.
 */
@ApiTags('compliance')
@Controller('v1/compliance')
export class ComplianceSettingsPatchController {
  constructor(
    private readonly admin: ComplianceAdminService,
    private readonly state: ComplianceStateSettingsService,
    private readonly acting: ActingAccountResolver,
  ) {}

  @Patch('settings')
  @Authenticated(Scope.AccountsWrite)
  @ApiOperation({
    summary: 'Change a descendant’s compliance settings: unsubscribe text, quiet hours, consent, caps',
  })
  @ApiOkResponse()
  async patch(@CurrentPrincipal() principal: Principal, @Body() dto: PatchComplianceSettingsDto) {
    const quietHours = dto.quiet_hours === undefined ? undefined : quietHoursOf(dto.quiet_hours);
    const account = await this.acting.resolve(principal, dto.account_id);
    await this.state.apply(principal, account, {
      requiresMarketingConsent: dto.consent_required,
      caps: dto.caps,
    });
    if (dto.unsubscribe_text !== undefined || quietHours !== undefined)
      await this.admin.saveSettings(principal, account.id, {
        unsubscribe_text: dto.unsubscribe_text,
        quiet_hours: quietHours,
      });
    const [text, state] = await Promise.all([
      this.admin.settings(principal, account.id),
      this.state.get(principal, account.id),
    ]);
    return {
      ...text,
      consent_required: state.requires_marketing_consent,
      caps: {
        verification: state.verification.caps,
        notification: state.notification.caps,
        marketing: state.marketing.caps,
      },
    };
  }
}

function quietHoursOf(value: unknown): QuietHoursChange {
  if (value === 'off') return { enabled: false };
  if (typeof value === 'string') {
    const match = WINDOW.exec(value);
    if (!match)
      throw new DomainException(
        ErrorCode.ValidationFailed,
        'quiet_hours must be off, HH:MM-HH:MM or an object',
        'quiet_hours',
      );
    return { enabled: true, start: value.slice(0, 5), end: value.slice(6) };
  }
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as QuietHoursChange).enabled === 'boolean'
  ) {
    const { enabled, start, end, time_zone: timeZone } = value as QuietHoursChange;
    for (const [field, clock] of [
      ['start', start],
      ['end', end],
    ] as const)
      if (clock !== undefined && !(typeof clock === 'string' && /^([01]\d|2[0-3]):[0-5]\d$/.test(clock)))
        throw new DomainException(
          ErrorCode.ValidationFailed,
          `${field} must be HH:MM`,
          `quiet_hours.${field}`,
        );
    return { enabled, start, end, time_zone: timeZone };
  }
  throw new DomainException(
    ErrorCode.ValidationFailed,
    'quiet_hours must be off, HH:MM-HH:MM or {enabled, start, end, time_zone}',
    'quiet_hours',
  );
}
