/**
 * Operators' own tokens (a SoftHSM2 token in dev; a PIV card or security key through OpenSC's
 * PKCS#11 module in production). Each holds one P-256 approval key, made on the token at
 * enrolment. Signing with it proves the operator is present (second factor at login) and, later,
 * signs their approvals.
 */
import { createHash, randomBytes } from 'node:crypto';
import { VaultlineError } from '../errors';
import { withLoggedInSession } from './pkcs11.adapter';
import { fingerprint, pointFromSpki, spkiFromPoint, verifyP256Digest } from './ec-keys';

export const APPROVAL_KEY_LABEL = 'vaultline-approval';

export interface EnrolledKey {
  readonly keyId: string;
  readonly spki: Buffer;
  readonly fingerprint: string;
}


/** Generate the approval key pair on the operator's token and prove it signs. */
export function enrollOperatorKey(modulePath: string, tokenLabel: string, pin: string): EnrolledKey {
  return withLoggedInSession(modulePath, tokenLabel, pin, (session) => {
    const id = randomBytes(8);
    const pair = session.generateEcKeyPair('P-256', APPROVAL_KEY_LABEL, id);
    const point = session.ecPoint(pair.publicKey);
    const probe = randomBytes(32);
    if (!verifyP256Digest(point, probe, session.signDigest(pair.privateKey, probe))) {
      throw new VaultlineError('HSM_ERROR', `The token "${tokenLabel}" made an approval key that does not sign correctly.`);
    }
    const spki = spkiFromPoint('P-256', point);
    return { keyId: id.toString('hex'), spki, fingerprint: fingerprint(spki) };
  });
}

/**
 * Sign sha256(message) with the operator's approval key and check it against the public key on
 * record, so that a different token with the same label cannot stand in for the operator.
 */
export function signWithOperatorKey(modulePath: string, tokenLabel: string, pin: string, keyId: string, spki: Uint8Array, message: Uint8Array): Uint8Array {
  return withLoggedInSession(modulePath, tokenLabel, pin, (session) => {
    const key = session.findObject('private', APPROVAL_KEY_LABEL, Buffer.from(keyId, 'hex'));
    if (!key) throw new VaultlineError('HSM_KEY_MISSING', `Token "${tokenLabel}" does not hold this operator’s approval key.`);
    const digest = createHash('sha256').update(message).digest();
    const signature = session.signDigest(key, digest);
    if (!verifyP256Digest(pointFromSpki('P-256', spki), digest, signature)) {
      throw new VaultlineError('BAD_CREDENTIALS', 'The token’s signature does not match the key enrolled for this operator.');
    }
    return signature;
  });
}
