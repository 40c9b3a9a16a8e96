/**
 * Ethereum addresses: the last 20 bytes of keccak256 of the uncompressed public key (without its
 * 0x04 prefix) (Yellow Paper, eq. 284), written with the EIP-55 mixed-case checksum.
 *
 * EIP-55 validation: an all-lower or all-upper address carries no checksum and is accepted as is;
 * a mixed-case address must match its checksum exactly. The same address is valid on every chain
 * (EIP-55 is chain-independent): chain mix-ups are caught by the chain id in the transaction.
 * The zero address is refused as a destination: what is sent there is burnt.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, describe, hexToBytes } from '../bytes';
import { invalid } from '../chain.errors';
import { assertCompressedPublicKey } from '../public-key';

export interface EthereumAddress {
  /** EIP-55 checksummed, 0x-prefixed. */
  readonly text: string;
  readonly bytes: Uint8Array;
}

export type EthereumAddressRefusalCode = 'MALFORMED' | 'BAD_CHECKSUM' | 'ZERO_ADDRESS';

export type EthereumAddressValidation =
  | { readonly ok: true; readonly address: EthereumAddress }
  | { readonly ok: false; readonly code: EthereumAddressRefusalCode; readonly message: string };

/**
 * EIP-55: hash the lower-case hex address (ASCII, without 0x) with keccak256; upper-case the
 * i-th letter when the i-th nibble of the hash is ≥ 8.
 */
export function toChecksumAddress(hex40: string): string {
  const lower = hex40.toLowerCase();
  if (!/^[0-9a-f]{40}$/.test(lower)) invalid('address', 'must be 40 hex digits');
  const hash = bytesToHex(keccak_256(new TextEncoder().encode(lower)));
  let out = '0x';
  for (let i = 0; i < 40; i++) {
    const c = lower.charAt(i);
    out += parseInt(hash.charAt(i), 16) >= 8 ? c.toUpperCase() : c;
  }
  return out;
}

export function ethereumAddressFromPublicKey(publicKey33: Uint8Array): EthereumAddress {
  const compressed = assertCompressedPublicKey(publicKey33);
  const uncompressed = secp256k1.Point.fromBytes(compressed).toBytes(false);
  const bytes = keccak_256(uncompressed.subarray(1)).slice(-20);
  return Object.freeze({ text: toChecksumAddress(bytesToHex(bytes)), bytes });
}

export function validateEthereumAddress(text: string): EthereumAddressValidation {
  if (typeof text !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(text)) {
    return { ok: false, code: 'MALFORMED', message: `must be 0x followed by 40 hex digits, got ${describe(text)}` };
  }
  const body = text.slice(2);
  const checksummed = toChecksumAddress(body);
  const mixed = body !== body.toLowerCase() && body !== body.toUpperCase();
  if (mixed && checksummed !== text) return { ok: false, code: 'BAD_CHECKSUM', message: 'the mixed-case checksum does not match (EIP-55): a mistyped address?' };
  if (/^0+$/.test(body)) return { ok: false, code: 'ZERO_ADDRESS', message: 'the zero address burns what it receives' };
  return { ok: true, address: Object.freeze({ text: checksummed, bytes: hexToBytes(body.toLowerCase()) }) };
}

export function parseEthereumAddress(text: string, path = 'address'): EthereumAddress {
  const result = validateEthereumAddress(text);
  return result.ok ? result.address : invalid(path, `${result.code}: ${result.message}`);
}
