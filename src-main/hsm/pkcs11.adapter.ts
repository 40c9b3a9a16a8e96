/**
 * The only file that touches pkcs11js (lint enforces it). It turns the raw PKCS#11 v2.40 API into
 * a small typed surface and maps CKR_* return values to VaultlineError codes. Everything here is
 * synchronous: PKCS#11 calls block, which is why the core runs off the UI thread.
 */
import { existsSync } from 'node:fs';
import pkcs11js from 'pkcs11js';
import { VaultlineError } from '../errors';

declare const handleBrand: unique symbol;
/** A PKCS#11 object handle, valid only inside the session that found or created it. */
export type ObjectHandle = Buffer & { readonly [handleBrand]: true };

export type EcCurve = 'P-256' | 'secp256k1';

/** DER-encoded OIDs for CKA_EC_PARAMS (PKCS#11 v2.40 §2.3.3: namedCurve). */
const EC_PARAMS: Readonly<Record<EcCurve, Buffer>> = {
  'P-256': Buffer.from('06082a8648ce3d030107', 'hex'), // 1.2.840.10045.3.1.7 prime256v1
  secp256k1: Buffer.from('06052b8104000a', 'hex'), // 1.3.132.0.10
};

export interface TokenInfo {
  readonly slotId: Buffer;
  readonly label: string;
  readonly serialNumber: string;
  readonly model: string;
  readonly initialized: boolean;
  readonly userPinLocked: boolean;
  readonly userPinFinalTry: boolean;
  readonly userPinCountLow: boolean;
}

// CK_TOKEN_INFO flags (PKCS#11 v2.40 §3.2, table 11).
const CKF_TOKEN_INITIALIZED = 0x00000400;
const CKF_USER_PIN_COUNT_LOW = 0x00010000;
const CKF_USER_PIN_FINAL_TRY = 0x00020000;
const CKF_USER_PIN_LOCKED = 0x00040000;

/** Map a pkcs11js exception to an operator-safe VaultlineError; CKR_* names are not secret. */
export function mapPkcs11Error(error: unknown, action: string): VaultlineError {
  if (error instanceof VaultlineError) return error;
  const ckr = error instanceof Error && /^CKR_[A-Z_]+$/.test(error.message) ? error.message : undefined;
  switch (ckr) {
    case 'CKR_PIN_INCORRECT':
    case 'CKR_PIN_INVALID':
    case 'CKR_PIN_LEN_RANGE':
      return new VaultlineError('PIN_INCORRECT', 'The PIN is not correct.', { detail: `${action}: ${ckr}` });
    case 'CKR_PIN_LOCKED':
      return new VaultlineError('PIN_LOCKED', 'The token has locked its user PIN after too many wrong attempts; its security officer must reset it.', {
        detail: `${action}: ${ckr}`,
      });
    case 'CKR_TOKEN_NOT_PRESENT':
    case 'CKR_SLOT_ID_INVALID':
    case 'CKR_DEVICE_REMOVED':
      return new VaultlineError('HSM_TOKEN_MISSING', 'The token is not present.', { detail: `${action}: ${ckr}` });
    default:
      return new VaultlineError('HSM_ERROR', `The HSM refused to ${action}${ckr ? ` (${ckr})` : ''}.`, {
        detail: `${action}: ${ckr ?? (error instanceof Error ? error.message : String(error))}`,
      });
  }
}

function call<T>(action: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw mapPkcs11Error(error, action);
  }
}

interface LoadedModule {
  readonly lib: pkcs11js.PKCS11;
  refs: number;
}

const loaded = new Map<string, LoadedModule>();

/** A loaded PKCS#11 library (SoftHSM2, OpenSC, a vendor HSM); any module path works. */
export class Pkcs11Module {
  #released = false;

  private constructor(
    readonly path: string,
    private readonly lib: pkcs11js.PKCS11,
  ) {}

  /** Load and C_Initialize a module, sharing one instance per path within the process. */
  static acquire(path: string): Pkcs11Module {
    const existing = loaded.get(path);
    if (existing) {
      existing.refs += 1;
      return new Pkcs11Module(path, existing.lib);
    }
    if (!existsSync(path)) {
      throw new VaultlineError('HSM_MODULE_MISSING', `No PKCS#11 module at ${path}. Install it or set the module path in console.json (custody.modulePath).`);
    }
    const lib = new pkcs11js.PKCS11();
    try {
      lib.load(path);
    } catch (error) {
      throw new VaultlineError('HSM_MODULE_MISSING', `The file at ${path} could not be loaded as a PKCS#11 module.`, {
        detail: error instanceof Error ? error.message : String(error),
      });
    }
    try {
      lib.C_Initialize();
    } catch (error) {
      if (!(error instanceof Error && error.message === 'CKR_CRYPTOKI_ALREADY_INITIALIZED')) {
        lib.close();
        throw mapPkcs11Error(error, 'initialise the PKCS#11 module');
      }
    }
    loaded.set(path, { lib, refs: 1 });
    return new Pkcs11Module(path, lib);
  }

