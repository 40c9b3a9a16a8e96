import type { z } from 'zod';
import type { CommandSpec } from './define';
import { consoleInit, consoleLock, consoleStatus, consoleUnlock } from './console.commands';
import { sessionChangePassphrase, sessionLogin, sessionLogout, sessionWhoami } from './session.commands';
import { operatorsCreate, operatorsList, operatorsResetPassphrase, operatorsUpdate } from './operators.commands';
import { auditCheckpoint, auditCheckpointsList, auditList, auditVerify } from './audit.commands';
import { systemPing } from './system.commands';
import * as ledger from './ledger.commands';
import * as vault from './vault.commands';
import * as bundles from './bundles.commands';
import * as evidence from './evidence.commands';
import * as custody from './custody.commands';
import * as kyc from './kyc.commands';
import * as kycScreening from './kyc-screening.commands';
import * as monitoring from './monitoring.commands';

/** The one catalogue of commands. Hosts, the CLI and the renderer all refer to it by name. */
export const commands = {
  'console.status': consoleStatus,
  'console.init': consoleInit,
  'console.unlock': consoleUnlock,
  'console.lock': consoleLock,
  'session.login': sessionLogin,
  'session.logout': sessionLogout,
  'session.whoami': sessionWhoami,
  'session.changePassphrase': sessionChangePassphrase,
  'operators.list': operatorsList,
  'operators.create': operatorsCreate,
  'operators.update': operatorsUpdate,
  'operators.resetPassphrase': operatorsResetPassphrase,
  'audit.list': auditList,
  'audit.verify': auditVerify,
  'audit.checkpoint': auditCheckpoint,
  'audit.checkpoints.list': auditCheckpointsList,
  'system.ping': systemPing,
  'ledger.assets.list': ledger.ledgerAssetsList,
  'ledger.assets.setPolicy': ledger.ledgerAssetsSetPolicy,
  'ledger.accounts.list': ledger.ledgerAccountsList,
  'ledger.accounts.get': ledger.ledgerAccountsGet,
  'ledger.entries.list': ledger.ledgerEntriesList,
  'ledger.entries.get': ledger.ledgerEntriesGet,
  'ledger.deposits.record': ledger.ledgerDepositsRecord,
  'ledger.deposits.reorg': ledger.ledgerDepositsReorg,
  'ledger.deposits.list': ledger.ledgerDepositsList,
  'ledger.holds.place': ledger.ledgerHoldsPlace,
  'ledger.holds.settle': ledger.ledgerHoldsSettle,
  'ledger.holds.release': ledger.ledgerHoldsRelease,
  'ledger.holds.expire': ledger.ledgerHoldsExpire,
  'ledger.holds.list': ledger.ledgerHoldsList,
  'ledger.transfers.internal': ledger.ledgerTransfersInternal,
  'ledger.fees.post': ledger.ledgerFeesPost,
  'ledger.transfers.counterparty': ledger.ledgerTransfersCounterparty,
  'ledger.trades.import': ledger.ledgerTradesImport,
  'ledger.statement': ledger.ledgerStatement,
  'ledger.statement.csv': ledger.ledgerStatementCsv,
  'reconciliation.snapshots.import': ledger.reconSnapshotsImport,
  'reconciliation.exceptions.list': ledger.reconExceptionsList,
  'reconciliation.exceptions.get': ledger.reconExceptionsGet,
  'reconciliation.exceptions.explain': ledger.reconExceptionsExplain,
  'reconciliation.adjustments.propose': ledger.reconAdjustmentsPropose,
  'reconciliation.adjustments.approve': ledger.reconAdjustmentsApprove,
  'reconciliation.adjustments.reject': ledger.reconAdjustmentsReject,
  'vault.records.put': vault.vaultRecordsPut,
  'vault.records.importFile': vault.vaultRecordsImportFile,
  'vault.records.list': vault.vaultRecordsList,
  'vault.records.read': vault.vaultRecordsRead,
  'vault.records.get': vault.vaultRecordsGet,
  'vault.search': vault.vaultSearch,
  'vault.access.list': vault.vaultAccessList,
  'vault.legalHold.set': vault.vaultLegalHold,
  'vault.relationship.end': vault.vaultRelationshipEnd,
  'vault.retention.sweep': vault.vaultRetentionSweep,
  'integrity.alerts.list': vault.integrityAlertsList,
  'integrity.alerts.acknowledge': vault.integrityAlertsAcknowledge,
  'evidence.preview': evidence.evidencePreview,
  'evidence.export': evidence.evidenceExport,
  'evidence.verify': evidence.evidenceVerify,
  'jobs.get': evidence.jobsGet,
  'bundles.identity': bundles.bundlesIdentity,
  'bundles.nodeKey.status': bundles.bundlesNodeKeyStatus,
  'bundles.nodeKey.pin': bundles.bundlesNodeKeyPin,
  'bundles.nodeKey.revoke': bundles.bundlesNodeKeyRevoke,
  'bundles.rotations.approve': bundles.bundlesRotationApprove,
  'bundles.rotations.reject': bundles.bundlesRotationReject,
  'bundles.preview': bundles.bundlesPreview,
  'bundles.import': bundles.bundlesImport,
  'bundles.list': bundles.bundlesList,
  'bundles.get': bundles.bundlesGet,
  'bundles.outbox': bundles.bundlesOutbox,
  'bundles.export': bundles.bundlesExport,
  'bundles.save': bundles.bundlesSave,
  'bundles.file': bundles.bundlesFile,
  'bundles.qr': bundles.bundlesQr,
  'custody.wallets.create': custody.custodyWalletsCreate,
  'custody.wallets.list': custody.custodyWalletsList,
  'custody.addresses.new': custody.custodyAddressesNew,
  'custody.addresses.list': custody.custodyAddressesList,
  'custody.keys.inventory': custody.custodyKeysInventory,
  'custody.utxos.import': custody.custodyUtxosImport,
  'custody.nonces.set': custody.custodyNoncesSet,
  'custody.prices.set': custody.custodyPricesSet,
  'custody.withdrawals.create': custody.custodyWithdrawalsCreate,
  'custody.withdrawals.list': custody.custodyWithdrawalsList,
  'custody.withdrawals.get': custody.custodyWithdrawalsGet,
  'custody.withdrawals.approve': custody.custodyWithdrawalsApprove,
  'custody.withdrawals.reject': custody.custodyWithdrawalsReject,
  'custody.withdrawals.sign': custody.custodyWithdrawalsSign,
  'custody.withdrawals.receipt': custody.custodyWithdrawalsReceipt,
  'custody.withdrawals.expire': custody.custodyWithdrawalsExpire,
  'custody.breaker.set': custody.custodyBreakerSet,
  'custody.breaker.list': custody.custodyBreakerList,
  'custody.allowlist.add': custody.custodyAllowlistAdd,
  'custody.allowlist.list': custody.custodyAllowlistList,
  'custody.policy.get': custody.custodyPolicyGet,
  'custody.policy.list': custody.custodyPolicyList,
  'custody.policy.propose': custody.custodyPolicyPropose,
  'custody.policy.approve': custody.custodyPolicyApprove,
  'kyc.customers.list': kyc.kycCustomersList,
  'kyc.customers.get': kyc.kycCustomersGet,
  'kyc.customers.create': kyc.kycCustomersCreate,
  'kyc.customers.update': kyc.kycCustomersUpdate,
  'kyc.customers.approve': kyc.kycCustomersApprove,
  'kyc.customers.reject': kyc.kycCustomersReject,
  'kyc.customers.requestInformation': kyc.kycCustomersRequestInformation,
  'kyc.customers.status': kyc.kycCustomersStatus,
  'kyc.documents.add': kyc.kycDocumentsAdd,
  'kyc.documents.read': kyc.kycDocumentsRead,
  'kyc.hits.resolve': kyc.kycHitsResolve,
  'kyc.reviews.due': kyc.kycReviewsDue,
  'kyc.lists.list': kycScreening.kycListsList,
  'kyc.lists.import': kycScreening.kycListsImport,
  'kyc.screen.name': kycScreening.kycScreenName,
  'kyc.screen.address': kycScreening.kycScreenAddress,
  'monitoring.rules.list': monitoring.monitoringRulesList,
  'monitoring.rules.get': monitoring.monitoringRulesGet,
  'monitoring.rules.draft': monitoring.monitoringRulesDraft,
  'monitoring.rules.approve': monitoring.monitoringRulesApprove,
  'monitoring.rules.reject': monitoring.monitoringRulesReject,
  'monitoring.backtest.start': monitoring.monitoringBacktestStart,
  'monitoring.alerts.list': monitoring.monitoringAlertsList,
  'monitoring.alerts.groups': monitoring.monitoringAlertsGroups,
  'monitoring.alerts.get': monitoring.monitoringAlertsGet,
  'monitoring.alerts.assign': monitoring.monitoringAlertsAssign,
  'monitoring.alerts.next': monitoring.monitoringAlertsNext,
  'monitoring.alerts.close': monitoring.monitoringAlertsClose,
  'monitoring.suppressions.create': monitoring.monitoringSuppressionsCreate,
  'monitoring.suppressions.list': monitoring.monitoringSuppressionsList,
  'monitoring.suppressions.revoke': monitoring.monitoringSuppressionsRevoke,
} as const satisfies Record<string, CommandSpec>;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
/** What a caller sends (defaults not yet applied). */
export type CommandInput<N extends CommandName> = z.input<Commands[N]['input']>;
/** What a handler receives after validation. */
export type ParsedInput<N extends CommandName> = z.output<Commands[N]['input']>;
export type CommandOutput<N extends CommandName> = z.output<Commands[N]['output']>;

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(commands, name);
}

export type { Access, CommandSpec } from './define';
