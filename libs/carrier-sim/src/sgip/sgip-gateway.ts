import * as net from 'node:net';
import { SgipCodec, SgipSequenceGenerator, SgipSubmit, createSgipCodec } from '@tongdao/protocols';
import { ConfigValidationError } from '../config/config-validation-error';
import { GatewayConfig, SgipReceiverTarget } from '../config/simulator-config';
import { CarrierDelivery } from '../gateways/carrier-delivery';
import { GatewayDependencies } from '../gateways/gateway-dependencies';
import { SimulatedGateway } from '../gateways/simulated-gateway';
import { TcpAcceptor } from '../gateways/tcp-acceptor';
import { recordSubmit } from '../recording/segment-recording';
import { carrierCoding } from '../text/segment-text';
import { SgipConnection } from './sgip-connection';
import { SgipReportClient } from './sgip-report-client';

/** A China Unicom SMG speaking SGIP 1.2: a server for SP submits and a client of the SP's receiver for reports. */
export class SgipGateway extends SimulatedGateway {
  readonly reportClient: SgipReportClient;
  private readonly codec: SgipCodec;
  private readonly acceptor: TcpAcceptor;
  private readonly connectionsByAccount = new Map<string, number>();

  constructor(config: GatewayConfig, dependencies: GatewayDependencies) {
    super(config, dependencies);
    if (!config.sgipReceiver) {
      throw new ConfigValidationError(
        'missing_field',
        'an SGIP gateway needs sgipReceiver',
        `${config.name}.sgipReceiver`,
      );
    }
    this.codec = createSgipCodec({ maxFrameLength: config.maxFrameBytes });
    this.reportClient = new SgipReportClient({
      gateway: config.name,
      target: config.sgipReceiver,
      codec: this.codec,
      sequences: new SgipSequenceGenerator(config.gatewayCode),
      engine: this.engine,
      stats: this.stats,
      logger: this.logger,
      maxBacklog: config.maxPendingReports,
    });
    this.acceptor = new TcpAcceptor((socket) => this.accept(socket));
  }

  get port(): number {
    return this.acceptor.port;
  }

  start(): Promise<void> {
    return this.acceptor.listen(this.config.host, this.config.port);
  }

  /** Changes where reports and MOs go, e.g. to an SP receiver that listens on an ephemeral port. */
  setReceiver(target: SgipReceiverTarget): void {
    this.config.sgipReceiver = target;
    this.reportClient.retarget(target);
  }

  connectionCount(account: string): number {
    return this.connectionsByAccount.get(account) ?? 0;
  }

  claimConnection(account: string): void {
    this.connectionsByAccount.set(account, this.connectionCount(account) + 1);
  }

  releaseConnection(account: string): void {
    this.connectionsByAccount.set(account, Math.max(0, this.connectionCount(account) - 1));
  }

  recordSubmit(account: string, pdu: SgipSubmit, messageId: string): void {
    recordSubmit(this.recorder, {
      account,
      source: pdu.spNumber,
      destinations: pdu.userNumbers,
      content: pdu.messageContent,
      coding: carrierCoding(pdu.messageCoding),
      udhi: pdu.tpUdhi === 1,
      messageId,
      receivedAt: this.now(),
    });
  }

  /** SGIP has one SMG→SP link for all accounts, so the account plays no part in routing. */
  protected routeDelivery(_account: string, item: CarrierDelivery): void {
    this.reportClient.enqueue(item);
  }

  protected async closeTransport(): Promise<void> {
    this.reportClient.stop();
    await this.acceptor.close();
  }

  private accept(socket: net.Socket): void {
    this.stats.connectionOpened();
    new SgipConnection(socket, this.codec, this.connectionContext(), this);
  }
}
