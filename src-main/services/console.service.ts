/**
 * The console's lock state: LOCKED (nothing open) ⇄ UNLOCKED (custody token logged in, database
 * open). Also the key ceremony that creates a console in an empty data directory.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import { CustodyKeystore, IDENTITY_KEY_LABEL, WRAPPING_KEY_LABEL, type CustodyKeyRefs, type IdentityKey } from '../hsm/custody.keystore';
import { spkiToPem } from '../hsm/ec-keys';
import { closeDatabase, inTransaction, openDatabase, type WritableDB } from '../db/database';
import { appendAudit, type NewAuditEntry } from '../db/audit.repository';
import { getMeta, setMeta } from '../db/meta.repository';
import { type DataDir, DEFAULT_IDLE_TIMEOUT_SECONDS, defaultModulePath, type ConsoleConfig } from './data-dir';
import { parsePending, PendingAuditJournal, unflushed, type FlushMark } from './pending-audit';

/** Meta key of the last pending-audit flush (see pending-audit.ts). */
const PENDING_AUDIT_MARK = 'pending_audit_flushed';
import { UnlockThrottle } from './unlock-throttle';

interface Unlocked {
  readonly config: ConsoleConfig;
  readonly keystore: CustodyKeystore;
  readonly db: WritableDB;
  readonly identity: IdentityKey;
}

export interface InitRequest {
  readonly consoleName: string;
  readonly custodyTokenLabel: string;
  readonly custodyPin: string;
  /**
   * Enrols the first admin in the new database; returns their operator id. `sign` signs with the
   * new identity key (the admin's certificate), since the console is not unlocked yet.
   */
  readonly enrollAdmin: (db: WritableDB, sign: (message: Uint8Array) => Uint8Array) => Promise<string>;
}

export interface InitResult {
  readonly consoleId: string;
  readonly identityFingerprint: string;
  readonly identityPublicKeyPem: string;
  readonly adminOperatorId: string;
}

export type LockReason = 'operator' | 'idle' | 'shutdown';

export class ConsoleService {
  #unlocked: Unlocked | undefined;
  #lastActivity: number;
  readonly pendingAudit: PendingAuditJournal;
  readonly throttle: UnlockThrottle;
  private readonly lockListeners: ((reason: LockReason) => void)[] = [];
  private readonly beforeLockListeners: ((db: WritableDB) => void)[] = [];

  constructor(
    readonly dataDir: DataDir,
    private readonly clock: Clock,
    private readonly modulePathOverride?: string,
  ) {
    this.#lastActivity = clock.now().getTime();
    this.pendingAudit = new PendingAuditJournal(dataDir.pendingAuditPath);
    this.throttle = new UnlockThrottle(dataDir.unlockAttemptsPath);
    // A dev/demo data directory carries its own SoftHSM2 configuration (token directory inside it).
    if (existsSync(dataDir.softhsmConfPath)) process.env.SOFTHSM2_CONF = dataDir.softhsmConfPath;
  }

  get isUnlocked(): boolean {
    return this.#unlocked !== undefined;
  }

  get db(): WritableDB | undefined {
    return this.#unlocked?.db;
  }

