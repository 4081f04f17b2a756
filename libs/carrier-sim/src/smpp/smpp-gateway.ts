import * as net from 'node:net';
import { GatewayConfig } from '../config/simulator-config';
import { CarrierDelivery } from '../gateways/carrier-delivery';
import { DeliveryRouter } from '../gateways/delivery-router';
import { GatewayDependencies } from '../gateways/gateway-dependencies';
import { SimulatedGateway } from '../gateways/simulated-gateway';
import { TcpAcceptor } from '../gateways/tcp-acceptor';
import { SmppConnection } from './smpp-connection';
import { smppSubmitSegment } from './smpp-message-text';
import { SmppPdu } from './smpp-module';

/** An SMSC / aggregator speaking SMPP 3.4. */
export class SmppGateway extends SimulatedGateway {
  readonly router: DeliveryRouter<CarrierDelivery>;
  readonly systemId = 'TONGDAO-SIM';
  private readonly acceptor: TcpAcceptor;
  private readonly idPrefix = Date.now().toString(16).slice(-6).toUpperCase();
  private idCounter = 0;

  constructor(config: GatewayConfig, dependencies: GatewayDependencies) {
    super(config, dependencies);
    this.router = new DeliveryRouter(config.maxPendingReports, this.stats, (account) =>
      this.logger.warn({ gateway: this.name, account }, 'report backlog full; dropping delivery'),
    );
    this.acceptor = new TcpAcceptor((socket) => this.accept(socket));
  }

  get port(): number {
    return this.acceptor.port;
  }

  start(): Promise<void> {
    return this.acceptor.listen(this.config.host, this.config.port);
  }

  /** SMSC message ids are opaque strings; hex with a per-run prefix keeps them unique across restarts. */
  nextMessageId(): string {
    this.idCounter += 1;
    return `${this.idPrefix}${this.idCounter.toString(16).toUpperCase().padStart(10, '0')}`;
  }

  recordSubmit(account: string, pdu: SmppPdu, messageId: string): void {
    const segment = smppSubmitSegment(pdu);
    this.recorder.record({
      account,
      source: pdu.source_addr ?? '',
      destination: pdu.destination_addr ?? '',
      ...segment,
      messageId,
      receivedAt: this.now(),
    });
  }

  protected routeDelivery(account: string, item: CarrierDelivery): void {
    this.router.route(account, item);
  }

  protected closeTransport(): Promise<void> {
    return this.acceptor.close();
  }

  private accept(socket: net.Socket): void {
    this.stats.connectionOpened();
    new SmppConnection(socket, this.connectionContext(), this);
  }
}
