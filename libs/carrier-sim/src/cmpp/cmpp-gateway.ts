import * as net from 'node:net';
import {
  CMPP_VERSION_20,
  CMPP_VERSION_30,
  CmppCodec,
  CmppCommand,
  CmppMsgIdGenerator,
  CmppQueryResp,
  CmppSubmit,
  createCmppCodec,
  formatCmppMsgId,
} from '@tongdao/protocols';
import { GatewayConfig } from '../config/simulator-config';
import { CarrierDelivery } from '../gateways/carrier-delivery';
import { DeliveryRouter } from '../gateways/delivery-router';
import { GatewayDependencies } from '../gateways/gateway-dependencies';
import { SimulatedGateway } from '../gateways/simulated-gateway';
import { TcpAcceptor } from '../gateways/tcp-acceptor';
import { recordSubmit } from '../recording/segment-recording';
import { carrierCoding } from '../text/segment-text';
import { CmppConnection } from './cmpp-connection';

/** A China Mobile ISMG speaking CMPP 2.0 or 3.0. */
export class CmppGateway extends SimulatedGateway {
  readonly version: 2 | 3;
  readonly versionByte: number;
  readonly msgIds: CmppMsgIdGenerator;
  readonly router: DeliveryRouter<CarrierDelivery>;
  private readonly codec: CmppCodec;
  private readonly acceptor: TcpAcceptor;

  constructor(config: GatewayConfig, dependencies: GatewayDependencies) {
    super(config, dependencies);
    this.version = config.protocol === 'cmpp2' ? 2 : 3;
    this.versionByte = this.version === 2 ? CMPP_VERSION_20 : CMPP_VERSION_30;
    this.codec = createCmppCodec({ version: this.version, maxFrameLength: config.maxFrameBytes });
    this.msgIds = new CmppMsgIdGenerator(config.gatewayCode);
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

  protected routeDelivery(account: string, item: CarrierDelivery): void {
    this.router.route(account, item);
  }

  recordSubmit(account: string, pdu: CmppSubmit, msgId: Buffer): void {
    recordSubmit(this.recorder, {
      account,
      source: pdu.srcId,
      destinations: pdu.destTerminalIds,
      content: pdu.msgContent,
      coding: carrierCoding(pdu.msgFmt),
      udhi: pdu.tpUdhi === 1,
      messageId: formatCmppMsgId(msgId),
      receivedAt: this.now(),
    });
  }

  /** CMPP_QUERY totals from this gateway's own counters; the simulator keeps no per-day history. */
  queryTotals(time: string, queryType: number, queryCode: string): Omit<CmppQueryResp, 'sequenceId'> {
    const summary = this.recorder.summary();
    return {
      commandId: CmppCommand.QueryResp,
      time,
      queryType,
      queryCode,
      mtTlMsg: this.stats.submits,
      mtTlUsr: summary.messages,
      mtScs: this.stats.submitsAccepted,
      mtWt: 0,
      mtFl: this.stats.submitsRejected,
      moScs: this.stats.inboundSent,
      moWt: 0,
      moFl: 0,
    };
  }

  protected closeTransport(): Promise<void> {
    return this.acceptor.close();
  }

  private accept(socket: net.Socket): void {
    this.stats.connectionOpened();
    new CmppConnection(socket, this.codec, this.connectionContext(), this);
  }
}
