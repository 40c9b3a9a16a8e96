/**
 * The custody token as the console uses it: the AES-256 wrapping key (database key today, vault
 * envelope keys and HD seeds later) and the console identity key (P-256) that signs outbound
 * bundles, audit checkpoints and evidence packages.
 */
import { createHash, randomBytes } from 'node:crypto';
import { VaultlineError } from '../errors';
import { Pkcs11Module, type ObjectHandle, type Pkcs11Session } from './pkcs11.adapter';
import { fingerprint, spkiFromPoint, verifyP256Digest } from './ec-keys';

export const WRAPPING_KEY_LABEL = 'vaultline-wrap';
export const IDENTITY_KEY_LABEL = 'vaultline-identity';
/** Wraps the record vault's per-record data keys; separate from the database key's wrapping key. */
export const VAULT_KEY_LABEL = 'vaultline-vault-kek';
/** Wraps HD wallet seeds (bip32 scheme): a seed leaves the token only wrapped by it. */
export const SEED_KEY_LABEL = 'vaultline-seed-kek';
/** Label of per-address custody keys (hsm scheme). */
export const CUSTODY_KEY_LABEL = 'vaultline-custody-key';

export interface CustodyKeyRefs {
  readonly wrappingKeyId: string;
  readonly identityKeyId: string;
}

export interface IdentityKey {
  readonly spki: Buffer;
  readonly fingerprint: string;
}

export class CustodyKeystore {
  #session: Pkcs11Session | undefined;
  /**
   * Object handles found in this session. Looking a key up is a C_FindObjects, which SoftHSM's
   * file store answers by scanning the token directory; a handle stays valid for the session.
   */
  readonly #handles = new Map<string, ObjectHandle>();
  /** Public points of custody keys read in this session (public data; see `custodyKey`). */
  readonly #points = new Map<string, Uint8Array>();

  private constructor(
    private readonly module: Pkcs11Module,
    readonly tokenLabel: string,
  ) {}

  /** Load the module, open a session on the custody token and log in. */
  static open(modulePath: string, tokenLabel: string, pin: string): CustodyKeystore {
    const module = Pkcs11Module.acquire(modulePath);
    const store = new CustodyKeystore(module, tokenLabel);
    try {
      const session = module.openSession(tokenLabel);
      store.#session = session;
      session.login(pin);
      return store;
    } catch (error) {
      store.close();
      throw error;
    }
  }

