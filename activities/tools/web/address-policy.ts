// Which addresses the web tools may reach. Off by default (WebSettings.allowPrivateAddresses):
// loopback, private, link-local (cloud metadata included), unique-local, CGNAT, multicast and
// reserved ranges are refused, for the address a name resolves to, not for the name. IPv6 forms
// that carry or tunnel to an IPv4 address are judged by that address (or refused as a whole).
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
  ['2001:2::', 48, 'ipv6', 'benchmarking'],
  ['2001:10::', 28, 'ipv6', 'ORCHID (non-routable)'],
  ['2001:20::', 28, 'ipv6', 'ORCHIDv2 (non-routable)'],
  ['2001:db8::', 32, 'ipv6', 'documentation'],
  ['3fff::', 20, 'ipv6', 'documentation'],
  ['5f00::', 16, 'ipv6', 'segment routing (SRv6 SIDs)'],
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
    const hextets = ipv6Hextets(bare);
    if (!hextets) return 'not an IP address';
    // Transition forms carry an IPv4 address (or lead to one): judge that address, or refuse
    // the form outright where the IPv4 address cannot be known from the IPv6 one.
    const transition = transitionOf(hextets);
    if (transition) return 'refused' in transition ? transition.refused : privateRangeOf(transition.ipv4);
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

type Transition = { ipv4: string } | { refused: string };

/**
 * IPv6 forms that reach IPv4 hosts: mapped (::ffff:0:0/96), translated (::ffff:0:0:0/96),
 * compatible (::/96, deprecated — `::7f00:1` is 127.0.0.1), NAT64 (64:ff9b::/96), 6to4
 * (2002::/16, the IPv4 address in bits 16–47). Teredo (2001::/32) and local-use NAT64
 * (64:ff9b:1::/48, where the operator chooses the layout) are refused as a whole.
 */
function transitionOf(hextets: readonly number[]): Transition | undefined {
  const zeros = (from: number, to: number) => hextets.slice(from, to).every((hextet) => hextet === 0);
  const last32 = () => ipv4From(hextets[6]!, hextets[7]!);
  if (zeros(0, 5) && hextets[5] === 0xffff) return { ipv4: last32() };
  if (zeros(0, 4) && hextets[4] === 0xffff && hextets[5] === 0) return { ipv4: last32() };
  // :: and ::1 are judged as IPv6 (unspecified, loopback); the rest of ::/96 carries IPv4.
  if (zeros(0, 6) && (hextets[6] !== 0 || hextets[7]! > 1)) return { ipv4: last32() };
  if (hextets[0] === 0x64 && hextets[1] === 0xff9b && zeros(2, 6)) return { ipv4: last32() };
  if (hextets[0] === 0x64 && hextets[1] === 0xff9b && hextets[2] === 1)
    return { refused: 'local-use NAT64 (64:ff9b:1::/48)' };
  if (hextets[0] === 0x2002) return { ipv4: ipv4From(hextets[1]!, hextets[2]!) };
  if (hextets[0] === 0x2001 && hextets[1] === 0) return { refused: 'Teredo tunnel (2001::/32)' };
  return undefined;
}

function ipv4From(high: number, low: number): string {
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** The eight 16-bit groups of an IPv6 address (`::` expanded, a dotted IPv4 tail converted). */
function ipv6Hextets(address: string): number[] | undefined {
  let text = address.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 0) return undefined;
  const hextets = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return hextets.every((hextet) => Number.isInteger(hextet) && hextet >= 0 && hextet <= 0xffff) ? hextets : undefined;
}

/** Thrown (inside DNS lookups too) when the policy refuses an address. */
export class AddressNotAllowedError extends Error {
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
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
