/**
 * Output scripts (scriptPubKey) the console understands, matched byte for byte against their
 * templates. Anything else is "unknown" and refused wherever an output must be understood.
 *
 *   P2WPKH  OP_0 <20>                             (BIP141)
 *   P2WSH   OP_0 <32>                             (BIP141)
 *   P2TR    OP_1 <32>                             (BIP341)
 *   P2PKH   OP_DUP OP_HASH160 <20> OP_EQUALVERIFY OP_CHECKSIG
 *   P2SH    OP_HASH160 <20> OP_EQUAL              (BIP16)
 */
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { assertBytes, concatBytes } from '../bytes';

export type OutputScript =
  | { readonly type: 'p2wpkh'; readonly hash: Uint8Array }
  | { readonly type: 'p2wsh'; readonly hash: Uint8Array }
  | { readonly type: 'p2tr'; readonly key: Uint8Array }
  | { readonly type: 'p2pkh'; readonly hash: Uint8Array }
  | { readonly type: 'p2sh'; readonly hash: Uint8Array };

export type OutputScriptType = OutputScript['type'];

const OP_0 = 0x00;
const OP_1 = 0x51;
const OP_DUP = 0x76;
const OP_HASH160 = 0xa9;
const OP_EQUAL = 0x87;
const OP_EQUALVERIFY = 0x88;
const OP_CHECKSIG = 0xac;

/** HASH160 = RIPEMD160(SHA256(x)), the key hash of P2PKH and P2WPKH. */
export function hash160(data: Uint8Array): Uint8Array {
  return ripemd160(sha256(data));
}

export function parseOutputScript(script: Uint8Array): OutputScript | undefined {
  const s = script;
  if (s.length === 22 && s[0] === OP_0 && s[1] === 20) return { type: 'p2wpkh', hash: s.slice(2) };
  if (s.length === 34 && s[0] === OP_0 && s[1] === 32) return { type: 'p2wsh', hash: s.slice(2) };
  if (s.length === 34 && s[0] === OP_1 && s[1] === 32) return { type: 'p2tr', key: s.slice(2) };
  if (s.length === 25 && s[0] === OP_DUP && s[1] === OP_HASH160 && s[2] === 20 && s[23] === OP_EQUALVERIFY && s[24] === OP_CHECKSIG) {
    return { type: 'p2pkh', hash: s.slice(3, 23) };
  }
  if (s.length === 23 && s[0] === OP_HASH160 && s[1] === 20 && s[22] === OP_EQUAL) return { type: 'p2sh', hash: s.slice(2, 22) };
  return undefined;
}

export function encodeOutputScript(out: OutputScript): Uint8Array {
  switch (out.type) {
    case 'p2wpkh':
      assertBytes(out.hash, 'hash', 20);
      return concatBytes(new Uint8Array([OP_0, 20]), out.hash);
    case 'p2wsh':
      assertBytes(out.hash, 'hash', 32);
      return concatBytes(new Uint8Array([OP_0, 32]), out.hash);
    case 'p2tr':
      assertBytes(out.key, 'key', 32);
      return concatBytes(new Uint8Array([OP_1, 32]), out.key);
    case 'p2pkh':
      assertBytes(out.hash, 'hash', 20);
      return concatBytes(new Uint8Array([OP_DUP, OP_HASH160, 20]), out.hash, new Uint8Array([OP_EQUALVERIFY, OP_CHECKSIG]));
    case 'p2sh':
      assertBytes(out.hash, 'hash', 20);
      return concatBytes(new Uint8Array([OP_HASH160, 20]), out.hash, new Uint8Array([OP_EQUAL]));
    default: {
      const never: never = out;
      return never;
    }
  }
}

/** The P2WPKH scriptPubKey of a compressed public key: OP_0 <HASH160(pubkey)> (BIP141). */
export function p2wpkhScript(publicKey33: Uint8Array): Uint8Array {
  assertBytes(publicKey33, 'publicKey', 33);
  return encodeOutputScript({ type: 'p2wpkh', hash: hash160(publicKey33) });
}

/**
 * BIP143: "For P2WPKH witness program, the scriptCode is 0x1976a914{20-byte-pubkey-hash}88ac"
 * (the length byte 0x19 is added by the serializer).
 */
export function p2wpkhScriptCode(keyHash20: Uint8Array): Uint8Array {
  return encodeOutputScript({ type: 'p2pkh', hash: keyHash20 });
}
