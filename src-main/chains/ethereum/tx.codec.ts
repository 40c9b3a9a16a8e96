/**
 * EIP-1559 (type 2, EIP-2718 envelope) serialisation, through micro-eth-signer (by the author of
 * the noble libraries; audited) rather than hand-written RLP. Per EIP-1559:
 *
 *   unsigned = 0x02 ‖ rlp([chain_id, nonce, max_priority_fee_per_gas, max_fee_per_gas, gas_limit,
 *                          destination, amount, data, access_list])
 *   signing hash = keccak256(unsigned)
 *   signed   = 0x02 ‖ rlp([... the same nine fields ..., signature_y_parity, signature_r, signature_s])
 *   tx hash  = keccak256(signed)
 *
 * Our transactions never carry an access list; decoding reports one so the checker can refuse it.
 */
import { Transaction, type TxCoder } from 'micro-eth-signer';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, equalBytes, hexToBytes } from '../bytes';

export interface Eip1559Fields {
  readonly chainId: bigint;
  readonly nonce: bigint;
  readonly maxPriorityFeePerGas: bigint;
  readonly maxFeePerGas: bigint;
  readonly gasLimit: bigint;
  /** EIP-55 checksummed destination (never empty: no contract creation). */
  readonly to: string;
  readonly value: bigint;
  readonly data: Uint8Array;
}

export interface Eip1559Signature {
  readonly yParity: 0 | 1;
  readonly r: bigint;
  readonly s: bigint;
}

export interface DecodedEip1559 {
  readonly fields: Eip1559Fields;
  readonly accessListLength: number;
  readonly signature: Eip1559Signature | undefined;
  /** True when re-encoding the decoded fields gives back the exact input bytes. */
  readonly canonical: boolean;
}

function toRaw(fields: Eip1559Fields) {
  return {
    chainId: fields.chainId,
    nonce: fields.nonce,
    maxPriorityFeePerGas: fields.maxPriorityFeePerGas,
    maxFeePerGas: fields.maxFeePerGas,
    gasLimit: fields.gasLimit,
    to: fields.to,
    value: fields.value,
    data: fields.data.length ? `0x${bytesToHex(fields.data)}` : '',
    accessList: [],
  };
}

export function encodeUnsignedEip1559(fields: Eip1559Fields): Uint8Array {
  // strict: false — micro-eth-signer's strict mode adds UI sanity limits (e.g. value < 1M ETH)
  // that are not protocol rules; our own checks (tx.check.ts) decide what is acceptable.
  return new Transaction('eip1559', toRaw(fields), { strict: false, allowSignatureFields: false }).toBytes({ includeSignature: false });
}

export function encodeSignedEip1559(fields: Eip1559Fields, sig: Eip1559Signature): Uint8Array {
  return new Transaction('eip1559', { ...toRaw(fields), yParity: sig.yParity, r: sig.r, s: sig.s }, { strict: false }).toBytes({ includeSignature: true });
}

/** EIP-1559 signing hash: keccak256(0x02 ‖ rlp(unsigned fields)). */
export function eip1559SigningHash(unsigned: Uint8Array): Uint8Array {
  return keccak_256(unsigned);
}

export function ethereumTxHash(signed: Uint8Array): string {
  return `0x${bytesToHex(keccak_256(signed))}`;
}

/** Decode an EIP-2718 transaction; throws on anything that is not a well-formed type-2 one. */
export function decodeEip1559(bytes: Uint8Array): DecodedEip1559 {
  let tx: ReturnType<typeof Transaction.fromBytes>;
  try {
    tx = Transaction.fromBytes(bytes, false);
  } catch (error) {
    // micro-eth-signer aggregates per-field validation errors: name them.
    const fields: unknown = (error as { errors?: unknown }).errors;
    const detail = Array.isArray(fields) ? `: ${fields.map((e: { field?: unknown; error?: unknown }) => `${String(e.field)}: ${String(e.error)}`).join('; ')}` : '';
    throw new Error(`${error instanceof Error ? error.message : 'does not decode'}${detail}`, { cause: error });
  }
  if (tx.type !== 'eip1559') throw new Error(`transaction type ${tx.type}; only EIP-1559 (type 2) is accepted`);
  const raw = tx.raw as TxCoder<'eip1559'>;
  if (raw.to === '0x' || raw.to === '') throw new Error('contract creation (empty destination)');
  const fields: Eip1559Fields = {
    chainId: raw.chainId,
    nonce: raw.nonce,
    maxPriorityFeePerGas: raw.maxPriorityFeePerGas,
    maxFeePerGas: raw.maxFeePerGas,
    gasLimit: raw.gasLimit,
    to: raw.to,
    value: raw.value,
    data: raw.data === '0x' || raw.data === '' ? new Uint8Array() : hexToBytes(raw.data.replace(/^0x/, '')),
  };
  const signature: Eip1559Signature | undefined =
    raw.r !== undefined && raw.s !== undefined && (raw.yParity === 0 || raw.yParity === 1) ? { yParity: raw.yParity, r: raw.r, s: raw.s } : undefined;
  const again = signature ? encodeSignedEip1559(fields, signature) : encodeUnsignedEip1559(fields);
  return { fields, accessListLength: raw.accessList.length, signature, canonical: raw.accessList.length === 0 && equalBytes(again, bytes) };
}
