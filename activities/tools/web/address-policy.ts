// Which addresses the web tools may reach. Off by default (WebSettings.allowPrivateAddresses):
// loopback, private, link-local (cloud metadata included), unique-local, CGNAT, multicast and
// reserved ranges are refused, for the address a name resolves to, not for the name.
import { BlockList, isIP } from 'node:net';

const RANGES: readonly (readonly [string, number, 'ipv4' | 'ipv6', string])[] = [
  ['0.0.0.0', 8, 'ipv4', '"this network"'],
  ['10.0.0.0', 8, 'ipv4', 'private'],
  ['100.64.0.0', 10, 'ipv4', 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'ipv4', 'loopback'],
  ['169.254.0.0', 16, 'ipv4', 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'ipv4', 'private'],
  ['192.0.0.0', 24, 'ipv4', 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'ipv4', 'documentation'],
  ['192.168.0.0', 16, 'ipv4', 'private'],
  ['198.18.0.0', 15, 'ipv4', 'benchmarking'],
  ['198.51.100.0', 24, 'ipv4', 'documentation'],
  ['203.0.113.0', 24, 'ipv4', 'documentation'],
  ['224.0.0.0', 4, 'ipv4', 'multicast'],
  ['240.0.0.0', 4, 'ipv4', 'reserved'],
  ['::', 128, 'ipv6', 'unspecified'],
  ['::1', 128, 'ipv6', 'loopback'],
  ['100::', 64, 'ipv6', 'discard'],
  ['2001:db8::', 32, 'ipv6', 'documentation'],
  ['fc00::', 7, 'ipv6', 'unique-local (private)'],
  ['fe80::', 10, 'ipv6', 'link-local'],
  ['fec0::', 10, 'ipv6', 'site-local'],
  ['ff00::', 8, 'ipv6', 'multicast'],
];

const blockList = new BlockList();
for (const [network, prefix, family] of RANGES) blockList.addSubnet(network, prefix, family);

/** Why `address` (an IP literal) is not public, or undefined when it is. */
export function privateRangeOf(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(bare);
  if (family === 0) return 'not an IP address';
  if (family === 6) {
    // IPv4 inside IPv6 (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, compatible ::a.b.c.d) is
    // judged by its IPv4 address.
    const embedded = embeddedIPv4(bare);
    if (embedded !== undefined) return privateRangeOf(embedded);
  }
  if (!blockList.check(bare, family === 4 ? 'ipv4' : 'ipv6')) return undefined;
  for (const [network, prefix, rangeFamily, name] of RANGES) {
    if ((rangeFamily === 'ipv4') !== (family === 4)) continue;
    const one = new BlockList();
    one.addSubnet(network, prefix, rangeFamily);
    if (one.check(bare, rangeFamily)) return name;
  }
  return 'reserved';
}

function embeddedIPv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::|::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const high = parseInt(hex[1]!, 16);
    const low = parseInt(hex[2]!, 16);
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
  }
  return undefined;
}

/** Thrown (inside DNS lookups too) when the policy refuses an address. */
export class AddressNotAllowedError extends Error {
  constructor(readonly host: string, readonly address: string, readonly range: string) {
    super(
      `${host === address ? address : `${host} (${address})`} is a ${range} address; web tools may not reach it ` +
        'unless the worker is started with ORC_WEB_ALLOW_PRIVATE=1',
    );
    this.name = 'AddressNotAllowedError';
  }
}

/** Throws AddressNotAllowedError unless `address` may be reached under the policy. */
export function checkAddress(host: string, address: string, allowPrivate: boolean): void {
  if (allowPrivate) return;
  const range = privateRangeOf(address);
  if (range !== undefined) throw new AddressNotAllowedError(host, address, range);
}
