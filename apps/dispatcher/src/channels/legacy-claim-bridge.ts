import type { OutboundSms, SubmitResult } from '@tongdao/protocols';
import type { CarrierCode, DispatchMessage, DispatchOutcome, MessageKind } from '@tongdao/routing';

/**
 * INTERIM: lets the current claim loop (acquire → submit → release) run on the new pool until the claim loop
 * that calls claimPlan()/dispatch() lands from main. Delete with the merge.
 */
export interface LegacyLive {
  definition: { id: string };
  carrierChannel: { submit(sms: OutboundSms): Promise<SubmitResult> };
}

export type ChannelAcquisition =
  { kind: 'channel'; live: LegacyLive } | { kind: 'busy' } | { kind: 'no-route' };

export function legacyLive(
  message: { phone: string; carrier: CarrierCode | null; kind: MessageKind },
  dispatch: (message: DispatchMessage) => Promise<DispatchOutcome>,
): LegacyLive {
  const live: LegacyLive = {
    definition: { id: 'pool' },
    carrierChannel: {
      submit: async (sms) => {
        const outcome = await dispatch({
          id: sms.reference,
          createdAt: '',
          accountId: '',
          phone: sms.destination,
          kind: message.kind,
          carrier: message.carrier,
          province: null,
          segments: 1,
          content: sms.text,
          attempts: 1,
        });
        if (outcome.kind === 'submitted') {
          live.definition.id = outcome.channelId;
          return {
            reference: sms.reference,
            ok: true,
            segments: outcome.carrierMessageIds.map((id, index, all) => ({
              index: index + 1,
              total: all.length,
              ok: true,
              resultCode: 0,
              retryable: false,
              carrierMessageId: id,
            })),
          };
        }
        const error =
          outcome.kind === 'retry' ? (outcome.attempted ? 'timeout' : 'channel_closed') : outcome.detail;
        return {
          reference: sms.reference,
          ok: false,
          segments: [
            { index: 1, total: 1, ok: false, resultCode: -1, retryable: outcome.kind === 'retry', error },
          ],
        };
      },
    },
  };
  return live;
}