  /** Drop this reference; the last one finalises and unloads the library. */
  release(): void {
    if (this.#released) return;
    this.#released = true;
    const entry = loaded.get(this.path);
    if (!entry) return;
    entry.refs -= 1;
    if (entry.refs > 0) return;
    loaded.delete(this.path);
    try {
      entry.lib.C_Finalize();
    } finally {
      entry.lib.close();
    }
  }

  tokens(): TokenInfo[] {
    const slots = call('list slots', () => this.lib.C_GetSlotList(true));
    return slots.map((slotId) => {
      const info = call('read token information', () => this.lib.C_GetTokenInfo(slotId));
      return {
        slotId,
        label: info.label.trimEnd(),
        serialNumber: info.serialNumber.trimEnd(),
        model: info.model.trimEnd(),
        initialized: (info.flags & CKF_TOKEN_INITIALIZED) !== 0,
        userPinLocked: (info.flags & CKF_USER_PIN_LOCKED) !== 0,
        userPinFinalTry: (info.flags & CKF_USER_PIN_FINAL_TRY) !== 0,
        userPinCountLow: (info.flags & CKF_USER_PIN_COUNT_LOW) !== 0,
      };
    });
  }

  token(label: string): TokenInfo {
    const token = this.tokens().find((t) => t.label === label);
    if (!token) {
      throw new VaultlineError('HSM_TOKEN_MISSING', `No token labelled "${label}" is present in the PKCS#11 module.`);
    }
    return token;
  }

  /** Open a read-write session on the token with this label. */
  openSession(label: string): Pkcs11Session {
    const token = this.token(label);
    const handle = call('open a session', () => this.lib.C_OpenSession(token.slotId, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION));
    return new Pkcs11Session(this.lib, handle, token);
  }
}

const bool = (type: number, value: boolean): pkcs11js.Attribute => ({ type, value });

/**
 * Load the module, open a session on the token with this label, log in with `pin`, run `fn`, then
 * log out, close and release, whatever happens: for short operations on a token the console does
 * not keep open (operators' tokens, the online node's key).
 */
export function withLoggedInSession<T>(modulePath: string, tokenLabel: string, pin: string, fn: (session: Pkcs11Session) => T): T {
  const module = Pkcs11Module.acquire(modulePath);
  try {
    const session = module.openSession(tokenLabel);
    try {
      session.login(pin);
      return fn(session);
    } finally {
      session.logout();
      session.close();
    }
  } finally {
    module.release();
  }
}

/** One PKCS#11 session. Close it when done; closing also logs out if it was the last session. */
export class Pkcs11Session {
  #open = true;

  constructor(
    private readonly lib: pkcs11js.PKCS11,
    private readonly handle: Buffer,
    readonly token: TokenInfo,
  ) {}

  get isOpen(): boolean {
    return this.#open;
  }

  /**
   * C_Login as the normal user. A token that reports its user PIN as locked is not tried at all,
   * so a lockout is respected rather than probed.
   */
  login(pin: string): void {
    if (this.token.userPinLocked) {
      throw new VaultlineError('PIN_LOCKED', 'The token has locked its user PIN after too many wrong attempts; its security officer must reset it.');
    }
    try {
      this.lib.C_Login(this.handle, pkcs11js.CKU_USER, pin);
    } catch (error) {
      if (error instanceof Error && error.message === 'CKR_USER_ALREADY_LOGGED_IN') return;
      throw mapPkcs11Error(error, 'log in to the token');
    }
  }

  logout(): void {
    try {
      this.lib.C_Logout(this.handle);
    } catch {
      // Not logged in (or already closed): nothing to undo.
    }
  }

