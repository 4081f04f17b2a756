import * as net from 'node:net';
import {
  SmgpCodec,
  SmgpMsgIdGenerator,
  SmgpSubmit,
  createSmgpCodec,
  formatSmgpMsgId,
  smgpTpUdhi,
} from '@tongdao/protocols';
import { GatewayConfig } from '../config/simulator-config';
import { CarrierDelivery } from '../gateways/carrier-delivery';
import { DeliveryRouter } from '../gateways/delivery-router';
import { GatewayDependencies } from '../gateways/gateway-dependencies';
import { SimulatedGateway } from '../gateways/simulated-gateway';
import { TcpAcceptor } from '../gateways/tcp-acceptor';
import { recordSubmit } from '../recording/segment-recording';
import { carrierCoding } from '../text/segment-text';
import { SmgpConnection } from './smgp-connection';

/** A China Telecom SMGW speaking SMGP 3.0. */
export class SmgpGateway extends SimulatedGateway {
  readonly msgIds: SmgpMsgIdGenerator;
  readonly router: DeliveryRouter<CarrierDelivery>;
  private readonly codec: SmgpCodec;
  private readonly acceptor: TcpAcceptor;

  constructor(config: GatewayConfig, dependencies: GatewayDependencies) {
    super(config, dependencies);
    this.codec = createSmgpCodec({ maxFrameLength: config.maxFrameBytes });
    this.msgIds = new SmgpMsgIdGenerator(config.gatewayCode);
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

  recordSubmit(account: string, pdu: SmgpSubmit, msgId: Buffer): void {
    recordSubmit(this.recorder, {
      account,
      source: pdu.srcTermId,
      destinations: pdu.destTermIds,
      content: pdu.msgContent,
      coding: carrierCoding(pdu.msgFormat),
      udhi: smgpTpUdhi(pdu.tlvs) === 1,
      messageId: formatSmgpMsgId(msgId),
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
    new SmgpConnection(socket, this.codec, this.connectionContext(), this);
  }
}
