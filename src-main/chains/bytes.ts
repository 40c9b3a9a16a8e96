/**
 * Byte helpers shared by the chain families. Small on purpose: hex, comparison, and the input
 * guards every public function runs first (STYLE.md, "From the noble libraries").
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { invalid } from './chain.errors';

export { bytesToHex, hexToBytes };

/** Constant-shape comparison is not needed here (no secrets are compared), only exactness. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Big-endian unsigned integer from bytes (secp256k1 scalars, EVM words). */
export function bytesToBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytesToHex(bytes)}`);
}

/** Big-endian, left-padded to `length` bytes; refuses values that do not fit. */
export function bigIntToBytes(value: bigint, length: number): Uint8Array {
  if (value < 0n || value >= 1n << BigInt(8 * length)) throw new RangeError(`value does not fit in ${length} bytes`);
  return hexToBytes(value.toString(16).padStart(2 * length, '0'));
}

export function assertBytes(value: unknown, path: string, length?: number): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) invalid(path, `must be bytes (Uint8Array), got ${describe(value)}`);
  if (length !== undefined && value.length !== length) invalid(path, `must be ${length} bytes, got ${value.length}`);
}

/** A bigint in [min, max]; money is always bigint minor units (sats, wei). */
export function assertBigInt(value: unknown, path: string, min: bigint, max?: bigint): asserts value is bigint {
  if (typeof value !== 'bigint') invalid(path, `must be a bigint, got ${describe(value)}`);
  if (value < min) invalid(path, `must be at least ${min}, got ${value}`);
  if (max !== undefined && value > max) invalid(path, `must be at most ${max}, got ${value}`);
}

export function assertIndex(value: unknown, path: string, max = 0xffff_ffff): asserts value is number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max) {
    invalid(path, `must be an integer in [0, ${max}], got ${describe(value)}`);
  }
}

/** Checks without narrowing the caller's variable (Array.isArray would widen a typed one to any[]). */
export function assertNonEmptyArray(value: unknown, path: string): void {
  if (!Array.isArray(value) || value.length === 0) invalid(path, `must be a non-empty array, got ${describe(value)}`);
}

export function describe(value: unknown): string {
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (typeof value === 'string') return value.length > 100 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${value}`;
  return typeof value;
}
