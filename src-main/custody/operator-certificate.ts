/**
 * Operator certificates. When an administrator enrols or changes an operator, the console identity
 * key (in the HSM) signs who they are: id, username, roles, seniority, status and the public key of
 * their own token. The signing module trusts an approver's key and roles only through this
 * signature, so an operator row written straight into the database can never approve anything.
 */
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../src-shared/canonical';
import type { Role } from '../../src-shared/roles';
import { rawSignatureToDer } from '../hsm/ec-keys';
import { verifyIdentitySignature } from '../services/audit-checkpoint.service';

export interface CertifiedOperator {
  readonly operatorId: string;
  readonly username: string;
  readonly roles: readonly Role[];
  readonly senior: boolean;
  readonly status: 'active' | 'disabled';
  /** SubjectPublicKeyInfo DER of the operator's approval key, base64. */
  readonly publicKeySpki: string;
}

interface CertificateBody extends CertifiedOperator {
  readonly type: 'vaultline-operator-certificate';
  readonly version: 1;
  readonly consoleId: string;
  readonly issuedAt: string;
}

export interface Certificate {
  readonly payload: string;
  /** DER, hex. */
  readonly signature: string;
}

export function issueCertificate(consoleId: string, operator: CertifiedOperator, issuedAt: string, sign: (message: Uint8Array) => Uint8Array): string {
  const body: CertificateBody = { type: 'vaultline-operator-certificate', version: 1, consoleId, ...operator, roles: [...operator.roles].sort(), issuedAt };
  const payload = canonicalJson(body);
  const signature = Buffer.from(rawSignatureToDer(sign(Buffer.from(payload, 'utf8')))).toString('hex');
  return JSON.stringify({ payload, signature } satisfies Certificate);
}

/**
 * Certificates whose identity signature this process has already verified, by the digest of
 * exactly the bytes verified (identity key, payload, signature). Verification is a pure function of
 * those bytes, so a hit is the same answer as verifying again; only successes are kept, and the
 * set is bounded (oldest dropped). The quorum check runs before every signature and meets the same
 * few certificates each time; each approval signature is still verified every time.
 */
const verifiedCertificates = new Set<string>();
const VERIFIED_CERTIFICATES_KEPT = 1024;

function identitySigned(identitySpki: Uint8Array, cert: Certificate): boolean {
  const key = createHash('sha256').update(identitySpki).update('\0').update(cert.payload).update('\0').update(cert.signature).digest('hex');
  if (verifiedCertificates.has(key)) return true;
  if (!verifyIdentitySignature(identitySpki, Buffer.from(cert.payload, 'utf8'), Buffer.from(cert.signature, 'hex'))) return false;
  if (verifiedCertificates.size >= VERIFIED_CERTIFICATES_KEPT) verifiedCertificates.delete(verifiedCertificates.values().next().value as string);
  verifiedCertificates.add(key);
  return true;
}

/**
 * The operator as the certificate says, if it was signed by this console's identity key and still
 * matches the row it claims to describe; otherwise undefined.
 */
export function verifyCertificate(certificate: string | null, identitySpki: Uint8Array, consoleId: string, row: CertifiedOperator): CertifiedOperator | undefined {
  if (!certificate) return undefined;
  let cert: Certificate;
  let body: CertificateBody;
  try {
    cert = JSON.parse(certificate) as Certificate;
    body = JSON.parse(cert.payload) as CertificateBody;
  } catch {
    return undefined;
  }
  if (body.type !== 'vaultline-operator-certificate' || body.version !== 1 || body.consoleId !== consoleId) return undefined;
  if (typeof cert.payload !== 'string' || typeof cert.signature !== 'string' || !identitySigned(identitySpki, cert)) return undefined;
  const same =
    body.operatorId === row.operatorId &&
    body.username === row.username &&
    body.senior === row.senior &&
    body.status === row.status &&
    body.publicKeySpki === row.publicKeySpki &&
    canonicalJson([...body.roles].sort()) === canonicalJson([...row.roles].sort());
  return same ? { operatorId: body.operatorId, username: body.username, roles: body.roles, senior: body.senior, status: body.status, publicKeySpki: body.publicKeySpki } : undefined;
}
