/**
 * The kannel.conf the Kannel comparison runs with: one bearerbox, one smsbox with the sendsms interface, and one
 * SMPP 3.4 smsc (several transceiver instances) on the Tongdao carrier simulator. Written into the run's temporary
 * directory; nothing here is committed as a generated file.
 */

export interface KannelPorts {
  admin: number;
  smsbox: number;
  sendsms: number;
  simulatorSmpp: number;
}

export interface KannelSettings {
  /** SMPP binds to the simulator (`instances`); the simulator refuses more than 8 per account by default. */
  connections: number;
  /** Unacknowledged submit_sm per bind (`max-pending-submits`), Kannel's window. */
  window: number;
  /** Submits per second per bind, 0 for none (`throughput`). */
  throughput: number;
  /** smsbox's limit on outstanding HTTP requests (the dlr-url calls), `max-pending-requests`. */
  maxPendingRequests: number;
  /** Bearerbox queue bound; -1 is Kannel's default, unbounded. */
  outgoingQueueLimit: number;
  /** Kannel log level for both boxes: 0 debug … 4 panic. */
  logLevel: number;
  accessLog: boolean;
  dlrStorage: 'internal' | 'pgsql';
  /** For `pgsql`: the database the DLR table lives in (created and dropped by the run). */
  pgsql?: { host: string; port: number; user: string; database: string; connections: number };
}

export const SENDSMS_USER = { username: 'bench', password: 'bench' };
export const ADMIN_PASSWORD = 'bench';
export const SMSC_ID = 'sim';
export const DLR_TABLE = 'dlr';

/** The table Kannel's dlr-db group below describes, with the lookup index any operator would add. */
export const DLR_TABLE_SQL = [
  // Kannel 1.4.5 deletes a finished receipt `WHERE oid = (SELECT oid … LIMIT 1)`; PostgreSQL 12 dropped the oid
  // system column, so without a column of that name every delete fails and the table only grows.
  `CREATE TABLE ${DLR_TABLE} (
     oid bigserial PRIMARY KEY,
     smsc varchar(40), ts varchar(65), destination varchar(40), source varchar(40), service varchar(40),
     url varchar(1024), mask integer, status integer, boxc varchar(40))`,
  // Kannel looks a receipt up by (smsc, ts); without an index every receipt scans the table.
  `CREATE INDEX ${DLR_TABLE}_smsc_ts ON ${DLR_TABLE} (smsc, ts)`,
];

export function kannelConfig(dir: string, ports: KannelPorts, settings: KannelSettings): string {
  const groups: string[] = [];
  const group = (name: string, fields: Record<string, string | number | boolean | undefined>): void => {
    const lines = Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${key} = ${typeof value === 'string' ? JSON.stringify(value) : String(value)}`);
    groups.push([`group = ${name}`, ...lines].join('\n'));
  };
  group('core', {
    'admin-port': ports.admin,
    'admin-interface': '127.0.0.1',
    'admin-password': ADMIN_PASSWORD,
    'status-password': ADMIN_PASSWORD,
    'admin-allow-ip': '127.0.0.1',
    'smsbox-port': ports.smsbox,
    'smsbox-interface': '127.0.0.1',
    'box-allow-ip': '127.0.0.1',
    'log-file': `${dir}/bearerbox.log`,
    'log-level': settings.logLevel,
    'access-log': settings.accessLog ? `${dir}/access.log` : undefined,
    'dlr-storage': settings.dlrStorage,
    'sms-incoming-queue-limit': -1,
    'sms-outgoing-queue-limit': settings.outgoingQueueLimit,
  });
  group('smsc', {
    smsc: 'smpp',
    'smsc-id': SMSC_ID,
    instances: settings.connections,
    host: '127.0.0.1',
    port: ports.simulatorSmpp,
    'transceiver-mode': true,
    'smsc-username': 'tongdao',
    'smsc-password': 'simpass1',
    'system-type': '',
    'source-addr-ton': 0,
    'source-addr-npi': 1,
    'dest-addr-ton': 1,
    'dest-addr-npi': 1,
    'max-pending-submits': settings.window,
    throughput: settings.throughput > 0 ? settings.throughput : undefined,
    'enquire-link-interval': 30,
    'reconnect-delay': 1,
  });
  group('smsbox', {
    'bearerbox-host': '127.0.0.1',
    'bearerbox-port': ports.smsbox,
    'sendsms-port': ports.sendsms,
    'sendsms-interface': '127.0.0.1',
    'log-file': `${dir}/smsbox.log`,
    'log-level': settings.logLevel,
    'access-log': settings.accessLog ? `${dir}/smsbox-access.log` : undefined,
    'max-pending-requests': settings.maxPendingRequests,
  });
  group('sendsms-user', {
    username: SENDSMS_USER.username,
    password: SENDSMS_USER.password,
    'max-messages': 1,
    concatenation: false,
  });
  // smsbox wants a service for incoming messages; none arrive in this benchmark.
  group('sms-service', { keyword: 'default', text: 'No service', 'omit-empty': true });
  if (settings.dlrStorage === 'pgsql') {
    const pg = settings.pgsql!;
    group('pgsql-connection', {
      id: 'dlrdb',
      host: pg.host,
      port: pg.port,
      username: pg.user,
      // Trust authentication ignores it, but Kannel insists on the field.
      password: 'unused',
      database: pg.database,
      'max-connections': pg.connections,
    });
    group('dlr-db', {
      id: 'dlrdb',
      table: DLR_TABLE,
      'field-smsc': 'smsc',
      'field-timestamp': 'ts',
      'field-destination': 'destination',
      'field-source': 'source',
      'field-service': 'service',
      'field-url': 'url',
      'field-mask': 'mask',
      'field-status': 'status',
      'field-boxc-id': 'boxc',
    });
  }
  return `${groups.join('\n\n')}\n`;
}
