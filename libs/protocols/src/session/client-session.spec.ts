import { ClientSession, type ClientSessionOptions } from './client-session';
import { ConnectionLostError } from './connection-lost-error';
import { LoginRejectedError } from './login-rejected-error';
import { RequestTimeoutError } from './request-timeout-error';
import { SessionClosedError } from './session-closed-error';
import type { SubmitSegment } from './protocol-driver';
import { ScriptedPeer, type PeerConnection } from './__fixtures__/scripted-peer';
import { ToyCommand, ToyDriver, toyCodec, toyStatusBody, type ToyPdu } from './__fixtures__/toy-protocol';

const segment: SubmitSegment = {
  destination: '13800138000',
  source: '106900',
  coding: 'ASCII',
  content: Buffer.from('hello'),
  udhi: false,
  index: 1,
  total: 1,
  requestReport: true,
};

function reply(pdu: ToyPdu, command: ToyCommand, body: Buffer = Buffer.alloc(0)): ToyPdu {
  return { command, sequence: pdu.sequence, body };
}

function submitResp(pdu: ToyPdu, result = 0): ToyPdu {
  return reply(
    pdu,
    ToyCommand.SubmitResp,
    Buffer.concat([toyStatusBody(result), Buffer.from(`m${pdu.sequence}`)]),
  );
}

/** A well-behaved gateway; `holdSubmits` lets a test decide when submits are answered. */
function gateway(options: { holdSubmits?: ToyPdu[]; ignorePings?: boolean; loginStatus?: number } = {}) {
  return (pdu: ToyPdu, connection: PeerConnection<ToyPdu>): void => {
    switch (pdu.command) {
      case ToyCommand.Login:
        connection.send(reply(pdu, ToyCommand.LoginResp, toyStatusBody(options.loginStatus ?? 0)));
        return;
      case ToyCommand.Ping:
        if (!options.ignorePings) connection.send(reply(pdu, ToyCommand.PingResp));
        return;
      case ToyCommand.Logout:
        connection.send(reply(pdu, ToyCommand.LogoutResp));
        connection.socket.end();
        return;
      case ToyCommand.Submit:
        if (options.holdSubmits) options.holdSubmits.push(pdu);
        else connection.send(submitResp(pdu));
        return;
      default:
        return;
    }
  };
}

