import { isMainland } from './dispatch-route';
import { RoutableChannel, RoutableMessage } from './route-types';

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

export type RouteDecision =
  | { kind: 'channel'; channel: RoutableChannel }
  /** Some channel could carry it, but none is ready with room now: the message waits. */
  | { kind: 'busy' }
  /** No configured channel serves this carrier, region and kind: waiting cannot help. */
  | { kind: 'no-route' };

/**
 * The ready channel of the best priority with the most free capacity; redundant channels of the
 * same priority share the load, and a lower-priority channel only takes over when the better ones
 * are down or full.
 */
export function routeMessage(message: RoutableMessage, channels: readonly RoutableChannel[]): RouteDecision {
  const eligible = eligibleChannels(message, channels);
  if (eligible.length === 0) return { kind: 'no-route' };
  const usable = eligible.filter((channel) => channel.ready && channel.inFlight < channel.capacity);
  if (usable.length === 0) return { kind: 'busy' };
  const bestPriority = Math.min(...usable.map((channel) => channel.priority));
  const channel = usable
    .filter((candidate) => candidate.priority === bestPriority)
    .reduce((best, candidate) => (freeShare(candidate) > freeShare(best) ? candidate : best));
  return { kind: 'channel', channel };
}

/** The channel routeMessage picks, or null when nothing can take the message now. */
export function selectChannel(
  message: RoutableMessage,
  channels: readonly RoutableChannel[],
): RoutableChannel | null {
  const decision = routeMessage(message, channels);
  return decision.kind === 'channel' ? decision.channel : null;
}

function freeShare(channel: RoutableChannel): number {
  return (channel.capacity - channel.inFlight) / channel.capacity;
}
