import IP2Region from 'ip2region';
import { toIpv4 } from './ip-prefix';

export interface IpGeo {
  country: string | null;
  province: string | null;
  city: string | null;
  isp: string | null;
}

const UNKNOWN: IpGeo = { country: null, province: null, city: null, isp: null };

/**
 * Country, province, city and ISP of an address from the ip2region database shipped inside the npm package (IPv4
 * and IPv6, no network access). Loaded once per process (~0.1 s); lookups are in memory.
 */
export class IpGeoLookup {
  private readonly database = new IP2Region();

  lookup(address: string | null): IpGeo {
    if (!address) return UNKNOWN;
    let result: ReturnType<IP2Region['search']>;
    try {
      result = this.database.search(toIpv4(address) ?? address);
    } catch {
      return UNKNOWN;
    }
    if (!result) return UNKNOWN;
    const internal = result.isp === '内网IP' || result.city === '内网IP';
    if (internal) return UNKNOWN;
    return {
      country: blankToNull(result.country),
      province: blankToNull(result.province),
      city: blankToNull(result.city),
      isp: blankToNull(result.isp),
    };
  }
}

function blankToNull(value: string | undefined): string | null {
  return value && value !== '0' ? value : null;
}
