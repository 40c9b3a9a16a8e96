import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { issueCertificate, verifyCertificate, type CertifiedOperator } from './operator-certificate';

function identity() {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    spki: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })),
    // Raw r‖s, as the HSM returns it for CKM_ECDSA.
    sign: (message: Uint8Array) => new Uint8Array(sign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' })),
  };
}

const operator: CertifiedOperator = {
  operatorId: 'op_1',
  username: 'cora',
  roles: ['custody_officer'],
  senior: false,
  status: 'active',
  publicKeySpki: 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE',
};

const withPayload = (certificate: string, edit: (body: Record<string, unknown>) => void): string => {
  const cert = JSON.parse(certificate) as { payload: string; signature: string };
  const body = JSON.parse(cert.payload) as Record<string, unknown>;
  edit(body);
  return JSON.stringify({ ...cert, payload: JSON.stringify(body) });
};

describe('operator certificates', () => {
  const id = identity();
  const certificate = issueCertificate('console-1', operator, '2026-12-01T00:00:00.000Z', id.sign);

  it('certifies the operator the identity key signed, for the row it describes', () => {
    expect(verifyCertificate(certificate, id.spki, 'console-1', operator)).toEqual(operator);
  });

  // The identity signature of a certificate is remembered once verified: each check below runs after
  // the genuine certificate verified, so a remembered answer for other bytes would make it pass.
  it('refuses a certificate altered after it verified once (roles added, senior set)', () => {
    expect(verifyCertificate(certificate, id.spki, 'console-1', operator)).toBeDefined();
    const promoted = withPayload(certificate, (b) => {
      b.roles = ['compliance_officer', 'custody_officer'];
      b.senior = true;
    });
    expect(verifyCertificate(promoted, id.spki, 'console-1', { ...operator, roles: ['compliance_officer', 'custody_officer'], senior: true })).toBeUndefined();
  });

  it('refuses a signature that is not the identity key’s, and another console’s key', () => {
    expect(verifyCertificate(certificate, id.spki, 'console-1', operator)).toBeDefined();
    const cert = JSON.parse(certificate) as { payload: string; signature: string };
    const flipped = `${cert.signature.slice(0, -2)}${cert.signature.endsWith('00') ? '01' : '00'}`;
    expect(verifyCertificate(JSON.stringify({ ...cert, signature: flipped }), id.spki, 'console-1', operator)).toBeUndefined();
    expect(verifyCertificate(certificate, identity().spki, 'console-1', operator)).toBeUndefined();
    expect(verifyCertificate(certificate, id.spki, 'console-2', operator)).toBeUndefined();
  });

  it('refuses a row that no longer matches its verified certificate (disabled, other key, role added in the database)', () => {
    expect(verifyCertificate(certificate, id.spki, 'console-1', operator)).toBeDefined();
    expect(verifyCertificate(certificate, id.spki, 'console-1', { ...operator, status: 'disabled' })).toBeUndefined();
    expect(verifyCertificate(certificate, id.spki, 'console-1', { ...operator, publicKeySpki: 'AAAA' })).toBeUndefined();
    expect(verifyCertificate(certificate, id.spki, 'console-1', { ...operator, roles: ['custody_officer', 'admin'] })).toBeUndefined();
  });

  it('refuses no certificate and unreadable ones', () => {
    expect(verifyCertificate(null, id.spki, 'console-1', operator)).toBeUndefined();
    expect(verifyCertificate('{', id.spki, 'console-1', operator)).toBeUndefined();
    expect(verifyCertificate(JSON.stringify({ payload: (JSON.parse(certificate) as { payload: string }).payload, signature: 7 }), id.spki, 'console-1', operator)).toBeUndefined();
  });
});
