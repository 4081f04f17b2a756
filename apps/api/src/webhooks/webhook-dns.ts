/** The resolver webhook URLs are checked with; a provider so tests can answer as a rebinding DNS server would. */
export const WEBHOOK_DNS_RESOLVER = Symbol('WEBHOOK_DNS_RESOLVER');
