/**
 * Keys as bundles use them: P-256 public keys as SubjectPublicKeyInfo DER (RFC 5480), their hex
 * SHA-256 fingerprints, and strict verification of DER ECDSA signatures over SHA-256 of a message
 * — exactly what `openssl dgst -sha256 -verify key.pem -signature manifest.sig manifest.json` does.
 */
import { createHash, createPrivateKey, createPublicKey, sign as nodeSign, type KeyObject } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { VaultlineError } from '../errors';
import { pointFromSpki, rawSignatureToDer, spkiToPem, verifyP256Digest } from '../hsm/ec-keys';

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Lower-case hex SHA-256 of the SPKI DER (the manifest's form; people see it grouped by four). */
export function keyFingerprintHex(spki: Uint8Array): string {
  return sha256Hex(spki);
}

/** A P-256 public key from PEM or DER; anything else (another curve, RSA, a private key) is refused. */
export function p256SpkiFrom(input: string | Uint8Array, what = 'public key'): Buffer {
  let key: KeyObject;
  try {
    key = typeof input === 'string' ? createPublicKey(input) : createPublicKey({ key: Buffer.from(input), format: 'der', type: 'spki' });
  } catch {
    throw new VaultlineError('VALIDATION', `The ${what} is not a PEM or DER public key.`);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new VaultlineError('VALIDATION', `The ${what} must be an ECDSA P-256 (prime256v1) key.`);
  }
  const spki = key.export({ type: 'spki', format: 'der' });
  pointFromSpki('P-256', spki); // uncompressed point, canonical prefix
  return spki;
}

export { spkiToPem };

/**
 * Verify a DER ECDSA P-256 signature over SHA-256(message). Only strict DER is accepted (the bytes
 * must re-encode to themselves), so one signature has one encoding.
 */
export function verifyDerSignature(spki: Uint8Array, message: Uint8Array, der: Uint8Array): boolean {
  let compact: Uint8Array;
  try {
    const parsed = p256.Signature.fromBytes(der, 'der');
    if (!Buffer.from(parsed.toBytes('der')).equals(Buffer.from(der))) return false;
    compact = parsed.toBytes('compact');
  } catch {
    return false;
  }
  const digest = createHash('sha256').update(message).digest();
  return verifyP256Digest(pointFromSpki('P-256', spki), digest, compact);
}

/** Something that signs manifests: the console identity key, a node's key file, a node's token. */
export interface BundleSigner {
  readonly spki: Uint8Array;
  /** DER ECDSA P-256 signature over SHA-256(message). */
  sign(message: Uint8Array): Uint8Array | Promise<Uint8Array>;
}

/** A signer over a function that returns raw r‖s (what PKCS#11 CKM_ECDSA gives), as DER. */
export function rawSigner(spki: Uint8Array, signRaw: (message: Uint8Array) => Uint8Array | Promise<Uint8Array>): BundleSigner {
  return { spki, sign: async (message) => rawSignatureToDer(await signRaw(message)) };
}

/**
 * hazmat: a software P-256 key in a PEM file (PKCS#8 or SEC1, optionally encrypted), for an online
 * node without a token. The key object stays inside node:crypto; the file's bytes are zeroed.
 */
export function pemKeySigner(pem: Buffer, passphrase?: string): BundleSigner {
  let key: KeyObject;
  try {
    key = createPrivateKey(passphrase === undefined ? { key: pem, format: 'pem' } : { key: pem, format: 'pem', passphrase });
  } catch {
    throw new VaultlineError('VALIDATION', 'The key file is not a readable PEM private key (wrong passphrase, or not a key).');
  } finally {
    pem.fill(0);
  }
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new VaultlineError('VALIDATION', 'The key file must hold an ECDSA P-256 (prime256v1) private key.');
  }
  const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  return { spki, sign: (message) => nodeSign('sha256', message, { key, dsaEncoding: 'der' }) };
}
