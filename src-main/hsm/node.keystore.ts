/**
 * The online node's signing key on a PKCS#11 token (an HSM or smartcard on the online machine),
 * found by label. Used by `vaultline node` only; the console never holds this key.
 */
import { createHash } from 'node:crypto';
import { VaultlineError } from '../errors';
import { withLoggedInSession } from './pkcs11.adapter';
import { spkiFromPoint, verifyP256Digest } from './ec-keys';


/** Create a P-256 key pair labelled `keyLabel` on the token (never extractable); returns its SPKI. */
export function generateTokenKey(modulePath: string, tokenLabel: string, pin: string, keyLabel: string): Buffer {
  return withLoggedInSession(modulePath, tokenLabel, pin, (session) => {
    if (session.findObject('private', keyLabel)) throw new VaultlineError('CONFLICT', `Token "${tokenLabel}" already holds a key labelled "${keyLabel}".`);
    const pair = session.generateEcKeyPair('P-256', keyLabel, Buffer.from(keyLabel));
    return spkiFromPoint('P-256', session.ecPoint(pair.publicKey));
  });
}

export function tokenPublicKey(modulePath: string, tokenLabel: string, pin: string, keyLabel: string): Buffer {
  return withLoggedInSession(modulePath, tokenLabel, pin, (session) => {
    const pub = session.findObject('public', keyLabel);
    if (!pub) throw new VaultlineError('HSM_KEY_MISSING', `Token "${tokenLabel}" holds no public key labelled "${keyLabel}".`);
    return spkiFromPoint('P-256', session.ecPoint(pub));
  });
}

/** Raw r‖s over SHA-256(message), checked against the key's public half before it is returned. */
export function signWithTokenKey(modulePath: string, tokenLabel: string, pin: string, keyLabel: string, message: Uint8Array): Uint8Array {
  return withLoggedInSession(modulePath, tokenLabel, pin, (session) => {
    const key = session.findObject('private', keyLabel);
    const pub = session.findObject('public', keyLabel);
    if (!key || !pub) throw new VaultlineError('HSM_KEY_MISSING', `Token "${tokenLabel}" holds no key pair labelled "${keyLabel}".`);
    const digest = createHash('sha256').update(message).digest();
    const signature = session.signDigest(key, digest);
    if (!verifyP256Digest(session.ecPoint(pub), digest, signature)) throw new VaultlineError('HSM_ERROR', 'The token produced a signature that does not verify.');
    return signature;
  });
}
