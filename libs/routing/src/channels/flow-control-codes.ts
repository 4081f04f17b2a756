import type { ChannelDefinition } from './channel-definition';

/**
 * Submit results that mean "the gateway is throttling you": the channel slows down (see AdaptiveRate) and the
 * message is retried. CMPP 8 (流量控制错) and SMPP ESME_RTHROTTLED (0x58) / ESME_RMSGQFUL (0x14) are
 * documented; SGIP and SMGP publish no such code that this project could verify, so 8 is a default that
 * matches the carrier simulator and each channel may override it (`flowControlResultCodes`).
 */
export const DEFAULT_FLOW_CONTROL_CODES: Record<ChannelDefinition['protocol'], readonly number[]> = {
  cmpp2: [8],
  cmpp3: [8],
  sgip: [8],
  smgp: [8],
  smpp: [0x58, 0x14],
};

export function flowControlCodesOf(channel: Pick<ChannelDefinition, 'protocol' | 'flowControlResultCodes'>) {
  return new Set(channel.flowControlResultCodes ?? DEFAULT_FLOW_CONTROL_CODES[channel.protocol]);
}
