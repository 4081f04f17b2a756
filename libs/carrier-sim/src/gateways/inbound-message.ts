/** An MO to inject: a user's handset (`from`) replying to an SP number (`to`). */
export interface InboundMessage {
  from: string;
  to: string;
  text: string;
  /** Account whose connections receive it; the gateway's first account when omitted. */
  account?: string;
}
