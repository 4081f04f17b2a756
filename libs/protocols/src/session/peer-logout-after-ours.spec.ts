import * as net from 'node:net';
import { createCarrierChannel } from '../channel/create-carrier-channel';
import type { ChannelConfig, ProtocolName } from '../channel/channel-config';
import { cmppAuthenticatorIsmg, CmppCommand, createCmppCodec, type CmppPdu } from '../cmpp';
import { FrameReader, type PduCodec } from '../core';
import { createSgipCodec, SgipCommand, type SgipPdu } from '../sgip';
import { createSmgpCodec, SmgpCommand, smgpAuthenticatorServer, type SmgpPdu } from '../smgp';
import { createSmppCodec, type SmppPdu } from '../smpp';
import type { ProtocolLogger } from './protocol-logger';

const SECRET = 'simpass1';

/**
 * How one protocol's fake gateway answers: `login` answers the client's login; `isLogout` spots the client's
 * TERMINATE / unbind / Unbind / Exit; `logoutResp` answers it; `ownLogout` is the gateway's own, sent afterwards.
 */
interface GatewayScript<P> {
  protocol: ProtocolName;
  codec: PduCodec<P>;
  login(pdu: P): P | undefined;
  isLogout(pdu: P): boolean;
  logoutResp(pdu: P): P;
  ownLogout(): P;
  name(pdu: P): string;
}

const cmpp: GatewayScript<CmppPdu> = {
  protocol: 'cmpp3',
  codec: createCmppCodec({ version: 3 }),
  login: (pdu) =>
    pdu.commandId === CmppCommand.Connect
      ? {
          commandId: CmppCommand.ConnectResp,
          sequenceId: pdu.sequenceId,
          status: 0,
          authenticatorIsmg: cmppAuthenticatorIsmg(0, pdu.authenticatorSource, SECRET, 3),
          version: 0x30,
        }
      : undefined,
  isLogout: (pdu) => pdu.commandId === CmppCommand.Terminate,
  logoutResp: (pdu) => ({ commandId: CmppCommand.TerminateResp, sequenceId: pdu.sequenceId }),
  ownLogout: () => ({ commandId: CmppCommand.Terminate, sequenceId: 7_001 }),
  name: (pdu) => CmppCommand[pdu.commandId] ?? String(pdu.commandId),
};

const smpp: GatewayScript<SmppPdu> = {
  protocol: 'smpp',
  codec: createSmppCodec(),
  login: (pdu) =>
    pdu.command === 'bind_transceiver'
      ? {
          command: 'bind_transceiver_resp',
          command_status: 0,
          sequence_number: pdu.sequence_number,
          system_id: 'FAKE-SMSC',
        }
      : undefined,
  isLogout: (pdu) => pdu.command === 'unbind',
  logoutResp: (pdu) => ({ command: 'unbind_resp', command_status: 0, sequence_number: pdu.sequence_number }),
  ownLogout: () => ({ command: 'unbind', command_status: 0, sequence_number: 7_001 }),
  name: (pdu) => pdu.command,
};

const sgip: GatewayScript<SgipPdu> = {
  protocol: 'sgip',
  codec: createSgipCodec(),
  login: (pdu) =>
    pdu.commandId === SgipCommand.Bind
      ? { commandId: SgipCommand.BindResp, sequence: pdu.sequence, result: 0 }
      : undefined,
  isLogout: (pdu) => pdu.commandId === SgipCommand.Unbind,
  logoutResp: (pdu) => ({ commandId: SgipCommand.UnbindResp, sequence: pdu.sequence }),
  ownLogout: () => ({
    commandId: SgipCommand.Unbind,
    sequence: { nodeId: 3_010_099_999, timestamp: 1_130_100_000, sequence: 7_001 },
  }),
  name: (pdu) => SgipCommand[pdu.commandId] ?? String(pdu.commandId),
};

const smgp: GatewayScript<SmgpPdu> = {
  protocol: 'smgp',
  codec: createSmgpCodec(),
  login: (pdu) =>
    pdu.commandId === SmgpCommand.Login
      ? {
          commandId: SmgpCommand.LoginResp,
          sequenceId: pdu.sequenceId,
          status: 0,
          authenticatorServer: smgpAuthenticatorServer(0, pdu.authenticatorClient, SECRET),
          serverVersion: 0x30,
        }
      : undefined,
  isLogout: (pdu) => pdu.commandId === SmgpCommand.Exit,
  logoutResp: (pdu) => ({ commandId: SmgpCommand.ExitResp, sequenceId: pdu.sequenceId }),
  ownLogout: () => ({ commandId: SmgpCommand.Exit, sequenceId: 7_001 }),
  name: (pdu) => SmgpCommand[pdu.commandId] ?? String(pdu.commandId),
};

