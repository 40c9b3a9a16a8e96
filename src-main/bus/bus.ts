/**
 * The command bus: the one way into the core. For every call it validates the input (zod schema
 * from src-shared), resolves the session, checks the role, runs the handler, validates the output
 * and appends an audit entry (command, operator, time, digest of the redacted input, outcome) to
 * the hash-chained trail. Commands run one at a time: a handler's writes and its audit entry
 * commit together in one transaction, or neither does.
 */
import { commands, isCommandName, type CommandName, type CommandOutput, type ParsedInput } from '../../src-shared/commands';
import { CONFIDENTIAL_AUDIT_NAME, type CommandSpec } from '../../src-shared/commands/define';
import { fieldIssues, type ErrorCode, type Result, type WireError } from '../../src-shared/errors';
import { VaultlineError, toWireError } from '../errors';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import { appendAudit, type NewAuditEntry } from '../db/audit.repository';
import { inTransaction, type WritableDB } from '../db/database';
import type { ConsoleService } from '../services/console.service';
import type { SessionOperator, SessionRecord } from '../services/sessions.service';
import { inputDigest } from './redact';

export type HostKind = 'electron' | 'cli' | 'browser' | 'test';

export interface CallerContext {
  readonly host: HostKind;
  readonly sessionHandle?: string | undefined;
}

export interface HandlerContext {
  readonly caller: CallerContext;
  readonly session: SessionRecord | undefined;
  /** The signed-in operator; present for every command whose access is not `public`. */
  readonly operator: SessionOperator | undefined;
  /**
   * Writes that must persist even though the command fails (a failed-login counter). They run in
   * the same transaction as the refusal's audit entry.
   */
  onFailure(write: (db: WritableDB) => void): void;
  /**
   * Work outside the database that must follow the outcome of this call's transaction: `committed`
   * runs once the handler's writes and audit entry are durable, `rolledBack` when they were
   * discarded (a file staged beside its final name is moved into place, or deleted). Both run at
   * most once; a failure in either is logged, never turned into the command's answer.
   */
  readonly onSettled: (hooks: { committed?: () => void; rolledBack?: () => void }) => void;
  /**
   * Name the operator this call concerns when there is no session yet (a login, successful or
   * not), so the audit entry says who signed in or who failed to.
   */
  attribute(operator: { readonly id: string; readonly username: string }): void;
}

export type Handler<N extends CommandName> = (input: ParsedInput<N>, ctx: HandlerContext) => Promise<CommandOutput<N>> | CommandOutput<N>;

export interface SessionResolver {
  resolve(handle: string | undefined): { session: SessionRecord; operator: SessionOperator } | undefined;
}

/** Errors that mean the core failed, as opposed to a request that was refused. */
const FAULTS: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['INTERNAL', 'HSM_ERROR', 'IO', 'DB_CORRUPT']);

const MAX_AUDITED_NAME = 64;

export class Bus {
  readonly #handlers = new Map<CommandName, Handler<CommandName>>();
  readonly #afterCommit: ((db: WritableDB) => void)[] = [];
  #queue: Promise<unknown> = Promise.resolve();
  #closing = false;

