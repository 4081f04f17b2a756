import { RoutableChannel } from './route-types';
import { eligibleChannels, routeMessage, selectChannel } from './select-channel';

const channel = (overrides: Partial<RoutableChannel>): RoutableChannel => ({
  id: 'c',
  carriers: ['CMCC'],
  international: false,
  kinds: ['verification', 'notification', 'marketing'],
  priority: 1,
  ready: true,
  inFlight: 0,
  capacity: 16,
  ...overrides,
});

const mobileOtp = { phone: '+8613800138000', carrier: 'CMCC' as const, kind: 'verification' as const };

describe('selectChannel', () => {
  it('routes by carrier', () => {
    const channels = [channel({ id: 'unicom', carriers: ['CUCC'] }), channel({ id: 'mobile' })];
    expect(selectChannel(mobileOtp, channels)?.id).toBe('mobile');
  });

  it('respects allowed message kinds', () => {
    const channels = [
      channel({ id: 'bulk', kinds: ['marketing'] }),
      channel({ id: 'otp', kinds: ['verification'] }),
    ];
    expect(selectChannel(mobileOtp, channels)?.id).toBe('otp');
    expect(selectChannel({ ...mobileOtp, kind: 'marketing' }, channels)?.id).toBe('bulk');
  });

  it('fails over to the redundant channel when the primary is down or full', () => {
    const primary = channel({ id: 'primary', priority: 1 });
    const backup = channel({ id: 'backup', priority: 2 });
    expect(selectChannel(mobileOtp, [primary, backup])?.id).toBe('primary');
    expect(selectChannel(mobileOtp, [{ ...primary, ready: false }, backup])?.id).toBe('backup');
    expect(selectChannel(mobileOtp, [{ ...primary, inFlight: 16 }, backup])?.id).toBe('backup');
  });

  it('balances channels of equal priority by free capacity', () => {
    const busy = channel({ id: 'busy', inFlight: 12 });
    const idle = channel({ id: 'idle', inFlight: 2 });
    expect(selectChannel(mobileOtp, [busy, idle])?.id).toBe('idle');
  });

  it('sends non-mainland numbers only through international channels', () => {
    const intl = channel({ id: 'intl', carriers: [], international: true });
    const message = { phone: '+447911123456', carrier: null, kind: 'notification' as const };
    expect(selectChannel(message, [channel({ id: 'mobile' }), intl])?.id).toBe('intl');
    expect(eligibleChannels({ ...mobileOtp }, [intl])).toEqual([]);
  });

  it('returns null when nothing can take the message', () => {
    expect(selectChannel(mobileOtp, [channel({ ready: false })])).toBeNull();
    expect(selectChannel({ ...mobileOtp, carrier: null }, [channel({})])).toBeNull();
  });

  it('tells a busy route (wait) from a missing one (fail)', () => {
    expect(routeMessage(mobileOtp, [channel({ ready: false })])).toEqual({ kind: 'busy' });
    expect(routeMessage(mobileOtp, [channel({ carriers: ['CUCC'] })])).toEqual({ kind: 'no-route' });
    expect(routeMessage(mobileOtp, [channel({ id: 'ok' })])).toMatchObject({
      kind: 'channel',
      channel: { id: 'ok' },
    });
  });
});
