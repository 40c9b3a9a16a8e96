/**
 * Public-key encodings for keys that live in tokens: SPKI DER (RFC 5480) so that standard tools
 * (openssl) can verify what the console signs, fingerprints to compare by eye, and the DER form
 * of ECDSA signatures (RFC 3279 §2.2.3).
 */
import { createHash, createPublicKey, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import type { EcCurve } from './pkcs11.adapter';

// AlgorithmIdentifier prefixes: SEQUENCE { id-ecPublicKey, namedCurve } then BIT STRING header.
const SPKI_PREFIX: Readonly<Record<EcCurve, string>> = {
  'P-256': '3059301306072a8648ce3d020106082a8648ce3d030107034200',
  secp256k1: '3056301006072a8648ce3d020106052b8104000a034200',
};

export function spkiFromPoint(curve: EcCurve, point: Uint8Array): Buffer {
  if (point.length !== 65 || point[0] !== 0x04) throw new Error('point must be an uncompressed SEC1 point (65 bytes)');
  return Buffer.concat([Buffer.from(SPKI_PREFIX[curve], 'hex'), point]);
}

export function pointFromSpki(curve: EcCurve, spki: Uint8Array): Uint8Array {
  const prefix = Buffer.from(SPKI_PREFIX[curve], 'hex');
  const buf = Buffer.from(spki);
  if (buf.length !== prefix.length + 65 || !buf.subarray(0, prefix.length).equals(prefix)) {
    throw new Error(`not a ${curve} SubjectPublicKeyInfo`);
  }
  return new Uint8Array(buf.subarray(prefix.length));
}

export function spkiToPem(spki: Uint8Array): string {
  const b64 = Buffer.from(spki).toString('base64');
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN PUBLIC KEY-----\n${lines.join('\n')}\n-----END PUBLIC KEY-----\n`;
}

/** sha256 of the SPKI DER, shown as 16 groups of 4 hex digits, e.g. `3a9f 01c2 …`. */
export function fingerprint(spki: Uint8Array): string {
  const hex = createHash('sha256').update(spki).digest('hex');
  return hex.match(/.{4}/g)!.join(' ');
}

/** Verify a raw r‖s P-256 signature over a 32-byte digest. High-S is valid for P-256. */
export function verifyP256Digest(publicPoint: Uint8Array, digest: Uint8Array, rawSignature: Uint8Array): boolean {
  try {
    return p256.verify(rawSignature, digest, publicPoint, { prehash: false, lowS: false, format: 'compact' });
  } catch {
    return false;
  }
}

/**
 * Verify a DER ECDSA P-256 / SHA-256 signature over `message` with an SPKI public key, exactly as
 * `openssl dgst -sha256 -verify` does (node:crypto is OpenSSL; it runs several times faster than a
 * JavaScript verify, and the signing module verifies every approval before every signature).
 */
const publicKeys = new Map<string, KeyObject>();

export function verifyP256Der(spki: Uint8Array, message: Uint8Array, derSignature: Uint8Array): boolean {
  try {
    const id = Buffer.from(spki).toString('base64');
    let key = publicKeys.get(id);
    if (!key) {
      pointFromSpki('P-256', spki);
      key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
      if (publicKeys.size > 1000) publicKeys.clear();
      publicKeys.set(id, key);
    }
    return cryptoVerify('sha256', message, { key, dsaEncoding: 'der' }, derSignature);
  } catch {
    return false;
  }
}

/** r‖s → DER ECDSA-Sig-Value, the form `openssl dgst -verify` expects. */
export function rawSignatureToDer(rawSignature: Uint8Array): Uint8Array {
  return p256.Signature.fromBytes(rawSignature, 'compact').toBytes('der');
}