describe('ClientSession (toy protocol over loopback TCP)', () => {
  let peer: ScriptedPeer<ToyPdu>;
  let session: ClientSession<ToyPdu> | undefined;

  function open(overrides: Partial<ClientSessionOptions<ToyPdu>> = {}): ClientSession<ToyPdu> {
    session = new ClientSession<ToyPdu>({
      name: 'toy#0',
      host: '127.0.0.1',
      port: peer.port,
      driver: new ToyDriver(),
      requestTimeoutMs: 2_000,
      reconnectInitialMs: 20,
      reconnectMaxMs: 100,
      ...overrides,
    });
    return session;
  }

  afterEach(async () => {
    await session?.close();
    session = undefined;
    await peer.close();
  });

  it('logs in and submits', async () => {
    peer = await ScriptedPeer.listen(toyCodec, gateway());
    const s = open();
    await s.start();
    expect(s.isReady()).toBe(true);
    await expect(s.submit(segment)).resolves.toEqual({
      ok: true,
      carrierMessageId: 'm2',
      resultCode: 0,
      retryable: false,
    });
  });

  it('rejects start with the protocol status when login is refused, and backs off between attempts', async () => {
    const refuse = gateway({ loginStatus: 3 });
    const loginsAt: number[] = [];
    peer = await ScriptedPeer.listen(toyCodec, (pdu, connection) => {
      if (pdu.command === ToyCommand.Login) loginsAt.push(Date.now());
      refuse(pdu, connection);
    });
    const s = open({ reconnectInitialMs: 200, reconnectMaxMs: 5_000, random: () => 1 });
    const rejection = s.start();
    await expect(rejection).rejects.toBeInstanceOf(LoginRejectedError);
    await expect(rejection).rejects.toMatchObject({ status: 3 });
    // 200 ms then 400 ms of backoff, not a storm: the gaps between attempts can only grow on a loaded machine.
    await peer.waitFor(() => loginsAt.length >= 3, 20_000);
    const gaps = loginsAt.slice(1, 3).map((at, index) => at - loginsAt[index]!);
    expect(gaps[0]).toBeGreaterThanOrEqual(195);
    expect(gaps[1]).toBeGreaterThanOrEqual(395);
  });

  it('holds the 17th request until a response frees a window slot', async () => {
    const held: ToyPdu[] = [];
    peer = await ScriptedPeer.listen(toyCodec, gateway({ holdSubmits: held }));
    const s = open({ window: 16 });
    await s.start();
    const results = Array.from({ length: 17 }, () => s.submit(segment));
    await peer.waitFor(() => held.length === 16);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(held).toHaveLength(16);
    expect(s.inFlight).toBe(16);
    peer.openConnections[0].send(submitResp(held[0]));
    await peer.waitFor(() => held.length === 17);
    for (const pdu of held.slice(1)) peer.openConnections[0].send(submitResp(pdu));
    const outcomes = await Promise.all(results);
    expect(outcomes.every((outcome) => outcome.ok)).toBe(true);
  });

  it('rejects a request that gets no response with RequestTimeoutError and frees its slot', async () => {
    peer = await ScriptedPeer.listen(toyCodec, gateway({ holdSubmits: [] }));
    const s = open({ requestTimeoutMs: 100, window: 1 });
    await s.start();
    await expect(s.submit(segment)).rejects.toBeInstanceOf(RequestTimeoutError);
    expect(s.inFlight).toBe(0);
  });

  it('rejects in-flight requests with ConnectionLostError on a drop, reconnects and keeps submitting', async () => {
    const held: ToyPdu[] = [];
    peer = await ScriptedPeer.listen(toyCodec, gateway({ holdSubmits: held }));
    const s = open();
    await s.start();
    const pending = s.submit(segment);
    await peer.waitFor(() => held.length === 1);
    peer.openConnections[0].destroy();
    await expect(pending).rejects.toBeInstanceOf(ConnectionLostError);
    peer.handler = gateway();
    await expect(s.submit(segment)).resolves.toMatchObject({ ok: true });
    expect(peer.connections).toHaveLength(2);
  });

  it('answers the peer keep-alive', async () => {
    peer = await ScriptedPeer.listen(toyCodec, gateway());
    const s = open();
    await s.start();
    const answered = new Promise<ToyPdu>((resolve) => {
      peer.openConnections[0].socket.on('data', (chunk) => resolve(toyCodec.decode(chunk)));
    });
    peer.openConnections[0].send({ command: ToyCommand.Ping, sequence: 77, body: Buffer.alloc(0) });
    await expect(answered).resolves.toMatchObject({ command: ToyCommand.PingResp, sequence: 77 });
  });

  it('probes an idle link and disconnects after the allowed number of missed keep-alives', async () => {
    peer = await ScriptedPeer.listen(toyCodec, gateway({ ignorePings: true }));
    const s = open({ keepAliveIntervalMs: 40, keepAliveMaxMissed: 2, reconnectInitialMs: 5_000 });
    await s.start();
    const dropped = new Promise<string | undefined>((resolve) =>
      s.on('state', (change: { state: string; detail?: string }) => {
        if (change.state === 'disconnected') resolve(change.detail);
      }),
    );
    await expect(dropped).resolves.toMatch(/keep-alive/);
    expect(peer.count((p) => p.command === ToyCommand.Ping)).toBe(2);
  });

  it('keeps a link alive while probes are answered', async () => {
    peer = await ScriptedPeer.listen(toyCodec, gateway());
    // Three misses allowed: on a loaded machine an answer may sit unread while the next tick already runs.
    const s = open({ keepAliveIntervalMs: 30, keepAliveMaxMissed: 3 });
    await s.start();
    await peer.waitFor(() => peer.count((p) => p.command === ToyCommand.Ping) >= 4, 20_000);
    expect(s.isReady()).toBe(true);
    expect(peer.connections).toHaveLength(1);
  });

  it('closes gracefully: refuses new requests, drains in-flight ones, then logs out', async () => {
    const held: ToyPdu[] = [];
    peer = await ScriptedPeer.listen(toyCodec, gateway({ holdSubmits: held }));
    const s = open();
    await s.start();
    const inFlight = s.submit(segment);
    await peer.waitFor(() => held.length === 1);
    const closing = s.close();
    await expect(s.submit(segment)).rejects.toBeInstanceOf(SessionClosedError);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(peer.count((p) => p.command === ToyCommand.Logout)).toBe(0);
    peer.openConnections[0].send(submitResp(held[0]));
    await expect(inFlight).resolves.toMatchObject({ ok: true });
    await closing;
    expect(peer.count((p) => p.command === ToyCommand.Logout)).toBe(1);
    expect(s.state).toBe('closed');
  });

  it('closes the connection on garbage, without throwing, and reconnects', async () => {
    peer = await ScriptedPeer.listen(toyCodec, gateway());
    const s = open();
    await s.start();
    const dropped = new Promise<string | undefined>((resolve) =>
      s.on('state', (change: { state: string; detail?: string }) => {
        if (change.state === 'disconnected') resolve(change.detail);
      }),
    );
    peer.openConnections[0].sendRaw(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
    await expect(dropped).resolves.toMatch(/garbage/);
    await peer.waitFor(() => peer.connections.length === 2);
    await expect(s.submit(segment)).resolves.toMatchObject({ ok: true });
  });

  it('emits status reports and acknowledges them', async () => {
    peer = await ScriptedPeer.listen(toyCodec, gateway());
    const s = open();
    await s.start();
    const report = new Promise((resolve) => s.on('report', resolve));
    peer.openConnections[0].send({
      command: ToyCommand.Report,
      sequence: 9,
      body: Buffer.from('m2|DELIVRD'),
    });
    await expect(report).resolves.toMatchObject({ carrierMessageId: 'm2', stat: 'DELIVRD', delivered: true });
    await peer.waitFor(() => peer.count((p) => p.command === ToyCommand.ReportResp) === 1);
  });
});
