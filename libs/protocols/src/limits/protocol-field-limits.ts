import type { ProtocolName } from '../channel/channel-config';

/**
 * The configured values a protocol puts on the wire (or into its authenticator): a channel's login and numbers, or
 * an account of a simulated gateway. `password` is absent when only a sealed form is at hand.
 */
export interface ProtocolFieldValues {
  account: string;
  password?: string;
  spId?: string;
  serviceId?: string;
  sourceNumber?: string;
  extensionCode?: string;
  sgip?: { receiver?: { account: string; password?: string } };
}

/** One value that does not fit its protocol field; `field` is the configuration path, e.g. `sgip.receiver.password`. */
export interface FieldLimitProblem {
  field: string;
  /** The most octets (characters) the value may have. */
  limit: number;
  message: string;
}

/**
 * Field widths in octets. CMPP, SGIP and SMGP fields are fixed-size Octet Strings (a value may fill the field);
 * SMPP fields are C-Octet Strings whose size includes the NUL, so the value holds one octet less.
 */
export const PROTOCOL_FIELD_LIMITS = {
  cmpp: { sourceAddr: 6, msgSrc: 6, serviceId: 10, srcId: 21 },
  sgip: { loginName: 16, loginPassword: 16, serviceType: 10, spNumber: 21 },
  smgp: { clientId: 8, sharedSecret: 15, serviceId: 10, srcTermId: 21 },
  smpp: { systemId: 15, password: 8, systemType: 12, sourceAddr: 20 },
} as const;

interface FieldRule {
  field: string;
  value: string | undefined;
  limit: number;
  /** The protocol's own name for the field, for the message. */
  wireName: string;
}

/** CMPP 2.0 / 3.0: Source_Addr is the 6-octet SP code; the shared secret never travels, it is hashed. */
export function cmppFieldProblems(values: ProtocolFieldValues): FieldLimitProblem[] {
  const limits = PROTOCOL_FIELD_LIMITS.cmpp;
  return [
    ...check('CMPP', [
      {
        field: 'account',
        value: values.account,
        limit: limits.sourceAddr,
        wireName: 'Source_Addr (SP code)',
      },
      { field: 'spId', value: values.spId, limit: limits.msgSrc, wireName: 'Msg_src (SP id)' },
      { field: 'serviceId', value: values.serviceId, limit: limits.serviceId, wireName: 'Service_Id' },
    ]),
    ...secretProblems('CMPP', 'password', values.password, undefined),
    ...senderProblems('CMPP', 'Src_Id', values, limits.srcId),
  ];
}

/** SGIP 1.2: Bind carries the login name and the plain-text password in 16 octets each, both ways. */
export function sgipFieldProblems(values: ProtocolFieldValues): FieldLimitProblem[] {
  const limits = PROTOCOL_FIELD_LIMITS.sgip;
  const receiver = values.sgip?.receiver;
  return [
    ...check('SGIP', [
      { field: 'account', value: values.account, limit: limits.loginName, wireName: 'Login Name' },
      { field: 'password', value: values.password, limit: limits.loginPassword, wireName: 'Login Password' },
      { field: 'serviceId', value: values.serviceId, limit: limits.serviceType, wireName: 'ServiceType' },
      {
        field: 'sgip.receiver.account',
        value: receiver?.account,
        limit: limits.loginName,
        wireName: 'Login Name (the SMG binding to us)',
      },
      {
        field: 'sgip.receiver.password',
        value: receiver?.password,
        limit: limits.loginPassword,
        wireName: 'Login Password (the SMG binding to us)',
      },
    ]),
    ...senderProblems('SGIP', 'SPNumber', values, limits.spNumber),
  ];
}

/** SMGP 3.0: ClientID is 8 octets; the shared secret is hashed, at most 15 octets. */
export function smgpFieldProblems(values: ProtocolFieldValues): FieldLimitProblem[] {
  const limits = PROTOCOL_FIELD_LIMITS.smgp;
  return [
    ...check('SMGP', [
      { field: 'account', value: values.account, limit: limits.clientId, wireName: 'ClientID' },
      { field: 'serviceId', value: values.serviceId, limit: limits.serviceId, wireName: 'ServiceID' },
    ]),
    ...secretProblems('SMGP', 'password', values.password, limits.sharedSecret),
    ...senderProblems('SMGP', 'SrcTermID', values, limits.srcTermId),
  ];
}

