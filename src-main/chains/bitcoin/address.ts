/**
 * Bitcoin addresses, always read against a network.
 *
 * - Segwit (BIP173 bech32 for witness v0, BIP350 bech32m for v1+): the human-readable part must be
 *   the network's; v0 programs are 20 (P2WPKH) or 32 (P2WSH) bytes; v1 with 32 bytes is P2TR.
 *   Other witness versions are valid addresses but unknown outputs to us: refused (fail closed).
 *   All-uppercase is accepted (BIP173 allows it for QR codes); mixed case is not.
 * - Base58Check P2PKH and P2SH, accepted as withdrawal destinations; the version byte names the
 *   network and the 4-byte double-SHA256 checksum is verified.
 *
 * Our own wallet addresses are P2WPKH only (`p2wpkhAddress`).
 */
import { bech32, bech32m, createBase58check } from '@scure/base';
import { sha256 } from '@noble/hashes/sha2.js';
import { assertBytes, describe, equalBytes } from '../bytes';
import { invalid } from '../chain.errors';
import { assertCompressedPublicKey } from '../public-key';
import { BITCOIN_NETWORKS, assertBitcoinNetwork, type BitcoinNetwork, type BitcoinNetworkName } from './network';
import { encodeOutputScript, hash160, parseOutputScript, type OutputScript, type OutputScriptType } from './script';

export interface BitcoinAddress<N extends BitcoinNetworkName = BitcoinNetworkName> {
  readonly network: N;
  /** Canonical text: bech32 lower-cased, base58 as given (it is case-sensitive). */
  readonly text: string;
  readonly type: OutputScriptType;
  /** The scriptPubKey this address pays to. */
  readonly script: Uint8Array;
}

export type AddressRefusalCode = 'MALFORMED' | 'BAD_CHECKSUM' | 'WRONG_NETWORK' | 'WRONG_ENCODING' | 'UNSUPPORTED';

export type AddressValidation<N extends BitcoinNetworkName = BitcoinNetworkName> =
  | { readonly ok: true; readonly address: BitcoinAddress<N> }
  | { readonly ok: false; readonly code: AddressRefusalCode; readonly message: string };

const base58check = createBase58check(sha256);
/** BIP173: "A Bech32 string is at most 90 characters long". */
const BECH32_LIMIT = 90;

const refuse = (code: AddressRefusalCode, message: string): { ok: false; code: AddressRefusalCode; message: string } => ({ ok: false, code, message });

function networkOfHrp(hrp: string): BitcoinNetworkName | undefined {
  return Object.values(BITCOIN_NETWORKS).find((n) => n.bech32Hrp === hrp)?.name;
}

function segwit<N extends BitcoinNetworkName>(network: BitcoinNetwork<N>, text: string): AddressValidation<N> {
  const asBech32 = bech32.decodeUnsafe(text, BECH32_LIMIT);
  const asBech32m = asBech32 ? undefined : bech32m.decodeUnsafe(text, BECH32_LIMIT);
  const decoded = asBech32 ?? asBech32m;
  if (!decoded) return refuse('BAD_CHECKSUM', 'not a valid bech32/bech32m string (checksum, case or characters)');
  if (decoded.prefix !== network.bech32Hrp) {
    const other = networkOfHrp(decoded.prefix);
    return other
      ? refuse('WRONG_NETWORK', `this is a ${other} address; the withdrawal is on ${network.name}`)
      : refuse('MALFORMED', `unknown human-readable part "${decoded.prefix}"`);
  }
  const [version, ...rest] = decoded.words;
  if (version === undefined || version > 16) return refuse('MALFORMED', 'witness version must be 0..16');
  const program = bech32.fromWordsUnsafe(rest);
  if (!program || program.length < 2 || program.length > 40) return refuse('MALFORMED', 'witness program must be 2..40 bytes');
  // BIP350: version 0 uses bech32, versions 1..16 use bech32m; the other checksum is invalid.
  if ((version === 0) !== Boolean(asBech32)) return refuse('WRONG_ENCODING', `witness v${version} must be encoded with ${version === 0 ? 'bech32' : 'bech32m'}`);
  let out: OutputScript;
  if (version === 0 && program.length === 20) out = { type: 'p2wpkh', hash: program };
  else if (version === 0 && program.length === 32) out = { type: 'p2wsh', hash: program };
  else if (version === 0) return refuse('MALFORMED', 'witness v0 program must be 20 or 32 bytes (BIP141)');
  else if (version === 1 && program.length === 32) out = { type: 'p2tr', key: program };
  else return refuse('UNSUPPORTED', `witness v${version} with a ${program.length}-byte program is not a supported destination`);
  return { ok: true, address: Object.freeze({ network: network.name, text: text.toLowerCase(), type: out.type, script: encodeOutputScript(out) }) };
}

