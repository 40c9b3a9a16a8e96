import { describe, expect, it, vi } from 'vitest';
import type * as pkcs11js from 'pkcs11js';
import { mapPkcs11Error, Pkcs11Module, Pkcs11Session, type TokenInfo } from './pkcs11.adapter';
import { VaultlineError } from '../errors';

const token = (overrides: Partial<TokenInfo> = {}): TokenInfo => ({
  slotId: Buffer.alloc(8),
  label: 't',
  serialNumber: 's',
  model: 'm',
  initialized: true,
  userPinLocked: false,
  userPinFinalTry: false,
  userPinCountLow: false,
  ...overrides,
});

/** The PKCS#11 library is the boundary stubbed here: only what login touches. */
function stubLib(login: () => void): { lib: pkcs11js.PKCS11; C_Login: ReturnType<typeof vi.fn> } {
  const C_Login = vi.fn(login);
  return { lib: { C_Login } as unknown as pkcs11js.PKCS11, C_Login };
}

describe('PKCS#11 error mapping', () => {
  it('maps PIN and token errors to operator-safe codes', () => {
    expect(mapPkcs11Error(Object.assign(new Error('CKR_PIN_INCORRECT'), { code: 0xa0 }), 'log in')).toMatchObject({ code: 'PIN_INCORRECT' });
    expect(mapPkcs11Error(new Error('CKR_PIN_LOCKED'), 'log in')).toMatchObject({ code: 'PIN_LOCKED' });
    expect(mapPkcs11Error(new Error('CKR_TOKEN_NOT_PRESENT'), 'x')).toMatchObject({ code: 'HSM_TOKEN_MISSING' });
    const other = mapPkcs11Error(new Error('CKR_DEVICE_ERROR'), 'sign');
    expect(other).toMatchObject({ code: 'HSM_ERROR', message: 'The HSM refused to sign (CKR_DEVICE_ERROR).' });
  });

  it('never passes a non-CKR message (which could hold anything) to the operator', () => {
    const mapped = mapPkcs11Error(new Error('weird native failure with /secret/path'), 'sign');
    expect(mapped.message).toBe('The HSM refused to sign.');
    expect(mapped.detail).toContain('weird native failure');
  });
});

describe('token lockout', () => {
  it('does not even try a PIN on a token that reports its user PIN locked', () => {
    const stub = stubLib(() => undefined);
    const session = new Pkcs11Session(stub.lib, Buffer.alloc(8), token({ userPinLocked: true }));
    expect(() => session.login('1234')).toThrow(VaultlineError);
    expect(() => session.login('1234')).toThrow(/locked its user PIN/);
    expect(stub.C_Login).not.toHaveBeenCalled();
  });

  it('reports the lockout the token signals on a login', () => {
    const session = new Pkcs11Session(stubLib(() => { throw new Error('CKR_PIN_LOCKED'); }).lib, Buffer.alloc(8), token());
    expect(() => session.login('1234')).toThrow(expect.objectContaining({ code: 'PIN_LOCKED' }) as Error);
  });
});

describe('module loading', () => {
  it('names the path it tried when the module is missing', () => {
    expect(() => Pkcs11Module.acquire('/nonexistent/libpkcs11.so')).toThrow(/No PKCS#11 module at \/nonexistent\/libpkcs11\.so/);
  });

  it('refuses a file that is not a PKCS#11 module', () => {
    expect(() => Pkcs11Module.acquire('/etc/hostname')).toThrow(/could not be loaded as a PKCS#11 module/);
  });
});
