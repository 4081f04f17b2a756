import { GatewayBehaviourEngine } from '../behaviour/gateway-behaviour-engine';
import { mathRandom, RandomSource } from '../behaviour/random-source';
import { BehaviourPatch } from '../config/behaviour-patch';
import { GatewayAccount, GatewayBehaviour, GatewayConfig, GatewayProtocol } from '../config/simulator-config';
import { MessageRecorder } from '../recording/message-recorder';
import { ReceivedSummary } from '../recording/received-message';
import { DelayedTaskQueue } from '../scheduling/delayed-task-queue';
import { SimulatorLogger } from '../util/simulator-logger';
import { ConnectionContext } from './framed-connection';
import { buildInboundSegments } from '../text/inbound-segments';
import { CarrierDelivery } from './carrier-delivery';
import { GatewayDependencies } from './gateway-dependencies';
import { GatewayStats } from './gateway-stats';
import { InboundMessage } from './inbound-message';

export interface AcceptedSubmit {
  wantsReport: boolean;
  destinations: string[];
  deliverReport(destination: string, stat: string, doneAt: number): void;
}

export interface SubmitWork {
  /** Records the submit and assigns its id; called only for accepted submits, before the answer goes out. */
  accept(): AcceptedSubmit;
  /** Sends the submit response with the given result (0 = accepted). */
  respond(result: number): void;
}

export interface GatewayDescription {
  name: string;
  protocol: GatewayProtocol;
  host: string;
  port: number;
  /** Account names only: secrets never leave the simulator. */
  accounts: string[];
  gatewayCode: number;
  sgipReceiver?: { host: string; port: number; account: string };
  behaviour: GatewayBehaviour;
  stats: Record<string, number>;
  received: ReceivedSummary;
}

/** One simulated carrier gateway: shared behaviour, recording and scheduling; protocol classes add the wire. */
export abstract class SimulatedGateway {
  readonly recorder: MessageRecorder;
  readonly engine: GatewayBehaviourEngine;
  readonly stats = new GatewayStats();
  protected readonly logger: SimulatorLogger;
  protected readonly scheduler: DelayedTaskQueue;
  protected readonly random: RandomSource;
  protected readonly now: () => number;
  private moReference = 0;

  constructor(
    readonly config: GatewayConfig,
    dependencies: GatewayDependencies,
  ) {
    this.random = dependencies.random ?? mathRandom;
    this.now = dependencies.now ?? Date.now;
    this.logger = dependencies.logger;
    this.recorder = new MessageRecorder(dependencies.recorder);
    this.engine = new GatewayBehaviourEngine(config.behaviour, this.random, this.now);
    this.scheduler = new DelayedTaskQueue((err) =>
      this.logger.error({ gateway: config.name, err: String(err) }, 'scheduled delivery failed'),
    );
  }

  get name(): string {
    return this.config.name;
  }

  get protocol(): GatewayProtocol {
    return this.config.protocol;
  }

  abstract get port(): number;
  abstract start(): Promise<void>;
  protected abstract closeTransport(): Promise<void>;
  /** Hands a report or MO to whatever carries carrier→SP traffic for the account. */
  protected abstract routeDelivery(account: string, item: CarrierDelivery): void;

  /** Queues an MO for the account's connections; returns the number of segments it was split into. */
  injectInbound(message: InboundMessage): number {
    const segments = buildInboundSegments(message.text, this.moReference);
    this.moReference = (this.moReference + 1) & 0xff;
    const account = this.defaultAccount(message);
    for (const segment of segments) {
      this.routeDelivery(account, {
        kind: 'mo',
        from: message.from,
        to: message.to,
        msgFmt: segment.msgFmt,
        udhi: segment.udhi,
        content: segment.payload,
      });
    }
    return segments.length;
  }

  countDelivered(item: CarrierDelivery): void {
    if (item.kind === 'report') this.stats.reportsSent += 1;
    else this.stats.inboundSent += 1;
  }

  async stop(): Promise<void> {
    this.scheduler.stop();
    await this.closeTransport();
  }

  updateBehaviour(patch: BehaviourPatch): GatewayBehaviour {
    const behaviour = this.engine.update(patch);
    this.logger.info({ gateway: this.name, changed: Object.keys(patch) }, 'gateway behaviour changed');
    return behaviour;
  }

  findAccount(account: string): GatewayAccount | undefined {
    return this.config.accounts.find((candidate) => candidate.account === account);
  }

  describe(): GatewayDescription {
    const receiver = this.config.sgipReceiver;
    return {
      name: this.name,
      protocol: this.protocol,
      host: this.config.host,
      port: this.port,
      accounts: this.config.accounts.map((account) => account.account),
      gatewayCode: this.config.gatewayCode,
      ...(receiver
        ? { sgipReceiver: { host: receiver.host, port: receiver.port, account: receiver.account } }
        : {}),
      behaviour: this.engine.behaviour,
      stats: this.stats.snapshot(),
      received: this.recorder.summary(),
    };
  }

  /**
   * The submit pipeline every protocol shares: drop / flow-control / forced-result decision, recording, the answer
   * after the configured latency and, for accepted submits, the status reports after their delay.
   */
  handleSubmit(submitsOnConnection: number, connection: { destroy(): void }, work: SubmitWork): void {
    this.stats.submits += 1;
    const decision = this.engine.decideSubmit(submitsOnConnection);
    if (decision.kind === 'drop') {
      this.stats.connectionsDropped += 1;
      this.logger.info({ gateway: this.name, submitsOnConnection }, 'dropping connection on submit');
      connection.destroy();
      return;
    }
    if (decision.kind === 'reject') {
      this.stats.submitsRejected += 1;
      this.afterLatency(() => work.respond(decision.result));
      return;
    }
    this.stats.submitsAccepted += 1;
    const accepted = work.accept();
    this.afterLatency(() => {
      work.respond(0);
      if (accepted.wantsReport) this.scheduleReports(accepted.deliverReport, accepted.destinations);
    });
  }

  private afterLatency(run: () => void): void {
    const latency = this.engine.submitLatencyMs();
    if (latency <= 0) run();
    else this.scheduler.schedule(latency, run);
  }

  private scheduleReports(
    deliver: (destination: string, stat: string, doneAt: number) => void,
    destinations: string[],
  ): void {
    for (const destination of destinations) {
      this.scheduler.schedule(this.engine.reportDelayMs(), () =>
        deliver(destination, this.engine.pickOutcome(), this.now()),
      );
    }
  }

  clock(): number {
    return this.now();
  }

  protected connectionContext(): ConnectionContext {
    return { gateway: this.name, logger: this.logger, stats: this.stats, engine: this.engine };
  }

  protected defaultAccount(message: InboundMessage): string {
    return message.account ?? this.config.accounts[0]?.account ?? '';
  }
}