  private get session(): Pkcs11Session {
    if (!this.#session?.isOpen) throw new VaultlineError('LOCKED', 'The custody token session is closed.');
    return this.#session;
  }

  /**
   * Key ceremony, step 1: create the wrapping key and the identity key in the token. Refuses a
   * token that already holds Vaultline keys: one custody token serves one console.
   */
  createKeys(): CustodyKeyRefs {
    const s = this.session;
    if (s.findObject('secret', WRAPPING_KEY_LABEL) || s.findObject('private', IDENTITY_KEY_LABEL)) {
      throw new VaultlineError('CONFLICT', `Token "${this.tokenLabel}" already holds Vaultline keys; use a fresh token for a new console.`);
    }
    const wrappingKeyId = randomBytes(8);
    const identityKeyId = randomBytes(8);
    s.generateWrappingKey(WRAPPING_KEY_LABEL, wrappingKeyId);
    s.generateEcKeyPair('P-256', IDENTITY_KEY_LABEL, identityKeyId);
    return { wrappingKeyId: wrappingKeyId.toString('hex'), identityKeyId: identityKeyId.toString('hex') };
  }

  private wrappingKey(refs: CustodyKeyRefs): ObjectHandle {
    try {
      return this.keyWithLabel(WRAPPING_KEY_LABEL, refs.wrappingKeyId);
    } catch (error) {
      if (error instanceof VaultlineError && error.code === 'HSM_KEY_MISSING') {
        throw new VaultlineError('HSM_KEY_MISSING', `The custody token "${this.tokenLabel}" does not hold this console’s wrapping key.`);
      }
      throw error;
    }
  }

  /** The identity key pair's handles, found once per session. */
  private identityHandles(refs: CustodyKeyRefs): { privateKey: ObjectHandle; publicKey: ObjectHandle } {
    const id = Buffer.from(refs.identityKeyId, 'hex');
    let privateKey = this.#handles.get(`private:${refs.identityKeyId}`);
    let publicKey = this.#handles.get(`public:${refs.identityKeyId}`);
    if (!privateKey || !publicKey) {
      privateKey = this.session.findObject('private', IDENTITY_KEY_LABEL, id);
      publicKey = this.session.findObject('public', IDENTITY_KEY_LABEL, id);
      if (!privateKey || !publicKey) throw new VaultlineError('HSM_KEY_MISSING', `The custody token "${this.tokenLabel}" does not hold this console’s identity key.`);
      this.#handles.set(`private:${refs.identityKeyId}`, privateKey);
      this.#handles.set(`public:${refs.identityKeyId}`, publicKey);
    }
    return { privateKey, publicKey };
  }

  /** A fresh random 256-bit secret made in the token, returned only wrapped. */
  newWrappedSecret(refs: CustodyKeyRefs): Buffer {
    return this.session.generateWrappedSecret(this.wrappingKey(refs), 32);
  }

  /** hazmat: the caller must zero the returned buffer as soon as it is used. */
  unwrapSecret(refs: CustodyKeyRefs, wrapped: Uint8Array): Buffer {
    try {
      return this.session.unwrapSecret(this.wrappingKey(refs), wrapped);
    } catch (error) {
      if (error instanceof VaultlineError && error.code === 'HSM_ERROR') {
        throw new VaultlineError('DB_KEY_INVALID', 'The wrapped key could not be unwrapped: it was changed or made by another token. Nothing was changed.', {
          detail: error.detail,
        });
      }
      throw error;
    }
  }

  /** The AES key with this label, created (non-extractable, wrap/unwrap only) if the token lacks it. Returns its CKA_ID. */
  ensureWrappingKey(label: string): string {
    const s = this.session;
    const existing = s.findObject('secret', label);
    if (existing) return s.objectId(existing).toString('hex');
    const id = randomBytes(8);
    s.generateWrappingKey(label, id);
    return id.toString('hex');
  }

  private keyWithLabel(label: string, idHex: string): ObjectHandle {
    const cacheKey = `secret:${label}:${idHex}`;
    const cached = this.#handles.get(cacheKey);
    if (cached) return cached;
    const key = this.session.findObject('secret', label, Buffer.from(idHex, 'hex'));
    if (!key) throw new VaultlineError('HSM_KEY_MISSING', `The custody token "${this.tokenLabel}" does not hold the key ${label} (${idHex}).`);
    this.#handles.set(cacheKey, key);
    return key;
  }

  /** A fresh random 256-bit secret made in the token, returned wrapped by the named key. */
  newSecretWrappedBy(label: string, idHex: string): Buffer {
    return this.session.generateWrappedSecret(this.keyWithLabel(label, idHex), 32);
  }

  /** hazmat: a new key, wrapped by the named key and in the clear; the caller zeroes `value` after use. */
  newSecretAndWrapped(label: string, idHex: string): { wrapped: Buffer; value: Buffer } {
    return this.session.generateSecretWithWrap(this.keyWithLabel(label, idHex), 32);
  }

  /** hazmat: the caller must zero the returned buffer as soon as it is used. */
  unwrapSecretWith(label: string, idHex: string, wrapped: Uint8Array): Buffer {
    return this.session.unwrapSecret(this.keyWithLabel(label, idHex), wrapped);
  }

  /**
   * A secp256k1 custody key generated in the token (CKA_SENSITIVE, not extractable). Returns its
   * CKA_ID and the uncompressed public point.
   */
  generateCustodyKey(label: string): { idHex: string; point: Uint8Array } {
    const id = randomBytes(8);
    const pair = this.session.generateEcKeyPair('secp256k1', label, id);
    return { idHex: id.toString('hex'), point: this.session.ecPoint(pair.publicKey) };
  }

  /** A custody key by CKA_ID: its public point, and raw CKM_ECDSA over a digest (any s). */
  custodyKey(label: string, idHex: string): { point: Uint8Array; signDigest(digest32: Uint8Array): Uint8Array } {
    const cacheKey = `custody:${label}:${idHex}`;
    let privateKey = this.#handles.get(`${cacheKey}:private`);
    let publicKey = this.#handles.get(`${cacheKey}:public`);
    if (!privateKey || !publicKey) {
      privateKey = this.session.findObject('private', label, Buffer.from(idHex, 'hex'));
      publicKey = this.session.findObject('public', label, Buffer.from(idHex, 'hex'));
      if (!privateKey || !publicKey) throw new VaultlineError('HSM_KEY_MISSING', `The custody token "${this.tokenLabel}" does not hold the custody key ${label} (${idHex}).`);
      this.#handles.set(`${cacheKey}:private`, privateKey);
      this.#handles.set(`${cacheKey}:public`, publicKey);
    }
    const key = privateKey;
    // CKA_EC_POINT cannot change for the life of the object (PKCS#11 v2.40 §2.3.3: not modifiable),
    // so it is read once per session per key, like the handle itself.
    let point = this.#points.get(cacheKey);
    if (!point) {
      point = this.session.ecPoint(publicKey);
      this.#points.set(cacheKey, point);
    }
    return { point: Uint8Array.from(point), signDigest: (digest32) => this.session.signDigest(key, digest32) };
  }

  /** hazmat: a fresh 64-byte HD seed made in the token, wrapped by the named key, and in the clear (zero it). */
  newSeedAndWrapped(label: string, idHex: string): { wrapped: Buffer; value: Buffer } {
    return this.session.generateSecretWithWrap(this.keyWithLabel(label, idHex), 64);
  }

  identity(refs: CustodyKeyRefs): IdentityKey {
    const spki = spkiFromPoint('P-256', this.session.ecPoint(this.identityHandles(refs).publicKey));
    return { spki, fingerprint: fingerprint(spki) };
  }

  /** ECDSA P-256 over sha256(message) with the identity key; the signature is checked before use. */
  signWithIdentity(refs: CustodyKeyRefs, message: Uint8Array): Uint8Array {
    const s = this.session;
    const { privateKey, publicKey } = this.identityHandles(refs);
    const digest = createHash('sha256').update(message).digest();
    const signature = s.signDigest(privateKey, digest);
    if (!verifyP256Digest(s.ecPoint(publicKey), digest, signature)) {
      throw new VaultlineError('HSM_ERROR', 'The token produced an identity signature that does not verify.');
    }
    return signature;
  }

  close(): void {
    this.#handles.clear();
    this.#points.clear();
    if (this.#session) {
      this.#session.logout();
      this.#session.close();
      this.#session = undefined;
    }
    this.module.release();
  }
}
