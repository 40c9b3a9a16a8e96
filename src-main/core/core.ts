/**
 * Composition root: builds the services for one data directory, wires them by hand and registers
 * one handler per command. Hosts (Electron, CLI, browser, tests) get a Core and talk to `bus` only.
 */
import { Bus, type SessionResolver } from '../bus/bus';
import type { ReadableDB, WritableDB } from '../db/database';
import { AuditCheckpointService } from '../services/audit-checkpoint.service';
import { findOperatorById } from '../db/operators.repository';
import { ConsoleService } from '../services/console.service';
import { DataDir, defaultModulePath } from '../services/data-dir';
import { OperatorService, certifiedView, toSessionOperator } from '../services/operators.service';
import { issueCertificate } from '../custody/operator-certificate';
import { getMeta } from '../db/meta.repository';
import type { OperatorRow } from '../db/operators.repository';
import { SessionService } from '../services/sessions.service';
import { systemClock, type Clock } from '../platform/clock';
import { stderrLogger, type Logger } from '../platform/logger';
import { registerConsoleHandlers } from '../handlers/console.handlers';
import { registerSessionHandlers } from '../handlers/session.handlers';
import { registerOperatorHandlers } from '../handlers/operators.handlers';
import { registerAuditHandlers } from '../handlers/audit.handlers';
import { registerSystemHandlers } from '../handlers/system.handlers';
import { registerLedgerHandlers } from '../handlers/ledger.handlers';
import { registerReconciliationHandlers } from '../handlers/reconciliation.handlers';
import { createLedgerModule, type LedgerModule } from '../ledger/ledger.module';
import { createBundlesModule, type BundlesModule } from '../bundles/bundles.module';
import { registerBundleHandlers } from '../handlers/bundles.handlers';
import { registerVaultHandlers } from '../handlers/vault.handlers';
import { registerEvidenceHandlers } from '../handlers/evidence.handlers';
import { CasesService } from '../cases/cases.service';
import { SarService } from '../cases/sar.service';
import { registerCasesHandlers } from '../handlers/cases.handlers';
import { JobService } from '../services/jobs.service';
import { registerCustodyHandlers } from '../handlers/custody.handlers';
import { PolicyService } from '../custody/policy.service';
import { WalletsService } from '../custody/wallets.service';
import { AddressScreening } from '../screening/address-screening';
import { circuitBreakerCheck, destinationCheck, limitsCheck, sanctionsCheck, type Precheck } from '../custody/prechecks';
import { SigningModule } from '../custody/signing.module';
import { HsmChainPort } from '../custody/hsm-chain.port';
import { WithdrawalsService } from '../custody/withdrawals.service';
import { bundleOutbound, registerCustodyItemHandlers } from '../custody/custody.item-handlers';
import { validateAddress, type ChainId } from '../chains';
import { VaultService } from '../vault/vault.service';
import { createKycModule, type KycModuleOptions } from '../kyc/kyc.module';
import type { KycService } from '../kyc/kyc.service';
import { kycGateCheck } from '../kyc/kyc.precheck';
import { activeListDestinations } from '../kyc/destination-screening';
import { RescreenRunner } from '../kyc/rescreen.job';
import { watchBehaviour } from '../kyc/behaviour.hooks';
import { registerKycItemHandlers } from '../kyc/kyc.item-handlers';
import { registerKycHandlers } from '../handlers/kyc.handlers';
import { registerKycScreeningHandlers } from '../handlers/kyc-screening.handlers';
import { MonitoringService } from '../monitoring/monitoring.service';
import { MonitoringLists } from '../monitoring/monitoring.lists';
import { AlertQueue } from '../monitoring/alert-queue';
import { monitorDeposits } from '../monitoring/deposit-monitor';
import { registerMonitoringHandlers } from '../handlers/monitoring.handlers';

export interface CoreOptions {
  readonly dataDir: string;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** PKCS#11 module path for a new console (init); an existing one uses console.json. */
  readonly modulePath?: string;
  /** How often the idle lock is checked; 0 disables the timer (tests call checkIdle). */
  readonly idleCheckMs?: number;
  /** How often overdue withdrawals are expired (default a minute); off with the idle timer (idleCheckMs 0). */
  readonly withdrawalExpiryCheckMs?: number;
  /** The KYC module's name index and list reader (kyc.module.ts chooses them by default). */
  readonly kyc?: KycModuleOptions;
}

