/**
 * The interface every chain family implements (STYLE.md, "From Ledger Live: one interface, one
 * module per chain"). A family is pure: no I/O, no clock, no key material; signers are passed in.
 * Adding a chain means adding a folder with a `<chain>.family.ts` and one line in `families.ts`.
 *
 * The request and expectation types differ per chain (UTXOs and a change address for Bitcoin; a
 * nonce and gas fields for Ethereum), so the withdrawal service prepares them per family; the
 * flow is the same everywhere: build → check → (approvals) → sign, with `sign` running the check
 * again itself.
 */
import type { CheckResult } from './chain.errors';
import type { NetworkKey } from './signer';

export type ChainId = 'bitcoin' | 'ethereum';

export type AddressCheck = { readonly ok: true; readonly address: string } | { readonly ok: false; readonly code: string; readonly message: string };

export interface BuiltWithdrawal {
  /** The bytes the approvers' check and the signer see: a PSBT, an unsigned EIP-1559 tx, … */
  readonly unsigned: Uint8Array;
}

export interface SignedWithdrawal {
  /** Broadcastable transaction bytes. */
  readonly raw: Uint8Array;
  /** The id explorers show (Bitcoin txid; Ethereum 0x-prefixed tx hash). */
  readonly txid: string;
}

export interface ChainFamily<Net extends { readonly name: string }, BuildRequest, Built extends BuiltWithdrawal, Expected, Checked, Signed extends SignedWithdrawal> {
  readonly id: ChainId;
  readonly networkNames: readonly Net['name'][];
  /** The network object for a name stored in the ledger; refuses unknown names. */
  network(name: string): Net;
  /** The wallet's receive address for a 33-byte compressed secp256k1 public key. */
  deriveAddress(network: Net, publicKey33: Uint8Array): string;
  /** Whether `address` is a valid destination on `network`; refusals say why (WRONG_NETWORK, BAD_CHECKSUM, …). */
  validateAddress(network: Net, address: string): AddressCheck;
  /** The same two, by the network name stored in a wallet row: what chain-agnostic code calls. */
  deriveAddressOn(networkName: string, publicKey33: Uint8Array): string;
  validateAddressOn(networkName: string, address: string): AddressCheck;
  buildWithdrawal(network: Net, request: BuildRequest): Built;
  /** Every refusal, with codes; run before approvals open and before signing. */
  checkWithdrawal(network: Net, unsigned: Uint8Array, expected: Expected): CheckResult<Checked>;
  /** Hazmat: checks again, then signs with the injected keys (bound to `network`). */
  sign(network: Net, unsigned: Uint8Array, expected: Expected, keys: readonly NetworkKey<Net['name']>[]): Signed;
}
