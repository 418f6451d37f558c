import { Issue, show } from '../validation';

/** An IPv4 CIDR block as a 32-bit network address and a prefix length. */
export interface Cidr {
  readonly address: number;
  readonly prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `a.b.c.d/n`; returns undefined for anything that is not an IPv4 CIDR. */
export function parseCidr(text: string): (Cidr & { hostBitsSet: boolean }) | undefined {
  const m = CIDR.exec(text);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const raw = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const address = (raw & mask(prefix)) >>> 0;
  return { address, prefix, hostBitsSet: address !== raw };
}

function mask(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Renders a parsed block back as `a.b.c.d/n`. */
export function formatCidr(cidr: Cidr): string {
  const a = cidr.address;
  return `${a >>> 24}.${(a >>> 16) & 255}.${(a >>> 8) & 255}.${a & 255}/${cidr.prefix}`;
}

/** True when the two blocks share at least one address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  const p = Math.min(a.prefix, b.prefix);
  return (a.address & mask(p)) >>> 0 === (b.address & mask(p)) >>> 0;
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && cidrsOverlap(outer, inner);
}

/**
 * Checks that `value` is an IPv4 CIDR with a prefix length in `[minPrefix, maxPrefix]` and no host
 * bits set. Returns the parsed block when it is usable for further checks.
 */
export function checkCidr(
  value: unknown,
  path: string,
  what: string,
  range: { minPrefix: number; maxPrefix: number },
): { issues: Issue[]; cidr?: Cidr } {
  const allowed = `a prefix length from /${range.minPrefix} to /${range.maxPrefix}`;
  const parsed = typeof value === 'string' ? parseCidr(value) : undefined;
  if (!parsed) {
    return {
      issues: [
        {
          path,
          message: `${what} ${show(value)} is not an IPv4 CIDR block; write it as '10.0.0.0/16' with ${allowed}`,
        },
      ],
    };
  }
  if (parsed.hostBitsSet) {
    return {
      issues: [
        {
          path,
          message: `${what} ${show(value)} has host bits set; use the network address '${formatCidr(parsed)}'`,
        },
      ],
    };
  }
  if (parsed.prefix < range.minPrefix || parsed.prefix > range.maxPrefix) {
    return {
      issues: [
        {
          path,
          message: `${what} ${show(value)} has prefix length /${parsed.prefix}; allowed: ${allowed}`,
        },
      ],
    };
  }
  return { issues: [], cidr: { address: parsed.address, prefix: parsed.prefix } };
}