export interface Core {
  readonly bus: Bus;
  readonly console: ConsoleService;
  readonly sessions: SessionService;
  readonly ledger: LedgerModule;
  readonly bundles: BundlesModule;
  readonly cases: { readonly cases: CasesService; readonly sars: SarService };
  readonly vault: VaultService;
  readonly jobs: JobService;
  readonly custody: { readonly wallets: WalletsService; readonly withdrawals: WithdrawalsService; readonly policies: PolicyService };
  readonly kyc: KycService;
  readonly monitoring: MonitoringService;
  readonly clock: Clock;
  /** Lock now if idle too long; the timer calls it, tests may too. */
  checkIdle(): boolean;
  /** Expire overdue withdrawals now (between commands); a timer calls it every minute, tests may too. */
  expireOverdueWithdrawals(): Promise<string[]>;
  close(): Promise<void>;
}

export function createCore(options: CoreOptions): Core {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? stderrLogger();
  const dataDir = new DataDir(options.dataDir);
  const consoleService = new ConsoleService(dataDir, clock, options.modulePath);
  const sessions = new SessionService(clock);
  const certifier = (db: WritableDB) => (row: OperatorRow) =>
    issueCertificate(getMeta(db, 'console_id') ?? '', certifiedView(row), clock.now().toISOString(), (message) => consoleService.signWithIdentity(message));
  const operators = new OperatorService(clock, () => consoleService.config?.operatorTokens.modulePath ?? options.modulePath ?? defaultModulePath(), certifier);

  consoleService.onLock((reason) => {
    sessions.endAll();
    if (reason === 'idle') {
      consoleService.recordAudit({ at: clock.now().toISOString(), operatorId: null, operatorUsername: null, command: 'event.idleLock', inputDigest: '0'.repeat(64), outcome: 'ok', errorCode: null });
    }
  });

  const resolver: SessionResolver = {
    resolve(handle) {
      const db = consoleService.db;
      const session = sessions.get(handle);
      if (!db || !session) return undefined;
      const row = findOperatorById(db, session.operatorId);
      if (!row || row.status !== 'active' || row.lockedOut) {
        sessions.end(session.handle);
        return undefined;
      }
      return { session, operator: toSessionOperator(row) };
    },
  };

  const bus = new Bus(consoleService, resolver, clock, logger);
  registerConsoleHandlers(bus, consoleService, operators, clock);
  registerSessionHandlers(bus, consoleService, operators, sessions);
  registerOperatorHandlers(bus, consoleService, operators, sessions);
  const checkpoints = new AuditCheckpointService(clock, consoleService);
  registerAuditHandlers(bus, consoleService, clock, checkpoints);
  const checkpointIfDue = (db: WritableDB): void => {
    if (checkpoints.due(db)) db.sqlite.transaction(() => checkpoints.create(db)).immediate();
  };
  bus.afterCommit(checkpointIfDue);
  // Whatever was written since the last checkpoint is signed before the database closes.
  consoleService.beforeLock((db) => db.sqlite.transaction(() => checkpoints.create(db)).immediate());
  registerSystemHandlers(bus);
  const ledger = createLedgerModule(clock);
  registerLedgerHandlers(bus, consoleService, ledger, clock);
  registerReconciliationHandlers(bus, consoleService, ledger);
  const bundles = createBundlesModule(clock, consoleService, ledger);
  registerBundleHandlers(bus, consoleService, bundles);
  const vault = new VaultService(clock, consoleService);
  registerVaultHandlers(bus, consoleService, vault, clock);
  const jobs = new JobService(clock, logger);
  const operatorModulePath = () => consoleService.config?.operatorTokens.modulePath ?? options.modulePath ?? defaultModulePath();
  const policies = new PolicyService(clock, consoleService, operatorModulePath);
  const outbound = bundleOutbound(bundles.outbox, () => clock.now().toISOString());
  const wallets = new WalletsService(clock, consoleService, outbound);
  const screening = new AddressScreening();
  const kyc = createKycModule(clock, vault, options.kyc);
  registerKycItemHandlers(bundles.handlers, kyc, clock);
  registerKycHandlers(bus, consoleService, kyc, clock);
  const rescreens = new RescreenRunner(kyc, jobs, bus, () => consoleService.requireDb(), clock, options.kyc?.rescreenSlice);
  // A list import queues a re-screen of everyone; it runs as a job once the command has committed
  // (and resumes after a restart at the first command after unlock).
  bus.afterCommit((db) => void rescreens.ensure(db, 'system'));
  registerKycScreeningHandlers(bus, consoleService, kyc, rescreens, clock);
  watchBehaviour(kyc, ledger.deposits, bus);
  const monitoring = new MonitoringService(clock, new MonitoringLists(kyc, screening));
  ledger.deposits.onNewDeposit(monitorDeposits(monitoring));
  bus.afterCommit((db) => monitoring.committed(db));
  const prechecks: Precheck[] = [destinationCheck((chain, network, address) => {
    const check = validateAddress(chain as ChainId, network, address);
    return check.ok ? undefined : check.message;
  }), sanctionsCheck(activeListDestinations(kyc.screening, screening)), kycGateCheck(kyc), circuitBreakerCheck, limitsCheck, monitoring.precheck()];
  const signing = new SigningModule(clock, consoleService, policies, new HsmChainPort(clock, wallets));
  const kycGate = (db: ReadableDB, customerId: string, now: Date): string | undefined => {
    const gate = kyc.gate(db, customerId, now);
    return gate.withdrawalsAllowed ? undefined : gate.detail;
  };
  const customerGate = (db: ReadableDB, customerId: string, now: Date): string | undefined => kycGate(db, customerId, now) ?? monitoring.withdrawalGate(db, customerId);
  const withdrawals = new WithdrawalsService(clock, consoleService, ledger, policies, prechecks, signing, operatorModulePath, outbound, customerGate);
  registerCustodyItemHandlers(bundles.handlers, withdrawals, ledger);
  registerCustodyHandlers(bus, consoleService, { wallets, withdrawals, policies }, clock);
  // Overdue withdrawals expire without the button (holds released, each audited): once after every
  // unlock (at its commit), and on a timer between commands.
  let expirySwept = false;
  consoleService.onLock(() => {
    expirySwept = false;
  });
  bus.afterCommit((db) => {
    if (expirySwept) return;
    expirySwept = true;
    withdrawals.expireOverdue(db);
  });
  const expireOverdueWithdrawals = (): Promise<string[]> => bus.exclusive(() => (consoleService.db ? withdrawals.expireOverdue(consoleService.db) : []));
  registerEvidenceHandlers(bus, consoleService, vault, checkpoints, jobs, clock);
  const cases = new CasesService(clock, vault);
  const sars = new SarService(clock, cases, kyc, vault, bundles.outbox, consoleService, operatorModulePath);
  registerCasesHandlers(bus, consoleService, cases, sars);
  registerMonitoringHandlers(bus, consoleService, monitoring, new AlertQueue(clock, monitoring.lists), jobs, clock);
  const missing = bus.missingHandlers();
  if (missing.length > 0) throw new Error(`commands without a handler: ${missing.join(', ')}`);

  const checkIdle = (): boolean => consoleService.lockIfIdle();
  const timer = options.idleCheckMs === 0 ? undefined : setInterval(checkIdle, options.idleCheckMs ?? 5_000);
  timer?.unref();
  const expiryTimer =
    options.idleCheckMs === 0
      ? undefined
      : setInterval(() => {
          expireOverdueWithdrawals().catch((error: unknown) => logger.error('expiring overdue withdrawals failed', error));
        }, options.withdrawalExpiryCheckMs ?? 60_000);
  expiryTimer?.unref();

  return {
    bus,
    console: consoleService,
    sessions,
    ledger,
    bundles,
    cases: { cases, sars },
    vault,
    jobs,
    custody: { wallets, withdrawals, policies },
    kyc,
    monitoring,
    clock,
    checkIdle,
    expireOverdueWithdrawals,
    async close() {
      if (timer) clearInterval(timer);
      if (expiryTimer) clearInterval(expiryTimer);
      await bus.close();
      consoleService.lock('shutdown');
    },
  };
}