function base58<N extends BitcoinNetworkName>(network: BitcoinNetwork<N>, text: string): AddressValidation<N> {
  let payload: Uint8Array;
  try {
    payload = base58check.decode(text);
  } catch (error) {
    const checksum = error instanceof Error && /checksum/i.test(error.message);
    return refuse(checksum ? 'BAD_CHECKSUM' : 'MALFORMED', checksum ? 'base58check checksum does not match' : 'not a bech32 or base58check address');
  }
  if (payload.length !== 21) return refuse('MALFORMED', `base58 payload must be 21 bytes, got ${payload.length}`);
  const version = payload[0];
  const hash = payload.slice(1);
  let out: OutputScript;
  if (version === network.p2pkhVersion) out = { type: 'p2pkh', hash };
  else if (version === network.p2shVersion) out = { type: 'p2sh', hash };
  else {
    const other = Object.values(BITCOIN_NETWORKS).find((n) => n.p2pkhVersion === version || n.p2shVersion === version);
    return other
      ? refuse('WRONG_NETWORK', `this is a ${other.name === 'mainnet' ? 'mainnet' : 'testnet/regtest'} address; the withdrawal is on ${network.name}`)
      : refuse('MALFORMED', `unknown base58 version byte 0x${(version ?? 0).toString(16)}`);
  }
  return { ok: true, address: Object.freeze({ network: network.name, text, type: out.type, script: encodeOutputScript(out) }) };
}

/** Validate `text` as a destination on `network`; says precisely why not. */
export function validateBitcoinAddress<N extends BitcoinNetworkName>(network: BitcoinNetwork<N>, text: string): AddressValidation<N> {
  assertBitcoinNetwork(network);
  if (typeof text !== 'string') return refuse('MALFORMED', `address must be a string, got ${describe(text)}`);
  if (!/^[A-Za-z0-9]{14,90}$/.test(text)) return refuse('MALFORMED', 'address must be 14..90 letters and digits');
  const lower = text.toLowerCase();
  const looksSegwit = Object.values(BITCOIN_NETWORKS).some((n) => lower.startsWith(`${n.bech32Hrp}1`));
  return looksSegwit ? segwit(network, text) : base58(network, text);
}

/** As `validateBitcoinAddress`, throwing VALIDATION with the reason. */
export function parseBitcoinAddress<N extends BitcoinNetworkName>(network: BitcoinNetwork<N>, text: string, path = 'address'): BitcoinAddress<N> {
  const result = validateBitcoinAddress(network, text);
  return result.ok ? result.address : invalid(path, `${result.code}: ${result.message}`);
}

/**
 * Re-read an address object against `network`. Objects can come from anywhere (a bundle, a row);
 * only the text is trusted, and only after parsing it for this network.
 */
export function reparseBitcoinAddress<N extends BitcoinNetworkName>(network: BitcoinNetwork<N>, address: BitcoinAddress<NoInfer<N>> | string, path = 'address'): BitcoinAddress<N> {
  const text = typeof address === 'string' ? address : address.text;
  const parsed = parseBitcoinAddress(network, text, path);
  if (typeof address !== 'string' && (address.network !== network.name || !equalBytes(address.script, parsed.script))) {
    invalid(path, `WRONG_NETWORK: the address object is for ${address.network}; the call is on ${network.name}`);
  }
  return parsed;
}

/** Our receive/change address for a compressed public key: P2WPKH, bech32 (BIP141, BIP173). */
export function p2wpkhAddress<N extends BitcoinNetworkName>(network: BitcoinNetwork<N>, publicKey33: Uint8Array): BitcoinAddress<N> {
  assertBitcoinNetwork(network);
  const key = assertCompressedPublicKey(publicKey33);
  const hash = hash160(key);
  const text = bech32.encode(network.bech32Hrp, [0, ...bech32.toWords(hash)], BECH32_LIMIT);
  return Object.freeze({ network: network.name, text, type: 'p2wpkh', script: encodeOutputScript({ type: 'p2wpkh', hash }) });
}

/** The address text of an output script on `network`, for display; undefined for unknown scripts. */
export function addressOfScript(network: BitcoinNetwork, script: Uint8Array): string | undefined {
  assertBitcoinNetwork(network);
  assertBytes(script, 'script');
  const out = parseOutputScript(script);
  if (!out) return undefined;
  switch (out.type) {
    case 'p2wpkh':
    case 'p2wsh':
      return bech32.encode(network.bech32Hrp, [0, ...bech32.toWords(out.hash)], BECH32_LIMIT);
    case 'p2tr':
      return bech32m.encode(network.bech32Hrp, [1, ...bech32m.toWords(out.key)], BECH32_LIMIT);
    case 'p2pkh':
      return base58check.encode(Uint8Array.of(network.p2pkhVersion, ...out.hash));
    case 'p2sh':
      return base58check.encode(Uint8Array.of(network.p2shVersion, ...out.hash));
    default: {
      const never: never = out;
      return never;
    }
  }
}
