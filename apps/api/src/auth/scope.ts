/** What an API key may do. Checked per route. */
export enum Scope {
  MessagesSend = 'messages:send',
  MessagesRead = 'messages:read',
  TemplatesWrite = 'templates:write',
  TemplatesRead = 'templates:read',
  AccountsWrite = 'accounts:write',
  AccountsRead = 'accounts:read',
  KeysWrite = 'keys:write',
  // Issue 6: number data (operator only): prefix imports, portability overrides, lookups.
  NumbersRead = 'numbers:read',
  NumbersWrite = 'numbers:write',
  // Issue 6: routing (operator only): channels, routes, their live state.
  ChannelsRead = 'channels:read',
  ChannelsWrite = 'channels:write',
  // Issue 8b: link analytics and conversion postbacks
  AnalyticsRead = 'analytics:read',
  ConversionsWrite = 'conversions:write',
}

export const ALL_SCOPES: readonly Scope[] = Object.values(Scope);