  close(): void {
    if (!this.#open) return;
    this.#open = false;
    try {
      this.lib.C_CloseSession(this.handle);
    } catch {
      // The token may be gone already; the session is unusable either way.
    }
  }

  random(length: number): Buffer {
    return call('generate random bytes', () => this.lib.C_GenerateRandom(this.handle, Buffer.alloc(length)));
  }

  /** Find one object of a class by label (and optionally CKA_ID). */
  findObject(objectClass: 'secret' | 'private' | 'public', label: string, id?: Buffer): ObjectHandle | undefined {
    const klass = { secret: pkcs11js.CKO_SECRET_KEY, private: pkcs11js.CKO_PRIVATE_KEY, public: pkcs11js.CKO_PUBLIC_KEY }[objectClass];
    const template: pkcs11js.Template = [
      { type: pkcs11js.CKA_CLASS, value: klass },
      { type: pkcs11js.CKA_LABEL, value: label },
    ];
    if (id) template.push({ type: pkcs11js.CKA_ID, value: id });
    return call('find a key', () => {
      this.lib.C_FindObjectsInit(this.handle, template);
      try {
        const found = this.lib.C_FindObjects(this.handle, 2);
        if (found.length > 1) throw new VaultlineError('HSM_ERROR', `More than one ${objectClass} key is labelled "${label}" on the token.`);
        return found[0] as ObjectHandle | undefined;
      } finally {
        this.lib.C_FindObjectsFinal(this.handle);
      }
    });
  }

  /** CKA_ID of an object. */
  objectId(object: ObjectHandle): Buffer {
    const [attr] = call('read a key id', () => this.lib.C_GetAttributeValue(this.handle, object, [{ type: pkcs11js.CKA_ID }]));
    return Buffer.isBuffer(attr?.value) ? attr.value : Buffer.alloc(0);
  }

  /**
   * A persistent AES-256 key that can wrap and unwrap but never leave the token
   * (CKA_SENSITIVE true, CKA_EXTRACTABLE false).
   */
  generateWrappingKey(label: string, id: Buffer): ObjectHandle {
    return call('generate the wrapping key', () =>
      this.lib.C_GenerateKey(this.handle, { mechanism: pkcs11js.CKM_AES_KEY_GEN }, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_AES },
        { type: pkcs11js.CKA_VALUE_LEN, value: 32 },
        { type: pkcs11js.CKA_LABEL, value: label },
        { type: pkcs11js.CKA_ID, value: id },
        bool(pkcs11js.CKA_TOKEN, true),
        bool(pkcs11js.CKA_PRIVATE, true),
        bool(pkcs11js.CKA_SENSITIVE, true),
        bool(pkcs11js.CKA_EXTRACTABLE, false),
        bool(pkcs11js.CKA_WRAP, true),
        bool(pkcs11js.CKA_UNWRAP, true),
        bool(pkcs11js.CKA_ENCRYPT, false),
        bool(pkcs11js.CKA_DECRYPT, false),
      ]) as ObjectHandle,
    );
  }

