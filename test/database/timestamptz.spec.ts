import { createTestDatabase, TestDatabase } from '@tongdao/testing/test-database';

/** Tongdao's pools read timestamptz with their own parser (libs/database/src/types): the values must not change. */
describe('timestamptz values read through Tongdao’s pool', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });

  afterAll(async () => {
    await database?.drop();
  });

  it.each(['UTC', 'Asia/Shanghai', 'Asia/Kolkata', 'America/St_Johns', 'Asia/Kathmandu'])(
    'come back as the same instants whatever the session time zone (%s)',
    async (zone) => {
      const rows = await database.dataSource.transaction(async (tx) => {
        await tx.query(`SET LOCAL TIME ZONE '${zone}'`);
        return (await tx.query(
          `SELECT '2026-11-30 13:22:01.123456+00'::timestamptz AS a,
                  '1900-02-28 23:59:59.9+00'::timestamptz AS b,
                  'infinity'::timestamptz AS c`,
        )) as Array<{ a: Date; b: Date; c: number }>;
      });
      await expect(Promise.resolve(rows[0]!.a)).resolves.toEqual(new Date('2026-11-30T13:22:01.123Z'));
      expect(rows[0]!.b).toEqual(new Date('1900-02-28T23:59:59.900Z'));
      expect(rows[0]!.c).toBe(Infinity);
    },
  );
});
