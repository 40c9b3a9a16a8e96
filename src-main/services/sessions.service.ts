/**
 * Operator sessions live only in the main process. A front end holds an opaque random handle;
 * every command re-reads the operator, so a role change or a disabled account takes effect at once.
 */
import { randomBytes } from 'node:crypto';
import type { Clock } from '../platform/clock';
import type { Role } from '../../src-shared/roles';

export const SESSION_MAX_AGE_MS = 8 * 60 * 60 * 1000;

export interface SessionRecord {
  readonly handle: string;
  readonly operatorId: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

export interface SessionOperator {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly roles: Role[];
  readonly senior: boolean;
}

export class SessionService {
  readonly #sessions = new Map<string, SessionRecord>();

  constructor(private readonly clock: Clock) {}

  create(operatorId: string): SessionRecord {
    const now = this.clock.now();
    const record: SessionRecord = {
      handle: randomBytes(24).toString('base64url'),
      operatorId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_MS),
    };
    this.#sessions.set(record.handle, record);
    return record;
  }

  get(handle: string | undefined): SessionRecord | undefined {
    if (!handle) return undefined;
    const record = this.#sessions.get(handle);
    if (!record) return undefined;
    if (record.expiresAt <= this.clock.now()) {
      this.#sessions.delete(handle);
      return undefined;
    }
    return record;
  }

  end(handle: string): void {
    this.#sessions.delete(handle);
  }

  endForOperator(operatorId: string): void {
    for (const [handle, record] of this.#sessions) if (record.operatorId === operatorId) this.#sessions.delete(handle);
  }

  endAll(): void {
    this.#sessions.clear();
  }

  get count(): number {
    return this.#sessions.size;
  }
}