/** SMPP 3.4: system_id C-Octet String of 16 (15 + NUL), password of 9 (8 + NUL), source_addr of 21 (20 + NUL). */
export function smppFieldProblems(values: ProtocolFieldValues): FieldLimitProblem[] {
  const limits = PROTOCOL_FIELD_LIMITS.smpp;
  return [
    ...check('SMPP 3.4', [
      { field: 'account', value: values.account, limit: limits.systemId, wireName: 'system_id' },
      { field: 'password', value: values.password, limit: limits.password, wireName: 'password' },
    ]),
    ...senderProblems('SMPP 3.4', 'source_addr', values, limits.sourceAddr),
  ];
}

/** Every value of `values` that does not fit `protocol`'s fields, all at once (empty when all fit). */
export function protocolFieldProblems(
  protocol: ProtocolName,
  values: ProtocolFieldValues,
): FieldLimitProblem[] {
  switch (protocol) {
    case 'cmpp2':
    case 'cmpp3':
      return cmppFieldProblems(values);
    case 'sgip':
      return sgipFieldProblems(values);
    case 'smgp':
      return smgpFieldProblems(values);
    case 'smpp':
      return smppFieldProblems(values);
  }
}

/** The widest sender number (access number + extension codes) the protocol's source address field holds. */
export function maxSourceLength(protocol: ProtocolName): number {
  switch (protocol) {
    case 'cmpp2':
    case 'cmpp3':
      return PROTOCOL_FIELD_LIMITS.cmpp.srcId;
    case 'sgip':
      return PROTOCOL_FIELD_LIMITS.sgip.spNumber;
    case 'smgp':
      return PROTOCOL_FIELD_LIMITS.smgp.srcTermId;
    case 'smpp':
      return PROTOCOL_FIELD_LIMITS.smpp.sourceAddr;
  }
}

function check(protocol: string, rules: FieldRule[]): FieldLimitProblem[] {
  return rules.flatMap((rule) =>
    rule.value === undefined
      ? []
      : fieldProblems(protocol, rule.field, rule.wireName, rule.value, rule.limit),
  );
}

/** Octet fields carry single-byte characters only: each character must be printable ASCII to be one octet. */
function fieldProblems(
  protocol: string,
  field: string,
  wireName: string,
  value: string,
  limit: number,
): FieldLimitProblem[] {
  if (!isPrintableAscii(value))
    return [
      { field, limit, message: `${protocol} ${wireName} must be printable ASCII (one octet a character)` },
    ];
  if (value.length > limit)
    return [
      {
        field,
        limit,
        message: `${protocol} ${wireName} holds at most ${limit} octets; this one has ${value.length}`,
      },
    ];
  return [];
}

/** A secret that is only hashed has no field of its own; it must still be one octet a character. */
function secretProblems(
  protocol: string,
  field: string,
  value: string | undefined,
  limit: number | undefined,
): FieldLimitProblem[] {
  if (value === undefined) return [];
  return fieldProblems(protocol, field, 'shared secret', value, limit ?? Number.MAX_SAFE_INTEGER);
}

function senderProblems(
  protocol: string,
  wireName: string,
  values: ProtocolFieldValues,
  limit: number,
): FieldLimitProblem[] {
  if (values.sourceNumber === undefined) return [];
  const own = fieldProblems(protocol, 'sourceNumber', wireName, values.sourceNumber, limit);
  if (own.length > 0) return own;
  const total = values.sourceNumber.length + (values.extensionCode?.length ?? 0);
  if (total <= limit) return [];
  return [
    {
      field: 'extensionCode',
      limit,
      message: `${protocol} ${wireName} holds at most ${limit} digits; sender number and extension code together have ${total}`,
    },
  ];
}

function isPrintableAscii(value: string): boolean {
  return /^[\x20-\x7e]*$/.test(value);
}
