import { RoutableMessage } from '../route-types';
import { RouteRule } from './route-rule';
import { RoutingChannel, RoutingTable } from './routing-table';

const channel = (id: string, overrides: Partial<RoutingChannel> = {}): RoutingChannel => ({
  id,
  enabled: true,
  carriers: ['CMCC'],
  international: false,
  provinces: null,
  kinds: ['verification', 'notification', 'marketing'],
  priority: 1,
  weight: 1,
  ...overrides,
});

const rule = (id: string, overrides: Partial<RouteRule>): RouteRule => ({
  id,
  accountId: null,
  kind: null,
  target: 'CMCC',
  province: null,
  channels: [],
  priority: 100,
  enabled: true,
  description: null,
  ...overrides,
});

const message = (overrides: Partial<RoutableMessage> = {}): RoutableMessage => ({
  accountId: 'acct-1',
  phone: '+8613800138000',
  kind: 'notification',
  carrier: 'CMCC',
  province: '广东',
  ...overrides,
});

const keys = (table: RoutingTable, msg: RoutableMessage) =>
  table.groupsFor(msg).map((group) => `${group.key}=${group.members.map((m) => m.channelId).join(',')}`);

describe('RoutingTable: default groups from the channels themselves', () => {
  it('groups a carrier’s channels by priority, best first', () => {
    const table = new RoutingTable(
      [channel('b1', { priority: 2 }), channel('a1'), channel('a2'), channel('u1', { carriers: ['CUCC'] })],
      [],
    );
    expect(keys(table, message())).toEqual(['default:CMCC:1=a1,a2', 'default:CMCC:2=b1']);
    expect(keys(table, message({ carrier: 'CUCC' }))).toEqual(['default:CUCC:1=u1']);
  });

  it('keeps channels to the kinds they allow', () => {
    const table = new RoutingTable(
      [channel('otp', { kinds: ['verification'] }), channel('bulk', { kinds: ['marketing'] })],
      [],
    );
    expect(keys(table, message({ kind: 'verification' }))).toEqual(['default:CMCC:1=otp']);
    expect(keys(table, message({ kind: 'marketing' }))).toEqual(['default:CMCC:1=bulk']);
    expect(keys(table, message({ kind: 'notification' }))).toEqual([]);
  });

  it('keeps province-restricted channels to their provinces and off messages of unknown province', () => {
    const table = new RoutingTable([channel('gd', { provinces: ['广东'] }), channel('all')], []);
    expect(keys(table, message({ province: '广东' }))).toEqual(['default:CMCC:1=all,gd']);
    expect(keys(table, message({ province: '北京' }))).toEqual(['default:CMCC:1=all']);
    expect(keys(table, message({ province: null }))).toEqual(['default:CMCC:1=all']);
  });

  it('sends non-mainland numbers only to international channels and unknown mainland carriers nowhere', () => {
    const table = new RoutingTable(
      [channel('intl', { carriers: [], international: true }), channel('cm')],
      [],
    );
    expect(keys(table, message({ phone: '+447911123456', carrier: null, province: null }))).toEqual([
      'default:INTL:1=intl',
    ]);
    expect(table.groupsFor(message({ carrier: null }))).toEqual([]);
  });

  it('skips disabled channels', () => {
    const table = new RoutingTable([channel('off', { enabled: false }), channel('on')], []);
    expect(keys(table, message())).toEqual(['default:CMCC:1=on']);
  });
});

describe('RoutingTable: operator rules', () => {
  const channels = [
    channel('a'),
    channel('b'),
    channel('c', { priority: 2 }),
    channel('gd', { provinces: ['广东'] }),
  ];

  it('orders account > province > kind > carrier-wide rules, then the defaults, without repeating a channel', () => {
    const table = new RoutingTable(channels, [
      rule('carrier-wide', { channels: [{ channelId: 'b' }] }),
      rule('kind', { kind: 'notification', channels: [{ channelId: 'c' }] }),
      rule('province', { province: '广东', channels: [{ channelId: 'gd' }] }),
      rule('account', { accountId: 'acct-1', channels: [{ channelId: 'a' }] }),
    ]);
    expect(keys(table, message())).toEqual(['account=a', 'province=gd', 'kind=c', 'carrier-wide=b']);
  });

  it('applies a rule only to messages it matches', () => {
    const table = new RoutingTable(channels, [
      rule('other-account', { accountId: 'acct-2', channels: [{ channelId: 'c' }] }),
      rule('marketing', { kind: 'marketing', channels: [{ channelId: 'c' }] }),
      rule('beijing', { province: '北京', channels: [{ channelId: 'c' }] }),
      rule('unicom', { target: 'CUCC', channels: [{ channelId: 'c' }] }),
    ]);
    expect(keys(table, message())).toEqual(['default:CMCC:1=a,b,gd', 'default:CMCC:2=c']);
    expect(keys(table, message({ accountId: 'acct-2' }))[0]).toBe('other-account=c');
    expect(keys(table, message({ kind: 'marketing' }))[0]).toBe('marketing=c');
    expect(keys(table, message({ province: '北京' }))[0]).toBe('beijing=c');
  });

  it('never lets a rule put a message on a channel that cannot carry it', () => {
    const table = new RoutingTable(
      [
        ...channels,
        channel('unicom-only', { carriers: ['CUCC'] }),
        channel('otp', { kinds: ['verification'] }),
      ],
      [
        rule('bad', {
          channels: [{ channelId: 'unicom-only' }, { channelId: 'otp' }, { channelId: 'ghost' }],
        }),
      ],
    );
    expect(keys(table, message())[0]).toBe('default:CMCC:1=a,b,gd');
  });

  it('uses the rule’s weights over the channels’ own', () => {
    const table = new RoutingTable(channels, [
      rule('split', { channels: [{ channelId: 'a', weight: 9 }, { channelId: 'b' }] }),
    ]);
    expect(table.groupsFor(message())[0]!.members).toEqual([
      { channelId: 'a', weight: 9 },
      { channelId: 'b', weight: 1 },
    ]);
  });

  it('orders rules of equal specificity by priority and ignores disabled ones', () => {
    const table = new RoutingTable(channels, [
      rule('second', { priority: 20, channels: [{ channelId: 'b' }] }),
      rule('first', { priority: 10, channels: [{ channelId: 'a' }] }),
      rule('off', { priority: 1, enabled: false, channels: [{ channelId: 'c' }] }),
    ]);
    expect(keys(table, message()).slice(0, 2)).toEqual(['first=a', 'second=b']);
  });

  it('answers from its cache for accounts without rules, and separately for accounts with rules', () => {
    const table = new RoutingTable(channels, [
      rule('vip', { accountId: 'vip', channels: [{ channelId: 'c' }] }),
    ]);
    expect(table.groupsFor(message({ accountId: 'x' }))).toBe(table.groupsFor(message({ accountId: 'y' })));
    expect(keys(table, message({ accountId: 'vip' }))[0]).toBe('vip=c');
  });

  it('tells whether any channel serves a kind on a network', () => {
    const table = new RoutingTable([channel('gd', { provinces: ['广东'], kinds: ['marketing'] })], []);
    expect(table.serves('marketing', 'CMCC')).toBe(true);
    expect(table.serves('verification', 'CMCC')).toBe(false);
    expect(table.serves('marketing', 'CUCC')).toBe(false);
  });
});
