import { Test, TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { loadConfig } from '@tongdao/config';
import { APP_CONFIG, MetricsService } from '@tongdao/platform';
import { DeliveryReport } from '@tongdao/protocols';
import { createTestDatabase, seedQueuedMessages, TestDatabase, waitFor } from '@tongdao/testing';
import { DispatchRepository } from '../../apps/dispatcher/src/dispatch/dispatch.repository';
import { RecordedSubmits } from '../../apps/dispatcher/src/dispatch/recorded-submits';
import { MaintenanceRepository } from '../../apps/dispatcher/src/maintenance/maintenance.repository';
import { MaintenanceService } from '../../apps/dispatcher/src/maintenance/maintenance.service';
import { ReceiptRepository } from '../../apps/dispatcher/src/receipts/receipt.repository';
import { ReceiptService } from '../../apps/dispatcher/src/receipts/receipt.service';

const CHANNEL = 'chan-a';

describe('status reports (real PostgreSQL)', () => {
  let db: TestDatabase;
  let moduleRef: TestingModule;
  let receipts: ReceiptService;
  let recorded: RecordedSubmits;
  let dispatch: DispatchRepository;
  let carrierIds = 1000;

  beforeAll(async () => {
    db = await createTestDatabase();
    moduleRef = await Test.createTestingModule({
      providers: [
        { provide: APP_CONFIG, useValue: loadConfig({ LOG_LEVEL: 'silent', DATABASE_URL: db.url }) },
        { provide: DataSource, useValue: db.dataSource },
        MetricsService,
        ReceiptRepository,
        ReceiptService,
        RecordedSubmits,
        DispatchRepository,
        MaintenanceRepository,
        MaintenanceService,
      ],
    }).compile();
    receipts = moduleRef.get(ReceiptService);
    recorded = moduleRef.get(RecordedSubmits);
    dispatch = moduleRef.get(DispatchRepository);
  });

  afterAll(async () => {
    await receipts.stop();
    await moduleRef.close();
    await db.drop();
  });

  /** Records the message as submitted on CHANNEL with these carrier ids, as the dispatcher's group commit does. */
  async function recordSubmit(id: string, carrierMessageIds: string[]): Promise<void> {
    const [row] = (await db.dataSource.query(`SELECT created_at::text AS c FROM messages WHERE id = $1`, [
      id,
    ])) as Array<{ c: string }>;
    await dispatch.record(
      {
        submitted: [
          {
            id,
            createdAt: row!.c,
            channelId: CHANNEL,
            carrierMessageIds,
            attempts: 1,
            acknowledgedAt: Date.now(),
          },
        ],
        retries: [],
        failures: [],
      },
      'test',
    );
  }

  /** A queued message of `segments` segments, submitted on CHANNEL as the dispatcher records it. */
  async function submitted(segments = 1): Promise<{ id: string; carrierIds: string[] }> {
    const [id] = await seedQueuedMessages(db.dataSource, [
      { phone: `+8613800${String(carrierIds).padStart(6, '0')}`, content: 'x', segments },
    ]);
    const ids = Array.from({ length: segments }, () => String(carrierIds++));
    await recordSubmit(id!, ids);
    return { id: id!, carrierIds: ids };
  }

  /** How many reports for this carrier id wait in unmatched_reports. */
  async function parkedReports(carrierMessageId: string): Promise<number> {
    const rows = (await db.dataSource.query(
      `SELECT count(*)::int AS n FROM unmatched_reports WHERE carrier_message_id = $1`,
      [carrierMessageId],
    )) as Array<{ n: number }>;
    return rows[0]!.n;
  }

  function report(carrierMessageId: string, stat = 'DELIVRD', receivedAt = new Date()): DeliveryReport {
    return {
      channelId: CHANNEL,
      carrierMessageId,
      destination: '',
      stat,
      delivered: stat === 'DELIVRD',
      receivedAt,
    };
  }

  /** Hands the report over and resolves once it is acknowledged, i.e. stored. */
  function deliver(value: DeliveryReport): Promise<void> {
    return new Promise((resolve) => receipts.accept(value, () => resolve()));
  }

  async function message(
    id: string,
  ): Promise<{ status: string; error_code: string | null; events: string[] }> {
    const [row] = (await db.dataSource.query(
      `SELECT m.status, m.error_code,
              (SELECT array_agg(e.status ORDER BY e.id) FROM message_events e WHERE e.message_id = m.id) AS events
         FROM messages m WHERE m.id = $1`,
      [id],
    )) as Array<{ status: string; error_code: string | null; events: string[] }>;
    return row!;
  }

  it('finalises a one-segment message from its report, once, and acknowledges only after storing', async () => {
    const {
      id,
      carrierIds: [carrierId],
    } = await submitted();
    await deliver(report(carrierId!));
    await expect(message(id)).resolves.toEqual({
      status: 'DELIVERED',
      error_code: null,
      events: ['QUEUED', 'SUBMITTED', 'DELIVERED'],
    });
    await deliver(report(carrierId!, 'UNDELIV'));
    await expect(message(id)).resolves.toMatchObject({
      status: 'DELIVERED',
      events: ['QUEUED', 'SUBMITTED', 'DELIVERED'],
    });
  });

  it('finalises a long message once every segment reported, the first failing segment deciding', async () => {
    const { id, carrierIds: ids } = await submitted(3);
    await deliver(report(ids[2]!, 'REJECTD'));
    await deliver(report(ids[0]!));
    await expect(message(id)).resolves.toMatchObject({ status: 'SUBMITTED' });
    await deliver(report(ids[1]!, 'MK:0001'));
    await expect(message(id)).resolves.toMatchObject({ status: 'UNDELIVERED', error_code: 'MK:0001' });
  });

  it('stores one-segment and long messages’ reports arriving together, each message finalised by its own rule', async () => {
    const delivered = await submitted();
    const failed = await submitted();
    const long = await submitted(2);
    const failure: DeliveryReport = { ...report(failed.carrierIds[0]!, 'MK:0005'), errorCode: '005' };
    // Handed over in one turn, so stored together in one or two batches.
    await Promise.all([
      deliver(report(delivered.carrierIds[0]!)),
      deliver(failure),
      deliver(report(long.carrierIds[0]!)),
      deliver(report(long.carrierIds[1]!, 'EXPIRED')),
    ]);
    await expect(message(delivered.id)).resolves.toEqual({
      status: 'DELIVERED',
      error_code: null,
      events: ['QUEUED', 'SUBMITTED', 'DELIVERED'],
    });
    await expect(message(failed.id)).resolves.toEqual({
      status: 'UNDELIVERED',
      error_code: 'MK:0005',
      events: ['QUEUED', 'SUBMITTED', 'UNDELIVERED'],
    });
    await expect(finalDetail(failed.id)).resolves.toEqual({ stats: ['MK:0005'], error: '005' });
    await expect(message(long.id)).resolves.toEqual({
      status: 'EXPIRED',
      error_code: 'EXPIRED',
      events: ['QUEUED', 'SUBMITTED', 'EXPIRED'],
    });
  });

  /** The detail stored with the message's last event. */
  async function finalDetail(id: string): Promise<unknown> {
    const [row] = (await db.dataSource.query(
      `SELECT detail FROM message_events WHERE message_id = $1 ORDER BY id DESC LIMIT 1`,
      [id],
    )) as Array<{ detail: unknown }>;
    return row!.detail;
  }

  it('holds a report that overtakes its own submit until the submit is recorded', async () => {
    const [id] = await seedQueuedMessages(db.dataSource, [{ phone: '+8613911112222', content: 'y' }]);
    const carrierId = String(carrierIds++);
    recorded.expect(CHANNEL, [carrierId]);
    const stored = deliver(report(carrierId));
    await recordSubmit(id!, [carrierId]);
    recorded.settle(CHANNEL, [carrierId]);
    await stored;
    await expect(message(id!)).resolves.toMatchObject({ status: 'DELIVERED' });
    const parked = (await db.dataSource.query(`SELECT count(*)::int AS n FROM unmatched_reports`)) as Array<{
      n: number;
    }>;
    expect(parked[0]!.n).toBe(0);
  });

  it('holds a report that arrives in the same read as its submit’s answer, before the dispatcher has noted the submit', async () => {
    const [id] = await seedQueuedMessages(db.dataSource, [{ phone: '+8613911114444', content: 'w' }]);
    const carrierId = String(carrierIds++);
    // The session hands the report over synchronously; the submit's answer reaches the dispatcher a few microtasks
    // later, and only then is the submit noted as awaiting its commit.
    const stored = deliver(report(carrierId));
    await Promise.resolve();
    await Promise.resolve();
    recorded.expect(CHANNEL, [carrierId]);
    await recordSubmit(id!, [carrierId]);
    recorded.settle(CHANNEL, [carrierId]);
    await stored;
    await expect(message(id!)).resolves.toMatchObject({ status: 'DELIVERED' });
    await expect(parkedReports(carrierId)).resolves.toBe(0);
  });

  it('parks a report whose submit another process has not recorded yet, then applies it when it is', async () => {
    const carrierId = String(carrierIds++);
    await deliver(report(carrierId));
    const [id] = await seedQueuedMessages(db.dataSource, [{ phone: '+8613911113333', content: 'z' }]);
    await recordSubmit(id!, [carrierId]);
    await expect(message(id!)).resolves.toMatchObject({ status: 'SUBMITTED' });
    await receipts.sweepParked();
    await expect(message(id!)).resolves.toMatchObject({ status: 'DELIVERED' });
    await expect(parkedReports(carrierId)).resolves.toBe(0);
  });

  it('matches a report 71 hours after the submit', async () => {
    const {
      id,
      carrierIds: [carrierId],
    } = await submitted();
    await db.dataSource.query(
      `UPDATE message_carrier_refs SET created_at = now() - interval '71 hours' WHERE carrier_message_id = $1`,
      [carrierId],
    );
    await deliver(report(carrierId!));
    await expect(message(id)).resolves.toMatchObject({ status: 'DELIVERED' });
  });

  it('keeps but stops retrying a report that found no submit within the wait, and counts it', async () => {
    const carrierId = String(carrierIds++);
    await deliver(report(carrierId, 'DELIVRD', new Date(Date.now() - 73 * 3600_000)));
    await receipts.sweepParked();
    const rows = (await db.dataSource.query(
      `SELECT gave_up_at IS NOT NULL AS given_up FROM unmatched_reports WHERE carrier_message_id = $1`,
      [carrierId],
    )) as Array<{ given_up: boolean }>;
    expect(rows).toEqual([{ given_up: true }]);
    const metrics = await moduleRef
      .get(MetricsService)
      .registry.getSingleMetricAsString('tongdao_unmatched_reports');
    expect(metrics).toMatch(/tongdao_unmatched_reports\{state="given_up"\} [1-9]/);
  });

  it('expires a submit whose report never came and forgets carrier ids past retention', async () => {
    const {
      id,
      carrierIds: [carrierId],
    } = await submitted();
    const fresh = await submitted();
    await db.dataSource.query(
      `UPDATE message_carrier_refs SET created_at = now() - interval '200 hours' WHERE carrier_message_id = $1`,
      [carrierId],
    );
    await db.dataSource.query(`DELETE FROM maintenance_marks`);
    await moduleRef.get(MaintenanceService).sweep();
    await expect(message(id)).resolves.toMatchObject({ status: 'EXPIRED', error_code: 'NO_REPORT' });
    await expect(message(fresh.id)).resolves.toMatchObject({ status: 'SUBMITTED' });
    const refs = await waitFor(
      async () =>
        (await db.dataSource.query(
          `SELECT count(*)::int AS n FROM message_carrier_refs WHERE carrier_message_id = $1`,
          [carrierId],
        )) as Array<{ n: number }>,
      (rows) => rows[0]!.n === 0,
    );
    expect(refs[0]!.n).toBe(0);
  });
});
