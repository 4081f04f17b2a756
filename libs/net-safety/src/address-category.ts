import { formatIpAddress, IpAddress, numberToIpv4 } from './ip-address';

/** Why an address must not be the target of a server-side request, or `public` when it may be. */
export type AddressCategory =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'shared'
  | 'metadata'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

export interface AddressClassification {
  category: AddressCategory;
  /** For IPv6 forms that carry an IPv4 address (mapped, NAT64, 6to4): the IPv4 address that decided. */
  via?: string;
}

interface Block {
  base: bigint;
  bits: number;
  category: AddressCategory;
}

function v4(dotted: string, bits: number, category: AddressCategory): Block {
  const value = dotted.split('.').reduce((sum, octet) => sum * 256 + Number(octet), 0);
  return { base: BigInt(value), bits, category };
}

function v6(hexGroups: readonly number[], bits: number, category: AddressCategory): Block {
  const padded = [...hexGroups, ...Array<number>(8 - hexGroups.length).fill(0)];
  return { base: padded.reduce((value, group) => (value << 16n) | BigInt(group), 0n), bits, category };
}

/** Cloud instance-metadata services (AWS/GCP/Azure/Tencent, ECS task metadata, Alibaba, Oracle). */
const METADATA_V4 = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', '192.0.0.192']);
const METADATA_V6 = v6([0xfd00, 0x0ec2, 0, 0, 0, 0, 0, 0x254], 128, 'metadata').base;

/** IANA IPv4 special-purpose registry (RFC 6890 and successors). */
const SPECIAL_V4: readonly Block[] = [
  v4('255.255.255.255', 32, 'broadcast'),
  v4('0.0.0.0', 8, 'unspecified'),
  v4('10.0.0.0', 8, 'private'),
  v4('100.64.0.0', 10, 'shared'),
  v4('127.0.0.0', 8, 'loopback'),
  v4('169.254.0.0', 16, 'link-local'),
  v4('172.16.0.0', 12, 'private'),
  v4('192.0.0.0', 24, 'reserved'),
  v4('192.0.2.0', 24, 'reserved'),
  v4('192.88.99.0', 24, 'reserved'),
  v4('192.168.0.0', 16, 'private'),
  v4('198.18.0.0', 15, 'reserved'),
  v4('198.51.100.0', 24, 'reserved'),
  v4('203.0.113.0', 24, 'reserved'),
  v4('224.0.0.0', 4, 'multicast'),
  v4('240.0.0.0', 4, 'reserved'),
];

/** IPv6 special-purpose blocks; the forms that embed an IPv4 address are handled before these. */
const SPECIAL_V6: readonly Block[] = [
  v6([0x0100], 64, 'reserved'),
  v6([0x2001, 0x0db8], 32, 'reserved'),
  v6([0x2001], 23, 'reserved'),
  v6([0xfc00], 7, 'private'),
  v6([0xfe80], 10, 'link-local'),
  v6([0xfec0], 10, 'private'),
  v6([0xff00], 8, 'multicast'),
];

/** IPv6 prefixes whose low (or fixed-position) bits carry an IPv4 address that must be judged instead. */
const MAPPED_V4 = v6([0, 0, 0, 0, 0, 0xffff], 96, 'reserved');
const COMPATIBLE_V4 = v6([], 96, 'reserved');
const NAT64 = v6([0x64, 0xff9b], 96, 'reserved');
const NAT64_LOCAL = v6([0x64, 0xff9b, 1], 48, 'reserved');
const SIX_TO_FOUR = v6([0x2002], 16, 'reserved');

function inBlock(value: bigint, block: Block, width: number): boolean {
  const shift = BigInt(width - block.bits);
  return value >> shift === block.base >> shift;
}

export function classifyIpv4(value: bigint): AddressCategory {
  if (METADATA_V4.has(numberToIpv4(Number(value)))) return 'metadata';
  return SPECIAL_V4.find((block) => inBlock(value, block, 32))?.category ?? 'public';
}

export function classifyIpv6(value: bigint): AddressClassification {
  if (value === 0n) return { category: 'unspecified' };
  if (value === 1n) return { category: 'loopback' };
  if (value === METADATA_V6) return { category: 'metadata' };
  const embedded = embeddedIpv4(value);
  if (embedded !== null) {
    const category = classifyIpv4(embedded);
    return { category, via: numberToIpv4(Number(embedded)) };
  }
  return { category: SPECIAL_V6.find((block) => inBlock(value, block, 128))?.category ?? 'public' };
}

function embeddedIpv4(value: bigint): bigint | null {
  const low32 = value & 0xffff_ffffn;
  if (inBlock(value, MAPPED_V4, 128) || inBlock(value, NAT64, 128) || inBlock(value, COMPATIBLE_V4, 128))
    return low32;
  if (inBlock(value, NAT64_LOCAL, 128)) return low32;
  if (inBlock(value, SIX_TO_FOUR, 128)) return (value >> 80n) & 0xffff_ffffn;
  return null;
}

export function classifyAddress(address: IpAddress): AddressClassification {
  return address.version === 4 ? { category: classifyIpv4(address.value) } : classifyIpv6(address.value);
}

export function describeAddress(address: IpAddress): string {
  return formatIpAddress(address);
}