  requireDb(): WritableDB {
    if (!this.#unlocked) throw new VaultlineError('LOCKED', 'The console is locked; unlock it with the custody token PIN.');
    return this.#unlocked.db;
  }

  get config(): ConsoleConfig | undefined {
    return this.#unlocked?.config ?? (this.dataDir.isInitialized() ? this.dataDir.readConfig() : undefined);
  }

  get identity(): IdentityKey | undefined {
    return this.#unlocked?.identity;
  }

  onLock(listener: (reason: LockReason) => void): void {
    this.lockListeners.push(listener);
  }

  /** Last work with the database and the token before a lock (a final audit checkpoint). */
  beforeLock(listener: (db: WritableDB) => void): void {
    this.beforeLockListeners.push(listener);
  }

  status() {
    const initialized = this.dataDir.isInitialized();
    const config = initialized ? this.config : undefined;
    const blocked = this.throttle.blockedUntil(this.clock.now());
    return {
      initialized,
      locked: !this.isUnlocked,
      consoleId: config?.consoleId,
      consoleName: config?.consoleName,
      custodyTokenLabel: config?.custody.tokenLabel,
      identityFingerprint: this.#unlocked?.identity.fingerprint,
      idleTimeoutSeconds: config?.idleTimeoutSeconds ?? DEFAULT_IDLE_TIMEOUT_SECONDS,
      unlockFailures: this.throttle.failures(),
      unlockBlockedUntil: blocked?.toISOString(),
    };
  }

  /**
   * Key ceremony. In the custody token: a non-extractable AES-256 wrapping key and the P-256
   * identity key. Beside the database: a random 256-bit database key, wrapped. Then the encrypted
   * database, its schema and the first admin. console.json is written last, so a ceremony that
   * fails part-way leaves a directory that is still "not initialised" (files it made are removed).
   */
  async init(request: InitRequest): Promise<InitResult> {
    if (this.dataDir.isInitialized()) throw new VaultlineError('ALREADY_INITIALIZED', `${this.dataDir.root} already holds a console.`);
    if (existsSync(this.dataDir.databasePath) || existsSync(this.dataDir.wrappedKeyPath)) {
      throw new VaultlineError('CONFLICT', `${this.dataDir.root} holds a database or wrapped key without console.json; move them away before a new ceremony.`);
    }
    const modulePath = this.modulePathOverride ?? defaultModulePath();
    const keystore = CustodyKeystore.open(modulePath, request.custodyTokenLabel, request.custodyPin);
    let db: WritableDB | undefined;
    try {
      const refs = keystore.createKeys();
      const wrapped = keystore.newWrappedSecret(refs);
      this.dataDir.writeWrappedKey({ formatVersion: 1, mechanism: 'CKM_AES_KEY_WRAP_PAD', wrappingKeyId: refs.wrappingKeyId, wrapped: wrapped.toString('base64') });
      const key = keystore.unwrapSecret(refs, wrapped);
      try {
        db = openDatabase(this.dataDir.databasePath, key, { create: true });
      } finally {
        key.fill(0);
      }
      const identity = keystore.identity(refs);
      const consoleId = `vl_${randomBytes(10).toString('hex')}`;
      const createdAt = this.clock.now().toISOString();
      const openDb = db;
      const adminOperatorId = await inTransaction(openDb, async () => {
        setMeta(openDb, 'console_id', consoleId);
        setMeta(openDb, 'identity_spki', identity.spki.toString('base64'));
        setMeta(openDb, 'created_at', createdAt);
        return request.enrollAdmin(openDb, (message) => keystore.signWithIdentity(refs, message));
      });
      closeDatabase(db);
      db = undefined;
      this.dataDir.writeConfig({
        formatVersion: 1,
        consoleId,
        consoleName: request.consoleName,
        createdAt,
        custody: {
          modulePath,
          tokenLabel: request.custodyTokenLabel,
          wrappingKeyLabel: WRAPPING_KEY_LABEL,
          wrappingKeyId: refs.wrappingKeyId,
          identityKeyLabel: IDENTITY_KEY_LABEL,
          identityKeyId: refs.identityKeyId,
        },
        operatorTokens: { modulePath },
        idleTimeoutSeconds: DEFAULT_IDLE_TIMEOUT_SECONDS,
      });
      return { consoleId, identityFingerprint: identity.fingerprint, identityPublicKeyPem: spkiToPem(identity.spki), adminOperatorId };
    } catch (error) {
      if (db) closeDatabase(db);
      this.removeCeremonyFiles();
      throw error;
    } finally {
      keystore.close();
    }
  }

  private removeCeremonyFiles(): void {
    const dbName = this.dataDir.databasePath.replace(/^.*\//, '');
    for (const name of readdirSync(this.dataDir.root)) {
      if (name.startsWith(dbName)) rmSync(`${this.dataDir.root}/${name}`, { force: true });
    }
    rmSync(this.dataDir.wrappedKeyPath, { force: true });
  }

  /**
   * Unlock = PKCS#11 login with the PIN, unwrap the database key, open the database, then the
   * key buffer is zeroed. Wrong PINs are counted (and spaced out) before the token is even asked.
   */
  unlock(pin: string): { consoleId: string; identityFingerprint: string } {
    const config = this.dataDir.readConfig();
    if (this.#unlocked) return { consoleId: config.consoleId, identityFingerprint: this.#unlocked.identity.fingerprint };
    const now = this.clock.now();
    const blocked = this.throttle.blockedUntil(now);
    if (blocked) {
      throw new VaultlineError('UNLOCK_THROTTLED', `Too many wrong PINs; the next attempt is allowed at ${blocked.toISOString()}.`);
    }
    let keystore: CustodyKeystore;
    try {
      keystore = CustodyKeystore.open(this.modulePathOverride ?? config.custody.modulePath, config.custody.tokenLabel, pin);
    } catch (error) {
      if (error instanceof VaultlineError && error.code === 'PIN_INCORRECT') {
        this.throttle.recordFailure(now);
        const failures = this.throttle.failures();
        throw new VaultlineError('PIN_INCORRECT', `The custody token PIN is not correct (${failures} failed attempt${failures === 1 ? '' : 's'}).`, { detail: error.detail });
      }
      throw error;
    }
    const refs: CustodyKeyRefs = { wrappingKeyId: config.custody.wrappingKeyId, identityKeyId: config.custody.identityKeyId };
    try {
      const wrappedFile = this.dataDir.readWrappedKey();
      if (wrappedFile.wrappingKeyId !== refs.wrappingKeyId) {
        throw new VaultlineError('DB_KEY_INVALID', 'The wrapped database key was made with another wrapping key than this console’s.');
      }
      const key = keystore.unwrapSecret(refs, Buffer.from(wrappedFile.wrapped, 'base64'));
      let db: WritableDB;
      try {
        db = openDatabase(this.dataDir.databasePath, key, { create: false });
      } finally {
        key.fill(0);
      }
      const identity = keystore.identity(refs);
      this.#unlocked = { config, keystore, db, identity };
    } catch (error) {
      keystore.close();
      throw error;
    }
    this.throttle.reset();
    this.flushPendingAudit();
    this.touch();
    return { consoleId: config.consoleId, identityFingerprint: this.#unlocked.identity.fingerprint };
  }

  /** Close the database, end the token session (the key was zeroed right after use). */
  lock(reason: LockReason): void {
    const unlocked = this.#unlocked;
    if (!unlocked) return;
    for (const listener of this.beforeLockListeners) {
      try {
        listener(unlocked.db);
      } catch {
        // Locking must always succeed; what a listener could not finish waits for the next unlock.
      }
    }
    this.#unlocked = undefined;
    try {
      closeDatabase(unlocked.db);
    } finally {
      unlocked.keystore.close();
    }
    for (const listener of this.lockListeners) listener(reason);
  }

  /** Record operator activity; the idle timer counts from the last one. */
  touch(): void {
    this.#lastActivity = this.clock.now().getTime();
  }

  /** Lock if the console has been idle longer than its timeout. Returns whether it locked. */
  lockIfIdle(): boolean {
    const unlocked = this.#unlocked;
    if (!unlocked) return false;
    if (this.clock.now().getTime() - this.#lastActivity < unlocked.config.idleTimeoutSeconds * 1000) return false;
    this.lock('idle');
    return true;
  }

  /** Record an audit event now, or keep it for the chain until the next unlock. */
  recordAudit(entry: NewAuditEntry): void {
    const db = this.#unlocked?.db;
    if (db) appendAudit(db, entry);
    else if (this.dataDir.isInitialized() || existsSync(this.dataDir.root)) this.pendingAudit.add(entry);
  }

  private flushPendingAudit(): void {
    const db = this.requireDb();
    const raw = this.pendingAudit.raw();
    if (!raw) return;
    const recorded = getMeta(db, PENDING_AUDIT_MARK);
    const { rest, mark } = unflushed(raw, recorded ? (JSON.parse(recorded) as FlushMark) : undefined);
    db.sqlite
      .transaction(() => {
        for (const entry of parsePending(rest)) appendAudit(db, entry);
        setMeta(db, PENDING_AUDIT_MARK, JSON.stringify(mark));
      })
      .immediate();
    this.pendingAudit.clear();
  }

  /** The custody keystore while unlocked (vault keys); internal to the core's services. */
  custody(): CustodyKeystore {
    const unlocked = this.#unlocked;
    if (!unlocked) throw new VaultlineError('LOCKED', 'The console is locked.');
    return unlocked.keystore;
  }

  /** Sign with the console identity key (bundles, checkpoints, evidence). */
  signWithIdentity(message: Uint8Array): Uint8Array {
    const unlocked = this.#unlocked;
    if (!unlocked) throw new VaultlineError('LOCKED', 'The console is locked.');
    return unlocked.keystore.signWithIdentity(
      { wrappingKeyId: unlocked.config.custody.wrappingKeyId, identityKeyId: unlocked.config.custody.identityKeyId },
      message,
    );
  }
}
