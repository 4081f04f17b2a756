import { RoutableChannel, RoutableMessage } from './route-types';

export function isMainland(phone: string): boolean {
  return phone.startsWith('+86');
}

/** Channels that may carry the message at all, whatever their current state. */
export function eligibleChannels(
  message: RoutableMessage,
  channels: readonly RoutableChannel[],
): RoutableChannel[] {
  return channels.filter((channel) => {
    if (!channel.kinds.includes(message.kind)) return false;
    if (!isMainland(message.phone)) return channel.international;
    return message.carrier !== null && channel.carriers.includes(message.carrier);
  });
}

/**
 * The ready channel of the best priority with the most free capacity; redundant channels of the
 * same priority share the load, and a lower-priority channel only takes over when the better ones
 * are down or full. `null` means nothing can take the message now (it stays queued).
 */
export function selectChannel(
  message: RoutableMessage,
  channels: readonly RoutableChannel[],
): RoutableChannel | null {
  const usable = eligibleChannels(message, channels).filter(
    (channel) => channel.ready && channel.inFlight < channel.capacity,
  );
  if (usable.length === 0) return null;
  const bestPriority = Math.min(...usable.map((channel) => channel.priority));
  return usable
    .filter((channel) => channel.priority === bestPriority)
    .reduce((best, channel) => (freeShare(channel) > freeShare(best) ? channel : best));
}

function freeShare(channel: RoutableChannel): number {
  return (channel.capacity - channel.inFlight) / channel.capacity;
}