  /**
   * hazmat: makes a fresh random secret inside the token and returns it wrapped
   * (CKM_AES_KEY_WRAP_PAD, RFC 5649) by `wrappingKey`. The secret exists in the clear only as a
   * session object, destroyed before returning.
   */
  generateWrappedSecret(wrappingKey: ObjectHandle, bytes: number): Buffer {
    return call('generate and wrap a secret', () => {
      const secret = this.lib.C_GenerateKey(this.handle, { mechanism: pkcs11js.CKM_GENERIC_SECRET_KEY_GEN }, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_GENERIC_SECRET },
        { type: pkcs11js.CKA_VALUE_LEN, value: bytes },
        bool(pkcs11js.CKA_TOKEN, false),
        bool(pkcs11js.CKA_SENSITIVE, false),
        bool(pkcs11js.CKA_EXTRACTABLE, true),
      ]);
      try {
        return this.lib.C_WrapKey(this.handle, { mechanism: pkcs11js.CKM_AES_KEY_WRAP_PAD }, wrappingKey, secret, Buffer.alloc(bytes + 16));
      } finally {
        this.lib.C_DestroyObject(this.handle, secret);
      }
    });
  }

  /**
   * hazmat: a fresh random secret made inside the token, returned both wrapped by `wrappingKey`
   * and in the clear, for a key that is used at once (a record's data key). One session object,
   * destroyed before returning; the caller zeroes `value`.
   */
  generateSecretWithWrap(wrappingKey: ObjectHandle, bytes: number): { wrapped: Buffer; value: Buffer } {
    return call('generate and wrap a secret', () => {
      const secret = this.lib.C_GenerateKey(this.handle, { mechanism: pkcs11js.CKM_GENERIC_SECRET_KEY_GEN }, [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_GENERIC_SECRET },
        { type: pkcs11js.CKA_VALUE_LEN, value: bytes },
        bool(pkcs11js.CKA_TOKEN, false),
        bool(pkcs11js.CKA_SENSITIVE, false),
        bool(pkcs11js.CKA_EXTRACTABLE, true),
      ]);
      try {
        const wrapped = this.lib.C_WrapKey(this.handle, { mechanism: pkcs11js.CKM_AES_KEY_WRAP_PAD }, wrappingKey, secret, Buffer.alloc(bytes + 16));
        const [attr] = this.lib.C_GetAttributeValue(this.handle, secret, [{ type: pkcs11js.CKA_VALUE }]);
        if (!attr || !Buffer.isBuffer(attr.value)) throw new VaultlineError('HSM_ERROR', 'The token returned no value for a new key.');
        return { wrapped, value: attr.value };
      } finally {
        this.lib.C_DestroyObject(this.handle, secret);
      }
    });
  }

  /**
   * hazmat: unwraps a blob made by generateWrappedSecret and returns the secret's bytes. The
   * caller owns the buffer and must zero it when done. RFC 5649's integrity check makes a changed
   * blob fail here rather than yield a wrong key.
   */
  unwrapSecret(wrappingKey: ObjectHandle, wrapped: Uint8Array): Buffer {
    let object: Buffer | undefined;
    try {
      object = this.lib.C_UnwrapKey(this.handle, { mechanism: pkcs11js.CKM_AES_KEY_WRAP_PAD }, wrappingKey, Buffer.from(wrapped), [
        { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_SECRET_KEY },
        { type: pkcs11js.CKA_KEY_TYPE, value: pkcs11js.CKK_GENERIC_SECRET },
        bool(pkcs11js.CKA_TOKEN, false),
        bool(pkcs11js.CKA_SENSITIVE, false),
        bool(pkcs11js.CKA_EXTRACTABLE, true),
      ]);
      const [attr] = this.lib.C_GetAttributeValue(this.handle, object, [{ type: pkcs11js.CKA_VALUE }]);
      if (!attr || !Buffer.isBuffer(attr.value)) throw new VaultlineError('HSM_ERROR', 'The token returned no value for the unwrapped key.');
      return attr.value;
    } catch (error) {
      throw mapPkcs11Error(error, 'unwrap a key');
    } finally {
      if (object) this.lib.C_DestroyObject(this.handle, object);
    }
  }

  /**
   * An EC key pair generated inside the token. The private half is sensitive and never
   * extractable (CKA_SENSITIVE true, CKA_EXTRACTABLE false).
   */
  generateEcKeyPair(curve: EcCurve, label: string, id: Buffer): { publicKey: ObjectHandle; privateKey: ObjectHandle } {
    const pair = call(`generate a ${curve} key pair`, () =>
      this.lib.C_GenerateKeyPair(
        this.handle,
        { mechanism: pkcs11js.CKM_EC_KEY_PAIR_GEN },
        [
          { type: pkcs11js.CKA_EC_PARAMS, value: EC_PARAMS[curve] },
          { type: pkcs11js.CKA_LABEL, value: label },
          { type: pkcs11js.CKA_ID, value: id },
          bool(pkcs11js.CKA_TOKEN, true),
          bool(pkcs11js.CKA_VERIFY, true),
        ],
        [
          { type: pkcs11js.CKA_LABEL, value: label },
          { type: pkcs11js.CKA_ID, value: id },
          bool(pkcs11js.CKA_TOKEN, true),
          bool(pkcs11js.CKA_PRIVATE, true),
          bool(pkcs11js.CKA_SIGN, true),
          bool(pkcs11js.CKA_SENSITIVE, true),
          bool(pkcs11js.CKA_EXTRACTABLE, false),
        ],
      ),
    );
    return { publicKey: pair.publicKey as ObjectHandle, privateKey: pair.privateKey as ObjectHandle };
  }

  /**
   * The uncompressed SEC1 point (65 bytes) of an EC public key. PKCS#11 v2.40 says CKA_EC_POINT is
   * a DER OCTET STRING; some modules return the bare point, so both are accepted.
   */
  ecPoint(publicKey: ObjectHandle): Uint8Array {
    const [attr] = call('read a public key', () => this.lib.C_GetAttributeValue(this.handle, publicKey, [{ type: pkcs11js.CKA_EC_POINT }]));
    const value = attr?.value;
    if (!Buffer.isBuffer(value)) throw new VaultlineError('HSM_ERROR', 'The token returned no EC point.');
    if (value.length === 67 && value[0] === 0x04 && value[1] === 0x41 && value[2] === 0x04) return new Uint8Array(value.subarray(2));
    if (value.length === 65 && value[0] === 0x04) return new Uint8Array(value);
    throw new VaultlineError('HSM_ERROR', `The token returned an EC point of unexpected form (${value.length} bytes).`);
  }

  /** Raw CKM_ECDSA over a 32-byte digest: r‖s with any s (callers normalise where a chain needs). */
  signDigest(privateKey: ObjectHandle, digest: Uint8Array): Uint8Array {
    if (digest.length !== 32) throw new VaultlineError('INTERNAL', `digest must be 32 bytes, got ${digest.length}`);
    return call('sign', () => {
      this.lib.C_SignInit(this.handle, { mechanism: pkcs11js.CKM_ECDSA }, privateKey);
      return new Uint8Array(this.lib.C_Sign(this.handle, Buffer.from(digest), Buffer.alloc(128)));
    });
  }
}
