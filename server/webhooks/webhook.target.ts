import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may be sent. Without this, an admin could point one at the cloud
 * metadata service, the database or another internal host and read the answers in the
 * delivery log (SSRF). Checked on the addresses DNS gives at send time — and the request
 * then goes to the address checked, so a name cannot resolve differently a moment later.
 */
const PRIVATE = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) PRIVATE.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['2001:db8::', 32], ['64:ff9b::', 96]] as const) {
  PRIVATE.addSubnet(net, prefix, 'ipv6');
}

export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !PRIVATE.check(address, 'ipv4');
  if (family === 6) {
    // IPv4-mapped (::ffff:10.0.0.1) is the IPv4 address in disguise.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return !PRIVATE.check(mapped[1], 'ipv4');
    return !PRIVATE.check(address, 'ipv6');
  }
  return false;
}

export type TargetCheck = { ok: true; url: URL } | { ok: false; key: string };

/** Shape only (at registration): https (or http when private targets are allowed, for tests and intranets). */
export function checkTargetUrl(raw: string, allowPrivate: boolean): TargetCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, key: 'webhooks.errors.urlInvalid' };
  }
  if (url.protocol !== 'https:' && !(allowPrivate && url.protocol === 'http:')) return { ok: false, key: 'webhooks.errors.urlHttps' };
  if (url.username || url.password) return { ok: false, key: 'webhooks.errors.urlCredentials' };
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(host) && !isPublicAddress(host)) return { ok: false, key: 'webhooks.errors.urlPrivate' };
  if (!allowPrivate && /^(localhost|.*\.localhost|.*\.local|.*\.internal)$/i.test(host)) return { ok: false, key: 'webhooks.errors.urlPrivate' };
  return { ok: true, url };
}

export type Resolved = { ok: true; address: string; family: 4 | 6 } | { ok: false; key: string };

/** At send time: every address the name resolves to must be public; the first is used. */
export async function resolveTarget(url: URL, allowPrivate: boolean): Promise<Resolved> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: { address: string; family: number }[];
  try {
    addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, verbatim: true });
  } catch {
    return { ok: false, key: 'webhooks.errors.dns' };
  }
  if (addresses.length === 0) return { ok: false, key: 'webhooks.errors.dns' };
  if (!allowPrivate && addresses.some((a) => !isPublicAddress(a.address))) return { ok: false, key: 'webhooks.errors.urlPrivate' };
  return { ok: true, address: addresses[0].address, family: addresses[0].family === 6 ? 6 : 4 };
}
