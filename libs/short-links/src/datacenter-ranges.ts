import { isIPv6 } from 'node:net';
import { expandIpv6, toIpv4 } from './ip-prefix';

/**
 * Representative address ranges of the large clouds whose machines fetch links right after an SMS is delivered
 * (carriers' and apps' URL security checks, previews rendered server-side, scanners). Not exhaustive: the providers
 * publish thousands of prefixes and change them; operators extend the list with SHORT_LINK_DATACENTER_CIDRS.
 */
export const DEFAULT_DATACENTER_CIDRS: Readonly<Record<string, readonly string[]>> = {
  alibaba: [
    '8.128.0.0/10',
    '39.96.0.0/13',
    '39.104.0.0/14',
    '39.108.0.0/16',
    '47.74.0.0/15',
    '47.76.0.0/14',
    '47.88.0.0/13',
    '47.96.0.0/11',
    '101.132.0.0/15',
    '106.14.0.0/15',
    '112.124.0.0/16',
    '114.55.0.0/16',
    '115.28.0.0/15',
    '116.62.0.0/16',
    '118.31.0.0/16',
    '120.24.0.0/14',
    '120.55.0.0/16',
    '120.76.0.0/14',
    '121.40.0.0/14',
    '121.196.0.0/14',
    '123.56.0.0/14',
    '139.196.0.0/15',
  ],
  tencent: [
    '42.193.0.0/16',
    '49.232.0.0/14',
    '81.68.0.0/14',
    '82.156.0.0/15',
    '101.32.0.0/14',
    '106.52.0.0/14',
    '111.229.0.0/16',
    '111.230.0.0/15',
    '118.24.0.0/15',
    '118.89.0.0/16',
    '119.28.0.0/15',
    '119.45.0.0/16',
    '122.51.0.0/16',
    '123.206.0.0/15',
    '129.204.0.0/16',
    '129.211.0.0/16',
    '132.232.0.0/16',
    '134.175.0.0/16',
    '139.155.0.0/16',
    '139.199.0.0/16',
    '150.158.0.0/16',
    '152.136.0.0/16',
    '175.24.0.0/14',
    '193.112.0.0/16',
  ],
  huawei: [
    '110.238.0.0/15',
    '114.115.128.0/17',
    '114.116.0.0/16',
    '116.63.0.0/16',
    '119.3.0.0/16',
    '121.36.0.0/15',
    '122.112.128.0/17',
    '124.70.0.0/15',
    '139.9.0.0/16',
    '139.159.128.0/17',
    '159.138.0.0/16',
  ],
  aws: [
    '3.0.0.0/9',
    '13.32.0.0/12',
    '18.128.0.0/9',
    '34.192.0.0/10',
    '44.192.0.0/10',
    '52.0.0.0/10',
    '52.80.0.0/14',
    '54.64.0.0/11',
    '54.144.0.0/12',
    '54.222.0.0/15',
    '2600:1f00::/24',
  ],
  gcp: [
    '34.64.0.0/10',
    '35.184.0.0/13',
    '35.192.0.0/12',
    '35.208.0.0/12',
    '104.154.0.0/15',
    '104.196.0.0/14',
    '130.211.0.0/16',
    '2600:1900::/28',
  ],
};

/** ISP names in the ip2region data that mean a hosting provider rather than a subscriber network. */
export const DATACENTER_ISP_PATTERN =
  /阿里云|阿里巴巴|腾讯云|华为云|百度云|金山云|京东云|UCloud|青云|Amazon|AWS|Google|Microsoft|Azure|DigitalOcean|Linode|Vultr|OVH|Hetzner/i;

interface Ipv4Range {
  start: number;
  end: number;
  provider: string;
}

interface Ipv6Range {
  network: bigint;
  mask: bigint;
  provider: string;
}

/** Which cloud, if any, an address belongs to. IPv4 by binary search over sorted ranges; IPv6 by a short scan. */
export class DatacenterRanges {
  private readonly ipv4: Ipv4Range[] = [];
  private readonly ipv6: Ipv6Range[] = [];

  constructor(ranges: Readonly<Record<string, readonly string[]>> = DEFAULT_DATACENTER_CIDRS) {
    for (const [provider, cidrs] of Object.entries(ranges))
      for (const cidr of cidrs) this.add(cidr, provider);
    this.ipv4.sort((a, b) => a.start - b.start);
  }

  /** Adds extra CIDRs (e.g. from configuration) under the provider name `custom`. */
  static withExtra(extra: readonly string[]): DatacenterRanges {
    return new DatacenterRanges({ ...DEFAULT_DATACENTER_CIDRS, custom: extra });
  }

  get size(): number {
    return this.ipv4.length + this.ipv6.length;
  }

  providerOf(address: string): string | null {
    const ipv4 = toIpv4(address);
    if (ipv4) return this.lookupIpv4(ipv4ToNumber(ipv4));
    if (!isIPv6(address)) return null;
    const value = BigInt(`0x${expandIpv6(address).join('')}`);
    for (const range of this.ipv6) if ((value & range.mask) === range.network) return range.provider;
    return null;
  }

  private lookupIpv4(value: number): string | null {
    // Ranges may nest; the list is short, so after the binary search walk back over every range starting before.
    let low = 0;
    let high = this.ipv4.length - 1;
    let last = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.ipv4[middle]!.start <= value) {
        last = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    for (let index = last; index >= 0; index -= 1) {
      const range = this.ipv4[index]!;
      if (value <= range.end) return range.provider;
      if (last - index > 8) break;
    }
    return null;
  }

  private add(cidr: string, provider: string): void {
    const [address, bitsText] = cidr.trim().split('/') as [string, string | undefined];
    const ipv4 = toIpv4(address);
    if (ipv4) {
      const bits = bitsText === undefined ? 32 : Number(bitsText);
      if (!Number.isInteger(bits) || bits < 0 || bits > 32) throw new RangeError(`bad CIDR ${cidr}`);
      const size = 2 ** (32 - bits);
      const start = Math.floor(ipv4ToNumber(ipv4) / size) * size;
      this.ipv4.push({ start, end: start + size - 1, provider });
      return;
    }
    if (!isIPv6(address)) throw new RangeError(`bad CIDR ${cidr}`);
    const bits = bitsText === undefined ? 128 : Number(bitsText);
    if (!Number.isInteger(bits) || bits < 0 || bits > 128) throw new RangeError(`bad CIDR ${cidr}`);
    const mask = bits === 0 ? 0n : ((1n << BigInt(bits)) - 1n) << BigInt(128 - bits);
    this.ipv6.push({ network: BigInt(`0x${expandIpv6(address).join('')}`) & mask, mask, provider });
  }
}

function ipv4ToNumber(address: string): number {
  const [a, b, c, d] = address.split('.').map(Number) as [number, number, number, number];
  return ((a << 24) >>> 0) + (b << 16) + (c << 8) + d;
}