  constructor(
    private readonly console: ConsoleService,
    private readonly sessions: SessionResolver,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  register<N extends CommandName>(name: N, handler: Handler<N>): void {
    if (this.#handlers.has(name)) throw new Error(`handler for ${name} registered twice`);
    this.#handlers.set(name, handler);
  }

  /**
   * Work to do after a command's transaction has committed (signing an audit checkpoint). A failure
   * here is logged and does not change the command's result.
   */
  afterCommit(listener: (db: WritableDB) => void): void {
    this.#afterCommit.push(listener);
  }

  /** Commands without a handler: the composition root refuses to start with any. */
  missingHandlers(): CommandName[] {
    return (Object.keys(commands) as CommandName[]).filter((name) => !this.#handlers.has(name));
  }

  /** Entry point for every host. Never throws; answers with a result envelope. */
  invoke(command: unknown, input: unknown, caller: CallerContext): Promise<Result<unknown>> {
    if (this.#closing) return Promise.resolve({ ok: false, error: { code: 'SHUTTING_DOWN', message: 'The console is shutting down.' } });
    const run = this.#queue.then(() => this.execute(command, input, caller));
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Run work between commands, never during one: background jobs (exports) read and write the
   * database in such slices, so they never see or join a command's open transaction.
   */
  exclusive<T>(work: () => T | Promise<T>): Promise<T> {
    if (this.#closing) return Promise.reject(new VaultlineError('SHUTTING_DOWN', 'The console is shutting down.'));
    const run = this.#queue.then(work);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /** Refuse new calls and wait for the ones under way. */
  async close(): Promise<void> {
    this.#closing = true;
    await this.#queue;
  }

  private async execute(command: unknown, input: unknown, caller: CallerContext): Promise<Result<unknown>> {
    const name = isCommandName(command) ? command : undefined;
    const spec: CommandSpec | undefined = name ? commands[name] : undefined;
    const digest = inputDigest(input, spec?.secrets ?? []);
    const resolved = this.sessions.resolve(caller.sessionHandle);
    let attributed: { readonly id: string; readonly username: string } | undefined;
    const audit = (outcome: NewAuditEntry['outcome'], errorCode: string | null): NewAuditEntry => ({
      at: this.clock.now().toISOString(),
      operatorId: attributed?.id ?? resolved?.operator.id ?? null,
      operatorUsername: attributed?.username ?? resolved?.operator.username ?? null,
      // A confidential command (sar.*) is recorded under one fixed name, run or refused: the trail
      // must not tell operators outside the SAR roles that a SAR exists.
      command: spec?.confidential ? CONFIDENTIAL_AUDIT_NAME : (name ?? `unknown:${String(command).replace(/[^\w.:-]/g, '?').slice(0, MAX_AUDITED_NAME)}`),
      inputDigest: digest,
      outcome,
      errorCode,
    });
    const failureWrites: ((db: WritableDB) => void)[] = [];
    const settled: { committed?: () => void; rolledBack?: () => void }[] = [];
    const settle = (which: 'committed' | 'rolledBack'): void => {
      for (const hooks of settled) {
        try {
          hooks[which]?.();
        } catch (error) {
          this.logger.error(`${which === 'committed' ? 'after-commit' : 'after-rollback'} work for ${name ?? '(unknown)'} failed`, error);
        }
      }
    };

    try {
      if (!name || !spec) throw new VaultlineError('UNKNOWN_COMMAND', `There is no command named "${String(command).slice(0, MAX_AUDITED_NAME)}".`);
      const handler = this.#handlers.get(name);
      if (!handler) throw new VaultlineError('UNKNOWN_COMMAND', `The command "${name}" is not available in this console.`);

      const parsed = spec.input.safeParse(input);
      if (!parsed.success) {
        const issues = fieldIssues(parsed.error);
        throw new VaultlineError('VALIDATION', `The input is not valid: ${issues.map((i) => `${i.path || '(input)'} ${i.message}`).join('; ')}`, { issues });
      }
      if (spec.needsUnlock && !this.console.isUnlocked) {
        throw new VaultlineError(this.console.dataDir.isInitialized() ? 'LOCKED' : 'NOT_INITIALIZED', this.console.dataDir.isInitialized() ? 'The console is locked; unlock it with the custody token PIN.' : 'The console is not initialised yet; run "vaultline init".');
      }
      if (spec.access !== 'public') {
        if (!resolved) throw new VaultlineError('UNAUTHENTICATED', 'Sign in first: there is no operator session.');
        if (spec.access !== 'session' && !spec.access.roles.some((role) => resolved.operator.roles.includes(role))) {
          throw new VaultlineError('FORBIDDEN', `Your roles do not allow "${name}" (it needs one of: ${spec.access.roles.join(', ')}).`);
        }
      }
      // Quiet polls (console.status) do not count as activity, or an open window would never idle-lock.
      if (resolved && !spec.quiet) this.console.touch();

      const ctx: HandlerContext = {
        caller,
        session: resolved?.session,
        operator: resolved?.operator,
        onFailure: (write) => failureWrites.push(write),
        onSettled: (hooks) => settled.push(hooks),
        attribute: (operator) => {
          attributed = operator;
        },
      };
      const runHandler = async (): Promise<unknown> => {
        const output: unknown = await handler(parsed.data as never, ctx);
        const checked = spec.output.safeParse(output);
        if (!checked.success) {
          throw new VaultlineError('INTERNAL', 'The console produced an invalid answer; the operation was not completed.', {
            detail: `output of ${name} failed its schema: ${JSON.stringify(fieldIssues(checked.error))}`,
          });
        }
        return checked.data;
      };

      let value: unknown;
      if (spec.needsUnlock) {
        const db = this.console.requireDb();
        value = await inTransaction(db, async () => {
          const out = await runHandler();
          if (!spec.quiet) appendAudit(db, audit('ok', null));
          return out;
        });
      } else {
        value = await runHandler();
        if (!spec.quiet) this.console.recordAudit(audit('ok', null));
      }
      settle('committed');
      const committed = this.console.db;
      if (committed && !spec.quiet) {
        for (const listener of this.#afterCommit) {
          try {
            listener(committed);
          } catch (error) {
            this.logger.error(`after-commit work for ${name} failed`, error);
          }
        }
      }
      return { ok: true, value };
    } catch (error) {
      settle('rolledBack');
      const wire: WireError = toWireError(error);
      if (!(error instanceof VaultlineError) || FAULTS.has(wire.code)) {
        this.logger.error(`command ${name ?? '(unknown)'} failed`, error instanceof VaultlineError ? `${error.code}: ${error.detail ?? error.message}` : error);
      }
      this.recordFailure(audit(FAULTS.has(wire.code) ? 'error' : 'refused', wire.code), failureWrites);
      return { ok: false, error: wire };
    }
  }

  private recordFailure(entry: NewAuditEntry, writes: readonly ((db: WritableDB) => void)[]): void {
    try {
      const db = this.console.db;
      if (db) {
        db.sqlite
          .transaction(() => {
            for (const write of writes) write(db);
            appendAudit(db, entry);
          })
          .immediate();
      } else {
        this.console.recordAudit(entry);
      }
    } catch (error) {
      this.logger.error('could not record a refused command in the audit trail', error);
    }
  }
}
