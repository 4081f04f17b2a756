import { DeliverySink } from './delivery-sink';
import { GatewayStats } from './gateway-stats';

/**
 * Sends status reports and MOs to a live connection of the right account, like a real gateway: the connection that
 * submitted if it is still up, any other one otherwise, and a bounded per-gateway backlog while none is connected.
 */
export class DeliveryRouter<D> {
  private readonly sinks = new Map<string, Set<DeliverySink<D>>>();
  private readonly backlog = new Map<string, D[]>();
  private backlogSize = 0;

  constructor(
    private readonly maxBacklog: number,
    private readonly stats: GatewayStats,
    private readonly onOverflow: (account: string) => void = () => undefined,
  ) {}

  get pending(): number {
    return this.backlogSize;
  }

  attach(sink: DeliverySink<D>): void {
    let accountSinks = this.sinks.get(sink.account);
    if (!accountSinks) {
      accountSinks = new Set();
      this.sinks.set(sink.account, accountSinks);
    }
    accountSinks.add(sink);
    this.flush(sink);
  }

  detach(sink: DeliverySink<D>): void {
    this.sinks.get(sink.account)?.delete(sink);
  }

  connectionCount(account: string): number {
    return this.sinks.get(account)?.size ?? 0;
  }

  /**
   * The preferred connection if it can take the item, else each other one once; when none writes it (none connected,
   * or the gateway black-holed), it waits in the backlog for the next connection to log in.
   */
  route(account: string, item: D, preferred?: DeliverySink<D>): void {
    if (preferred?.canDeliver && preferred.deliver(item)) return;
    for (const sink of this.sinks.get(account) ?? [])
      if (sink !== preferred && sink.canDeliver && sink.deliver(item)) return;
    this.enqueue(account, item);
  }

  clear(): void {
    this.backlog.clear();
    this.backlogSize = 0;
    this.stats.reportsPending = 0;
  }

  private enqueue(account: string, item: D): void {
    if (this.backlogSize >= this.maxBacklog) {
      this.onOverflow(account);
      return;
    }
    const queue = this.backlog.get(account);
    if (queue) queue.push(item);
    else this.backlog.set(account, [item]);
    this.backlogSize += 1;
    this.stats.reportsPending = this.backlogSize;
  }

  private flush(sink: DeliverySink<D>): void {
    const queue = this.backlog.get(sink.account);
    if (!queue || !sink.canDeliver) return;
    this.backlog.delete(sink.account);
    this.backlogSize -= queue.length;
    this.stats.reportsPending = this.backlogSize;
    for (const item of queue) if (!sink.deliver(item)) this.enqueue(sink.account, item);
  }
}
