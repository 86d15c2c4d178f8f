// Which addresses the web tools refuse by default.
import { describe, expect, it } from 'vitest';
import { privateRangeOf } from '../../../../activities/tools/web/address-policy.js';

describe('privateRangeOf', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['0.0.0.0', '"this network"'],
    ['224.0.0.251', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fd00:ec2::254', 'unique-local (private)'],
    ['fe80::1%eth0', 'link-local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['64:ff9b::a00:1', 'private'],
    ['[::1]', 'loopback'],
    // Every IPv6 form that carries or tunnels to an IPv4 address (issue 11, item 8).
    ['::7f00:1', 'loopback'],
    ['::127.0.0.1', 'loopback'],
    ['::a00:1', 'private'],
    ['::ffff:0:7f00:1', 'loopback'],
    ['::ffff:0:127.0.0.1', 'loopback'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', 'link-local (cloud metadata)'],
    ['::ffff:0.0.0.0', '"this network"'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['64:ff9b::a9fe:a9fe', 'link-local (cloud metadata)'],
    ['64:ff9b:1::1', 'local-use NAT64 (64:ff9b:1::/48)'],
    ['64:ff9b:1:abcd::8.8.8.8', 'local-use NAT64 (64:ff9b:1::/48)'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:a9fe:a9fe::1', 'link-local (cloud metadata)'],
    ['2002:c0a8:101:0:0:0:0:1', 'private'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo tunnel (2001::/32)'],
    ['2001::1', 'Teredo tunnel (2001::/32)'],
    ['2001:2::1', 'benchmarking'],
    ['2001:10::1', 'ORCHID (non-routable)'],
    ['3fff::1', 'documentation'],
    ['FE80::1', 'link-local'],
    ['::ffff:7F00:1', 'loopback'],
  ])('%s is %s', (address, range) => {
    expect(privateRangeOf(address)).toBe(range);
  });

  it.each(['not-an-address', '1.2.3', ':::1', '1::2::3'])('%s is not an IP address', (address) => {
    expect(privateRangeOf(address)).toBe('not an IP address');
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
    '::808:808',
    '2a00:1450:4001::200e',
  ])('%s is public', (address) => {
    expect(privateRangeOf(address)).toBeUndefined();
  });
});
