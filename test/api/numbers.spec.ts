import * as iconv from 'iconv-lite';
import { randomBytes } from 'node:crypto';
import { AccountEntity } from '@tongdao/database/entities';
import { ApiTestApp, createApiTestApp } from '@tongdao/testing/api-app';
import { writePhoneDat } from '@tongdao/testing/phone-dat-writer';
import { signRequest } from '../../apps/api/src/auth/request-signature';
import { bearer } from './api-test-helpers';

const IMPORT_LIMIT = 64 * 1024;

describe('number intelligence API', () => {
  let api: ApiTestApp;
  let operator: { Authorization: string };
  let customer: AccountEntity;
  let customerKey: string;
  let signature: string;
  let template: string;

  beforeAll(async () => {
    api = await createApiTestApp({ NUMBERS_IMPORT_MAX_BYTES: String(IMPORT_LIMIT) });
    operator = bearer(api.seed.operatorKey);
    customer = await api.seed.createAccount(api.seed.operator);
    customerKey = (await api.seed.issueKey(customer)).fullKey;
    signature = await api.seed.approvedSignature(customer, '通道科技');
    template = await api.seed.approvedTemplate(customer, '验证码${code}', 'verification');
  }, 240_000);

  afterAll(async () => {
    await api?.close();
  }, 240_000);

  const lookup = async (phone: string) => {
    const response = await api.http.get(`/v1/numbers/${encodeURIComponent(phone)}`).set(operator);
    expect(response.status).toBe(200);
    return response.body as Record<string, unknown>;
  };
  /** The body goes out as bytes, as `curl --data-binary` sends it, whatever the Content-Type. */
  const importPrefixes = (body: string | Buffer, type: string | null, query = '') => {
    const request = api.http.post(`/v1/numbers/prefix-imports${query}`).set(operator);
    if (type) request.set('Content-Type', type);
    return request.serialize((value: unknown) => value as string).send(body);
  };
  const send = (phone: string) =>
    api.http
      .post('/v1/messages')
      .set(bearer(customerKey))
      .send({ phone, signature, template_id: template, template_params: { code: '1234' } });
  const storedProvince = async (id: string): Promise<string | null> => {
    const [row] = (await api.database.dataSource.query('SELECT province FROM messages WHERE id = $1', [
      id,
    ])) as Array<{
      province: string | null;
    }>;
    return row!.province;
  };

  describe('lookups and acceptance', () => {
    it('answers carrier, province and city from the built-in data, and null where no data knows the prefix', async () => {
      await expect(lookup('13800138000')).resolves.toEqual({
        phone: '+8613800138000',
        mainland: true,
        region: 'CN',
        carrier: 'CMCC',
        mvno: false,
        data_only: false,
        province: '北京',
        city: '北京',
        source: 'builtin',
        region_source: 'builtin',
        import_id: null,
      });
      await expect(lookup('+86 171 0123 4567')).resolves.toMatchObject({
        phone: '+8617101234567',
        carrier: 'CUCC',
        mvno: true,
        province: null,
        region_source: null,
      });
      await expect(lookup('+14155552671')).resolves.toMatchObject({
        mainland: false,
        region: 'US',
        carrier: null,
        province: null,
        source: null,
      });
      const bad = await api.http.get('/v1/numbers/hello').set(operator);
      expect(bad.status).toBe(400);
      expect(bad.body.error).toMatchObject({ code: 'INVALID_PHONE', field: 'phone' });
    });

    it('stores the province of every accepted message, null where unknown, and shows it', async () => {
      const known = await send('13800138000');
      expect(known.status).toBe(202);
      expect(known.body).toMatchObject({ carrier: 'CMCC', province: '北京' });
      await expect(storedProvince(known.body.id)).resolves.toBe('北京');
      const fetched = await api.http.get(`/v1/messages/${known.body.id}`).set(bearer(customerKey));
      expect(fetched.body).toMatchObject({ carrier: 'CMCC', province: '北京' });

      const batch = await api.http
        .post('/v1/messages/batch')
        .set(bearer(customerKey))
        .send({
          signature,
          template_id: template,
          recipients: [
            { phone: '13912345678', template_params: { code: '1' } },
            { phone: '19912345678', template_params: { code: '2' } },
          ],
        });
      expect(batch.status).toBe(202);
      const [jiangsu, unknown] = batch.body.results as Array<{ id: string }>;
      await expect(storedProvince(jiangsu!.id)).resolves.toBe('江苏');
      await expect(storedProvince(unknown!.id)).resolves.toBeNull();
    });

    it('is for operator keys with the numbers scopes only', async () => {
      const asCustomer = await api.http.get('/v1/numbers/13800138000').set(bearer(customerKey));
      expect(asCustomer.status).toBe(403);
      expect(asCustomer.body.error.code).toBe('FORBIDDEN');
      const narrow = await api.seed.issueKey(api.seed.operator, { scopes: ['messages:read'] });
      const withoutScope = await api.http.get('/v1/numbers/13800138000').set(bearer(narrow.fullKey));
      expect(withoutScope.status).toBe(403);
      expect(withoutScope.body.error.code).toBe('INSUFFICIENT_SCOPE');
      const reader = await api.seed.issueKey(api.seed.operator, { scopes: ['numbers:read'] });
      expect((await api.http.get('/v1/numbers/13800138000').set(bearer(reader.fullKey))).status).toBe(200);
      const write = await api.http
        .put('/v1/numbers/overrides/13800138000')
        .set(bearer(reader.fullKey))
        .send({ carrier: 'CTCC' });
      expect(write.status).toBe(403);
      expect((await api.http.get('/v1/numbers/13800138000')).status).toBe(401);
    });

    it('keeps its fixed routes apart from phone lookups', async () => {
      const overrides = await api.http.get('/v1/numbers/overrides').set(operator);
      expect(overrides.status).toBe(200);
      expect(overrides.body).toHaveProperty('data');
      const imports = await api.http.get('/v1/numbers/prefix-imports').set(operator);
      expect(imports.status).toBe(200);
      expect(imports.body).toHaveProperty('data');
      const status = await api.http.get('/v1/numbers/status').set(operator);
      expect(status.body).toMatchObject({
        builtin: true,
        provinces: 31,
        builtin_prefixes: expect.any(Number),
      });
      expect(status.body.prefixes_with_province).toBeGreaterThan(300_000);
    });
  });

  describe('prefix imports', () => {
    it('extends the data with a CSV file: new ranges gain carrier, province and city at once', async () => {
      const response = await importPrefixes(
        'prefix,carrier,province,city\n1661234,CUCC,广东省,深圳市\n1990000,电信,上海,\n',
        'text/csv',
        '?name=new%20ranges',
      );
      expect(response.status).toBe(201);
      expect(response.body).toMatchObject({
        format: 'csv',
        mode: 'extend',
        status: 'active',
        name: 'new ranges',
        entries: 2,
        summary: { provinces: ['广东', '上海'], carriers: { CUCC: 1, CTCC: 1 }, warnings: [] },
      });
      await expect(lookup('16612345678')).resolves.toMatchObject({
        carrier: 'CUCC',
        province: '广东',
        city: '深圳',
        source: 'imported',
        region_source: 'imported',
        import_id: response.body.id,
      });
      await expect(lookup('13800138000')).resolves.toMatchObject({
        province: '北京',
        region_source: 'builtin',
      });
      const message = await send('16612345678');
      await expect(storedProvince(message.body.id)).resolves.toBe('广东');
    });

    it('imports phone.dat, telling it from CSV by Content-Type or by its bytes', async () => {
      const dat = writePhoneDat([
        { prefix: 1922234, province: '广西', city: '南宁', cardType: 7 },
        { prefix: 1922235, province: '广西', city: '桂林', cardType: 8 },
      ]);
      const typed = await importPrefixes(dat, 'application/octet-stream');
      expect(typed.status).toBe(201);
      expect(typed.body).toMatchObject({ format: 'phone-dat', entries: 2, summary: { version: '2312' } });
      await expect(lookup('19222341234')).resolves.toMatchObject({
        carrier: 'CBN',
        province: '广西',
        city: '南宁',
      });
      await expect(lookup('19222351234')).resolves.toMatchObject({
        carrier: 'CBN',
        mvno: true,
        city: '桂林',
      });

      const untyped = await importPrefixes(
        writePhoneDat([{ prefix: 1922236, province: '海南', city: '海口', cardType: 7 }]),
        'application/x-www-form-urlencoded',
      );
      expect(untyped.body).toMatchObject({ format: 'phone-dat' });
      const csvUntyped = await importPrefixes(
        '1922237,广电,海南,三亚\n',
        'application/x-www-form-urlencoded',
      );
      expect(csvUntyped.body).toMatchObject({ format: 'csv' });
      await expect(lookup('19222371234')).resolves.toMatchObject({ province: '海南', city: '三亚' });
    });

    it('reads GBK CSV when the charset says so', async () => {
      const gbk = iconv.encode('号段,运营商,省份,城市\n1675555,联通,四川省,成都市\n', 'gbk');
      const refused = await importPrefixes(gbk, 'text/csv');
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'NUMBER_FILE_INVALID', field: 'encoding' });
      const accepted = await importPrefixes(gbk, 'text/csv; charset=gbk');
      expect(accepted.status).toBe(201);
      await expect(lookup('16755551234')).resolves.toMatchObject({ province: '四川', city: '成都' });
    });

    it('refuses bad files with a code naming the field, CSV lines and phone.dat entries, importing nothing', async () => {
      const before = (await api.http.get('/v1/numbers/prefix-imports?limit=200').set(operator)).body.data
        .length;
      const rows = await importPrefixes(
        'prefix,carrier,province,city\n1380000,CMCC,北京,\n12,CMCC,火星,\n',
        'text/csv',
      );
      expect(rows.status).toBe(422);
      expect(rows.body.error).toMatchObject({ code: 'NUMBER_FILE_ROWS_INVALID', field: 'prefix' });
      expect(rows.body.error.message).toMatch(/^line 3: /);
      expect(rows.body.error.details).toEqual({
        total_problems: 2,
        problems: [
          { line: 3, field: 'prefix', message: 'prefix 12 has 2 digits; 3 to 7 are allowed' },
          { line: 3, field: 'province', message: expect.stringContaining('火星') },
        ],
      });

      const truncated = await importPrefixes(
        writePhoneDat([{ prefix: 1380000, province: '北京', city: '北京', cardType: 1 }]).subarray(0, -2),
        'application/octet-stream',
      );
      expect(truncated.status).toBe(422);
      expect(truncated.body.error).toMatchObject({ code: 'NUMBER_FILE_INVALID', field: 'index' });
      const unsorted = await importPrefixes(
        writePhoneDat(
          [
            { prefix: 1390000, province: '北京', city: '北京', cardType: 1 },
            { prefix: 1380000, province: '北京', city: '北京', cardType: 1 },
          ],
          { unsorted: true },
        ),
        'application/octet-stream',
      );
      expect(unsorted.body.error).toMatchObject({ code: 'NUMBER_FILE_ROWS_INVALID', field: 'index' });
      expect(unsorted.body.error.details.problems[0]).toMatchObject({ entry: 1, offset: expect.any(Number) });

      const empty = await importPrefixes('', 'text/csv');
      expect(empty.status).toBe(422);
      expect(empty.body.error).toMatchObject({ code: 'NUMBER_FILE_INVALID', field: 'body' });
      const json = await api.http.post('/v1/numbers/prefix-imports').set(operator).send({ prefix: '138' });
      expect(json.status).toBe(415);
      expect(json.body.error).toMatchObject({ code: 'NUMBER_FILE_FORMAT_UNKNOWN', field: 'body' });
      const multipart = await api.http
        .post('/v1/numbers/prefix-imports')
        .set(operator)
        .attach('file', Buffer.from('1380000,CMCC,北京,\n'), 'prefixes.csv');
      expect(multipart.status).toBe(415);
      expect(multipart.body.error.message).toContain('--data-binary');
      const png = await importPrefixes(Buffer.from('not a picture'), 'image/png');
      expect(png.status).toBe(415);
      expect(png.body.error.field).toBe('format');
      const mode = await importPrefixes('1380000,CMCC,北京,\n', 'text/csv', '?mode=merge');
      expect(mode.status).toBe(400);
      expect(mode.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'mode' });
      const huge = await importPrefixes(`1380000,CMCC,北京,${'x'.repeat(IMPORT_LIMIT)}\n`, 'text/csv');
      expect(huge.status).toBe(413);
      expect(huge.body.error.code).toBe('PAYLOAD_TOO_LARGE');

      const after = (await api.http.get('/v1/numbers/prefix-imports?limit=200').set(operator)).body.data
        .length;
      expect(after).toBe(before);
    });

    it('verifies a signed upload over the file bytes', async () => {
      const key = await api.seed.issueKey(api.seed.operator, { requireSignature: true });
      const file = writePhoneDat([{ prefix: 1988888, province: '西藏', city: '拉萨', cardType: 1 }]);
      const path = '/v1/numbers/prefix-imports?format=phone-dat';
      const headers = (body: Buffer) => {
        const timestamp = String(Math.floor(Date.now() / 1000));
        const nonce = randomBytes(16).toString('hex');
        const signed = { method: 'POST', pathWithQuery: path, timestamp, nonce, body };
        return {
          ...bearer(key.fullKey),
          'Content-Type': 'application/octet-stream',
          'X-Tongdao-Timestamp': timestamp,
          'X-Tongdao-Nonce': nonce,
          'X-Tongdao-Signature': signRequest(key.signingSecret, signed),
        };
      };
      const tampered = Buffer.from(file);
      tampered[tampered.length - 1] = 6;
      const refused = await api.http.post(path).set(headers(file)).send(tampered);
      expect(refused.status).toBe(401);
      expect(refused.body.error.code).toBe('SIGNATURE_INVALID');
      const accepted = await api.http.post(path).set(headers(file)).send(file);
      expect(accepted.status).toBe(201);
      await expect(lookup('19888881234')).resolves.toMatchObject({ province: '西藏', carrier: 'CMCC' });
    });

    it('replaces the built-in data and earlier imports, and a withdrawal brings them back', async () => {
      const replacement = await importPrefixes(
        writePhoneDat([{ prefix: 1380013, province: '上海', city: '上海', cardType: 1 }]),
        'application/octet-stream',
        '?mode=replace',
      );
      expect(replacement.status).toBe(201);
      await expect(lookup('13800138000')).resolves.toMatchObject({
        province: '上海',
        region_source: 'imported',
      });
      await expect(lookup('13912345678')).resolves.toMatchObject({ carrier: 'CMCC', province: null });
      await expect(lookup('16612345678')).resolves.toMatchObject({
        carrier: 'CUCC',
        source: 'builtin',
        province: null,
      });
      const status = await api.http.get('/v1/numbers/status').set(operator);
      expect(status.body).toMatchObject({ builtin: false, builtin_prefixes: 0, imports_in_force: 1 });
      const history = await api.http.get('/v1/numbers/prefix-imports?limit=200').set(operator);
      const statuses = (history.body.data as Array<{ id: string; status: string }>).map((row) => row.status);
      expect(statuses[0]).toBe('active');
      expect(new Set(statuses.slice(1))).toEqual(new Set(['superseded']));

      const withdrawn = await api.http
        .delete(`/v1/numbers/prefix-imports/${replacement.body.id}`)
        .set(operator);
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawn_at: expect.any(String) });
      await expect(lookup('13800138000')).resolves.toMatchObject({
        province: '北京',
        region_source: 'builtin',
      });
      await expect(lookup('16612345678')).resolves.toMatchObject({ province: '广东', source: 'imported' });
      const again = await api.http.delete(`/v1/numbers/prefix-imports/${replacement.body.id}`).set(operator);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('PREFIX_IMPORT_WITHDRAWN');
      const unknown = await api.http
        .delete('/v1/numbers/prefix-imports/0190a000-0000-7000-8000-000000000000')
        .set(operator);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('PREFIX_IMPORT_NOT_FOUND');
    });

    it('lists the history newest first in pages and serves each file as uploaded', async () => {
      const file = writePhoneDat([{ prefix: 1977777, province: '青海', city: '西宁', cardType: 1 }]);
      const created = await importPrefixes(file, 'application/octet-stream', '?name=qinghai');
      const first = await api.http.get('/v1/numbers/prefix-imports?limit=1').set(operator);
      expect(first.body.data).toEqual([expect.objectContaining({ id: created.body.id, name: 'qinghai' })]);
      expect(first.body.next_cursor).toEqual(expect.any(String));
      const second = await api.http
        .get(`/v1/numbers/prefix-imports?limit=1&cursor=${first.body.next_cursor}`)
        .set(operator);
      expect(second.body.data[0].revision).toBeLessThan(created.body.revision);
      const one = await api.http.get(`/v1/numbers/prefix-imports/${created.body.id}`).set(operator);
      expect(one.body).toMatchObject({ id: created.body.id, file_bytes: file.length, status: 'active' });
      const download = await api.http
        .get(`/v1/numbers/prefix-imports/${created.body.id}/file`)
        .set(operator)
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(download.status).toBe(200);
      expect(download.headers['content-type']).toBe('application/octet-stream');
      expect(Buffer.compare(download.body as Buffer, file)).toBe(0);
      const badCursor = await api.http.get('/v1/numbers/prefix-imports?cursor=!!').set(operator);
      expect(badCursor.body.error.code).toBe('INVALID_CURSOR');
    });
  });

  describe('portability overrides', () => {
    const put = (phone: string, body: object) =>
      api.http
        .put(`/v1/numbers/overrides/${encodeURIComponent(phone)}`)
        .set(operator)
        .send(body);

    it('adds, changes, shows and removes an override, and acceptance follows it', async () => {
      const created = await put('+86 135 0000 0001', { carrier: 'CTCC', note: 'ticket 1' });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        phone: '+8613500000001',
        carrier: 'CTCC',
        note: 'ticket 1',
        source: 'api',
      });
      const changed = await put('13500000001', { carrier: 'CUCC' });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ carrier: 'CUCC', note: null });
      const shown = await api.http.get('/v1/numbers/overrides/13500000001').set(operator);
      expect(shown.body).toMatchObject({ phone: '+8613500000001', carrier: 'CUCC' });
      const looked = await lookup('13500000001');
      expect(looked).toMatchObject({
        carrier: 'CUCC',
        mvno: false,
        source: 'override',
        region_source: 'builtin',
      });
      expect(looked.province).not.toBeNull();
      const message = await send('13500000001');
      expect(message.body).toMatchObject({ carrier: 'CUCC', province: looked.province });

      expect((await api.http.delete('/v1/numbers/overrides/13500000001').set(operator)).status).toBe(204);
      const gone = await api.http.get('/v1/numbers/overrides/13500000001').set(operator);
      expect(gone.status).toBe(404);
      expect(gone.body.error).toMatchObject({ code: 'PORTABILITY_OVERRIDE_NOT_FOUND', field: 'phone' });
      expect((await api.http.delete('/v1/numbers/overrides/13500000001').set(operator)).status).toBe(404);
      await expect(lookup('13500000001')).resolves.toMatchObject({ carrier: 'CMCC', source: 'builtin' });
      const revived = await put('13500000001', { carrier: 'CBN' });
      expect(revived.status).toBe(201);
    });

    it('refuses numbers that are not mainland mobiles, unknown carriers and unknown fields', async () => {
      const foreign = await put('+14155552671', { carrier: 'CMCC' });
      expect(foreign.status).toBe(422);
      expect(foreign.body.error).toMatchObject({ code: 'NOT_MAINLAND_MOBILE', field: 'phone' });
      const garbage = await put('hello', { carrier: 'CMCC' });
      expect(garbage.body.error).toMatchObject({ code: 'INVALID_PHONE', field: 'phone' });
      const carrier = await put('13500000002', { carrier: 'ATT' });
      expect(carrier.status).toBe(400);
      expect(carrier.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'carrier' });
      const extra = await put('13500000002', { carrier: 'CMCC', colour: 'red' });
      expect(extra.body.error).toMatchObject({ code: 'UNKNOWN_FIELD', field: 'colour' });
    });

    it('bulk imports: extend adds and updates, replace also removes what the file leaves out', async () => {
      await put('13600000001', { carrier: 'CTCC' });
      const importCsv = (csv: string, query = '') =>
        api.http
          .post(`/v1/numbers/overrides/import${query}`)
          .set(operator)
          .set('Content-Type', 'text/csv')
          .send(csv);
      const extended = await importCsv(
        'phone,carrier,note\n13600000001,CUCC,\n13600000002,CTCC,a\n13600000003,广电,b\n',
      );
      expect(extended.status).toBe(201);
      expect(extended.body).toMatchObject({
        mode: 'extend',
        rows: 3,
        added: 2,
        changed: 1,
        unchanged: 0,
        removed: 0,
      });
      await expect(lookup('13600000003')).resolves.toMatchObject({ carrier: 'CBN', source: 'override' });
      const repeated = await importCsv(
        'phone,carrier,note\n13600000001,CUCC,\n13600000002,CTCC,a\n13600000003,广电,b\n',
      );
      expect(repeated.body).toMatchObject({ added: 0, changed: 0, unchanged: 3 });

      const replaced = await importCsv('13600000003,CBN,b\n13600000004,CMCC\n', '?mode=replace&name=list-2');
      expect(replaced.body).toMatchObject({ mode: 'replace', name: 'list-2', added: 1, unchanged: 1 });
      expect(replaced.body.removed).toBeGreaterThanOrEqual(2);
      await expect(lookup('13600000001')).resolves.toMatchObject({ carrier: 'CMCC', source: 'builtin' });
      await expect(lookup('13600000004')).resolves.toMatchObject({ carrier: 'CMCC', source: 'override' });
      const count = await api.http.get('/v1/numbers/status').set(operator);
      expect(count.body.overrides).toBe(2);

      const history = await api.http.get('/v1/numbers/overrides/imports').set(operator);
      expect((history.body as Array<{ name: string | null }>).map((row) => row.name).slice(0, 1)).toEqual([
        'list-2',
      ]);
      expect(history.body).toHaveLength(3);

      const bad = await importCsv('phone,carrier\n13600000005,CMCC\n1360000000,CMCC\n13600000005,CUCC\n');
      expect(bad.status).toBe(422);
      expect(bad.body.error.details.problems.map((problem: { line: number }) => problem.line)).toEqual([
        3, 4,
      ]);
      const binary = await api.http
        .post('/v1/numbers/overrides/import')
        .set(operator)
        .set('Content-Type', 'application/octet-stream')
        .send(Buffer.from('13600000005,CMCC\n'));
      expect(binary.status).toBe(415);
    });

    it('pages through overrides in number order, optionally by carrier', async () => {
      for (const [phone, carrier] of [
        ['13700000001', 'CTCC'],
        ['13700000002', 'CUCC'],
        ['13700000003', 'CTCC'],
      ] as const) {
        await put(phone, { carrier });
      }
      const phones: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${cursor}` : '';
        const page = await api.http.get(`/v1/numbers/overrides?limit=2${query}`).set(operator);
        expect(page.body.data.length).toBeLessThanOrEqual(2);
        phones.push(...(page.body.data as Array<{ phone: string }>).map((row) => row.phone));
        cursor = page.body.next_cursor;
      } while (cursor);
      expect(phones).toEqual([...phones].sort());
      expect(phones).toEqual(expect.arrayContaining(['+8613700000001', '+8613700000002', '+8613700000003']));
      const telecom = await api.http.get('/v1/numbers/overrides?carrier=CTCC&limit=200').set(operator);
      expect((telecom.body.data as Array<{ carrier: string }>).every((row) => row.carrier === 'CTCC')).toBe(
        true,
      );
      expect(telecom.body.data.map((row: { phone: string }) => row.phone)).toEqual(
        expect.arrayContaining(['+8613700000001', '+8613700000003']),
      );
    });
  });
});