type OwnLogoutTiming = 'after our FIN' | 'right after its answer';

/**
 * A raw TCP gateway that answers our logout and then sends its own, either once our side has ended the socket
 * (the FIN has arrived: the case that used to fail with `write after end`) or in the same write as its answer.
 * It records what it receives after sending its own logout: nothing must follow.
 */
class FakeGateway<P> {
  readonly afterOwnLogout: string[] = [];
  private ownLogoutSent = false;
  private readonly server: net.Server;

  constructor(
    private readonly script: GatewayScript<P>,
    private readonly timing: OwnLogoutTiming,
  ) {
    // allowHalfOpen: the gateway's side stays writable after our FIN, as a real gateway's does.
    this.server = net.createServer({ allowHalfOpen: true }, (socket) => this.accept(socket));
  }

  listen(): Promise<number> {
    return new Promise((resolve) =>
      this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as net.AddressInfo).port)),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    let answeredLogout = false;
    const send = (pdu: P) => socket.write(this.script.codec.encode(pdu));
    const sendOwnLogout = () => {
      if (this.ownLogoutSent) return;
      this.ownLogoutSent = true;
      send(this.script.ownLogout());
      socket.end();
    };
    const reader = new FrameReader(this.script.codec, {
      onPdu: (pdu) => {
        if (this.ownLogoutSent) {
          this.afterOwnLogout.push(this.script.name(pdu));
          return;
        }
        const loginResp = this.script.login(pdu);
        if (loginResp) return void send(loginResp);
        if (!this.script.isLogout(pdu)) return;
        send(this.script.logoutResp(pdu));
        answeredLogout = true;
        if (this.timing === 'right after its answer') sendOwnLogout();
      },
      onError: () => socket.destroy(),
    });
    socket.on('data', (chunk: Buffer) => reader.push(chunk));
    socket.on('end', () => {
      if (answeredLogout) sendOwnLogout();
      else socket.end();
    });
    socket.on('error', () => undefined);
  }
}

function recordingLogger(lines: string[]): ProtocolLogger {
  const record = (level: string) => (obj: object, msg: string) =>
    lines.push(`${level} ${msg} ${JSON.stringify(obj)}`);
  return { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
}

function channelConfig(protocol: ProtocolName, port: number, logger: ProtocolLogger): ChannelConfig {
  return {
    id: `fake-${protocol}`,
    protocol,
    host: '127.0.0.1',
    port,
    account: protocol === 'smgp' ? '12345678' : protocol === 'cmpp3' ? '900001' : 'tongdao',
    password: SECRET,
    sourceNumber: '1069000001',
    connections: 1,
    requestTimeoutMs: 10_000,
    keepAliveIntervalMs: 60_000,
    sgip: protocol === 'sgip' ? { nodeId: 3_010_012_345, corpId: '12345' } : undefined,
    logger,
  };
}

const scripts: Array<[string, GatewayScript<unknown>]> = [
  ['CMPP 3.0 TERMINATE', cmpp as GatewayScript<unknown>],
  ['SMPP 3.4 unbind', smpp as GatewayScript<unknown>],
  ['SGIP 1.2 Unbind', sgip as GatewayScript<unknown>],
  ['SMGP 3.0 Exit', smgp as GatewayScript<unknown>],
];

describe.each(scripts)('a gateway that sends its own %s after answering ours', (_label, script) => {
  it.each<OwnLogoutTiming>(['after our FIN', 'right after its answer'])(
    'closes cleanly when it arrives %s: nothing written after end, nothing answered on an ended socket',
    async (timing) => {
      const gateway = new FakeGateway(script, timing);
      const port = await gateway.listen();
      const lines: string[] = [];
      const channel = createCarrierChannel(channelConfig(script.protocol, port, recordingLogger(lines)));
      const errors: Error[] = [];
      channel.on('error', (error: Error) => errors.push(error));
      try {
        await channel.start();
        await expect(channel.close()).resolves.toBeUndefined();
      } finally {
        await gateway.close();
      }
      expect(lines.filter((line) => /write after end|socket error|could not encode/i.test(line))).toEqual([]);
      expect(errors).toEqual([]);
      if (timing === 'after our FIN') expect(gateway.afterOwnLogout).toEqual([]);
      expect(channel.isReady()).toBe(false);
    },
  );
});
