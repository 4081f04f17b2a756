export { classifyAddress, classifyIpv4, classifyIpv6 } from './address-category';
export type { AddressCategory, AddressClassification } from './address-category';
export { allowListEntryProblem, HostAllowList } from './host-allow-list';
export { formatIpAddress, parseIpAddress } from './ip-address';
export type { IpAddress } from './ip-address';
export { checkOutboundUrl, checkResolvedAddress } from './outbound-url';
export type {
  SafetyVerdict,
  SafeUrl,
  UnsafeUrlReason,
  UnsafeVerdict,
  UrlSafetyOptions,
} from './outbound-url';
export { createSafeLookup, resolveSafely, systemDnsResolver, UnsafeAddressError } from './safe-lookup';
export type { DnsResolver } from './safe-lookup';
