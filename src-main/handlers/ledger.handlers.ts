import { VaultlineError } from '../errors';
import type { Bus, HandlerContext } from '../bus/bus';
import type { ConsoleService } from '../services/console.service';
import type { Clock } from '../platform/clock';
import type { ReadableDB } from '../db/database';
import {
  getAccount,
  getAsset,
  listAccountsWithBalances,
  listAssets,
  listEntries,
  findEntryById,
  postingsOfEntries,
  reversalOf,
  getEntry,
  balanceAsOf,
  updateAssetPolicy,
  readBalance,
  type AccountRow,
  type AssetRow,
  type EntryRow,
} from '../db/ledger.repository';
import { findHoldByReference, listDeposits, listHolds, type DepositRow, type HoldRow } from '../db/reconciliation.repository';
import { WITHDRAWAL } from '../ledger/holds.service';
import type { LedgerModule } from '../ledger/ledger.module';
import { statement, statementCsv } from '../ledger/statement';
import { AmountError, parseAmount } from '../../src-shared/money';
import { actor } from './session.handlers';

/** Decimal text → minor units of this asset; too much precision is a validation error on `path`. */
export function amountOf(db: ReadableDB, assetId: string, text: string, path: string): bigint {
  const asset = getAsset(db, assetId);
  if (!asset) throw new VaultlineError('NOT_FOUND', `Unknown asset "${assetId}".`, { issues: [{ path: 'assetId', message: `unknown asset ${assetId}` }] });
  return parseWithAsset(asset, text, path);
}

function parseWithAsset(asset: AssetRow, text: string, path: string): bigint {
  const negative = text.startsWith('-');
  try {
    const value = parseAmount(negative ? text.slice(1) : text, asset.decimals, path);
    return negative ? -value : value;
  } catch (error) {
    if (error instanceof AmountError) throw new VaultlineError('VALIDATION', `${error.message} (${asset.id}).`, { issues: [{ path, message: error.message }] });
    throw error;
  }
}

const by = (ctx: HandlerContext): string => `operator:${actor(ctx).username}`;

export function assetView(a: AssetRow) {
  return { id: a.id, chain: a.chain, network: a.network, symbol: a.symbol, name: a.name, decimals: a.decimals, finality: a.finality, confirmations: a.confirmations };
}

function accountView(a: AccountRow & { balance: string; held: string; lastEntrySeq: number | null }) {
  const total = BigInt(a.balance);
  const held = BigInt(a.held);
  return { id: a.id, code: a.code, kind: a.kind, assetId: a.assetId, customerId: a.customerId, label: a.label, normal: a.normal, total: a.balance, held: a.held, available: (total - held).toString(), lastEntrySeq: a.lastEntrySeq };
}

function entryViews(db: ReadableDB, entries: readonly EntryRow[]) {
  const postings = postingsOfEntries(db, entries.map((e) => e.seq));
  const codes = new Map<string, string>();
  const code = (id: string): string => {
    let c = codes.get(id);
    if (!c) {
      c = getAccount(db, id)?.code ?? id;
      codes.set(id, c);
    }
    return c;
  };
  return entries.map((e) => ({
    seq: e.seq,
    id: e.id,
    type: e.type,
    description: e.description,
    postedAt: e.postedAt,
    createdBy: e.createdBy,
    idempotencyKey: e.idempotencyKey,
    sourceType: e.sourceType,
    sourceRef: e.sourceRef,
    reversesSeq: e.reversesSeq,
    postings: postings
      .filter((p) => p.entrySeq === e.seq)
      .map((p) => ({ accountId: p.accountId, accountCode: code(p.accountId), assetId: p.assetId, amount: p.amount, balanceAfter: p.balanceAfter })),
  }));
}

function depositView(d: DepositRow) {
  return { id: d.id, assetId: d.assetId, txid: d.txid, outputIndex: d.outputIndex, address: d.address, customerId: d.customerId, amount: d.amount, confirmations: d.confirmations, finalized: d.finalized, status: d.status, firstSeenAt: d.firstSeenAt };
}

function holdView(h: HoldRow) {
  return { id: h.id, accountId: h.accountId, assetId: h.assetId, amount: h.amount, feeCap: h.feeCap, withdrawalId: h.referenceId, status: h.status, reason: h.reason, createdAt: h.createdAt, expiresAt: h.expiresAt };
}

export function registerLedgerHandlers(bus: Bus, console: ConsoleService, m: LedgerModule, clock: Clock): void {
  const db = () => console.requireDb();

  bus.register('ledger.assets.list', () => ({ assets: listAssets(db()).map(assetView) }));

  bus.register('ledger.assets.setPolicy', (input) => {
    m.accounts.requireAsset(db(), input.assetId);
    updateAssetPolicy(db(), input.assetId, input.finality, input.confirmations ?? null, clock.now().toISOString());
    return { asset: assetView(getAsset(db(), input.assetId)!) };
  });

  bus.register('ledger.accounts.list', (input) => {
    const { limit, ...filter } = input;
    return { accounts: listAccountsWithBalances(db(), filter, limit).map(accountView) };
  });

  bus.register('ledger.accounts.get', (input) => {
    const account = getAccount(db(), input.accountId);
    if (!account) throw new VaultlineError('NOT_FOUND', `Unknown account ${input.accountId}.`);
    const { balance, held, lastEntrySeq } = readBalance(db(), account.id);
    return {
      account: accountView({ ...account, balance: balance.toString(), held: held.toString(), lastEntrySeq }),
      asOf: input.asOf ? { at: input.asOf, total: balanceAsOf(db(), account.id, input.asOf).toString() } : null,
    };
  });

  bus.register('ledger.entries.list', (input) => {
    const { limit, ...filter } = input;
    return { entries: entryViews(db(), listEntries(db(), filter, limit)) };
  });

  bus.register('ledger.entries.get', (input) => {
    const entry = findEntryById(db(), input.entryId);
    if (!entry) throw new VaultlineError('NOT_FOUND', `No entry ${input.entryId}.`);
    const reverses = entry.reversesSeq !== null ? getEntry(db(), entry.reversesSeq) : undefined;
    const reversedBy = reversalOf(db(), entry.seq);
    return {
      entry: entryViews(db(), [entry])[0]!,
      reverses: reverses ? { id: reverses.id, seq: reverses.seq } : null,
      reversedBy: reversedBy ? { id: reversedBy.id, seq: reversedBy.seq } : null,
    };
  });

  bus.register('ledger.deposits.record', (input, ctx) => {
    const deposit = m.deposits.record(
      db(),
      {
        assetId: input.assetId,
        txid: input.txid,
        outputIndex: input.outputIndex,
        address: input.address,
        customerId: input.customerId,
        amount: amountOf(db(), input.assetId, input.amount, 'amount'),
        confirmations: input.confirmations,
        finalized: input.finalized,
        blockHeight: input.blockHeight ?? null,
        sender: input.sender,
        seenAt: input.seenAt,
      },
      by(ctx),
    );
    return { deposit: depositView(deposit) };
  });

  bus.register('ledger.deposits.reorg', (input, ctx) => {
    const { deposit, shortfall } = m.deposits.reorg(db(), input.assetId, input.txid, input.outputIndex, input.reason, by(ctx));
    return { deposit: depositView(deposit), shortfall: shortfall.toString() };
  });

  bus.register('ledger.deposits.list', (input) => ({ deposits: listDeposits(db(), input.status, input.limit).map(depositView) }));

  bus.register('ledger.holds.place', (input) => {
    const hold = m.holds.place(db(), {
      withdrawalId: input.withdrawalId,
      customerId: input.customerId,
      assetId: input.assetId,
      amount: amountOf(db(), input.assetId, input.amount, 'amount'),
      feeCap: amountOf(db(), input.assetId, input.feeCap, 'feeCap'),
      expiresAt: input.expiresAt,
    });
    return { hold: holdView(hold) };
  });

  bus.register('ledger.holds.settle', (input, ctx) => {
    const assetId = findHoldByReference(db(), WITHDRAWAL, input.withdrawalId)?.assetId;
    if (!assetId) throw new VaultlineError('NOT_FOUND', `No hold for withdrawal ${input.withdrawalId}.`);
    const { hold, entry } = m.holds.settle(
      db(),
      {
        withdrawalId: input.withdrawalId,
        txid: input.txid,
        amount: amountOf(db(), assetId, input.amount, 'amount'),
        networkFee: amountOf(db(), assetId, input.networkFee, 'networkFee'),
        feePaidBy: input.feePaidBy,
      },
      by(ctx),
    );
    return { hold: holdView(hold), entryId: entry.id };
  });

  bus.register('ledger.holds.release', (input) => ({ hold: holdView(m.holds.release(db(), input.withdrawalId, input.reason)) }));

  bus.register('ledger.holds.expire', () => ({ expired: m.holds.expireDue(db()).map(holdView) }));

  bus.register('ledger.holds.list', (input) => ({ holds: listHolds(db(), input.status, input.limit).map(holdView) }));

  bus.register('ledger.transfers.internal', (input, ctx) => {
    const entry = m.movements.internalTransfer(
      db(),
      {
        assetId: input.assetId,
        from: input.from,
        to: input.to,
        amount: amountOf(db(), input.assetId, input.amount, 'amount'),
        networkFee: amountOf(db(), input.assetId, input.networkFee, 'networkFee'),
        txid: input.txid,
        idempotencyKey: input.idempotencyKey,
      },
      by(ctx),
    );
    return { entryId: entry.id, replayed: entry.replayed };
  });

  bus.register('ledger.transfers.counterparty', (input, ctx) => {
    const entry = m.movements.counterpartySettlement(
      db(),
      {
        counterparty: input.counterparty,
        assetId: input.assetId,
        direction: input.direction,
        amount: amountOf(db(), input.assetId, input.amount, 'amount'),
        networkFee: amountOf(db(), input.assetId, input.networkFee, 'networkFee'),
        wallet: input.wallet,
        txid: input.txid,
        idempotencyKey: input.idempotencyKey,
      },
      by(ctx),
    );
    return { entryId: entry.id, replayed: entry.replayed };
  });

  bus.register('ledger.fees.post', (input, ctx) => {
    const entry = m.movements.fee(
      db(),
      { customerId: input.customerId, assetId: input.assetId, amount: amountOf(db(), input.assetId, input.amount, 'amount'), description: input.description, idempotencyKey: input.idempotencyKey },
      by(ctx),
    );
    return { entryId: entry.id, replayed: entry.replayed };
  });

  bus.register('ledger.trades.import', (input, ctx) => {
    const trades = input.settlements.map((s, i) => ({
      idempotencyKey: s.idempotencyKey,
      tradeId: s.tradeId,
      customerId: s.customerId,
      counterparty: s.counterparty,
      legs: s.legs.map((leg, j) => ({ assetId: leg.assetId, side: leg.side, amount: amountOf(db(), leg.assetId, leg.amount, `settlements.${i}.legs.${j}.amount`) })),
      fee: s.fee ? { assetId: s.fee.assetId, amount: amountOf(db(), s.fee.assetId, s.fee.amount, `settlements.${i}.fee.amount`) } : undefined,
    }));
    const posted = m.movements.importTrades(db(), trades, by(ctx));
    return { posted: posted.filter((p) => !p.replayed).length, replayed: posted.filter((p) => p.replayed).length, entryIds: posted.map((p) => p.id) };
  });

  bus.register('ledger.statement', (input) => {
    const { limit, ...query } = input;
    return statement(db(), query, limit);
  });

  bus.register('ledger.statement.csv', (input) => {
    const { csv, lines } = statementCsv(db(), input);
    const period = `${input.from?.slice(0, 10) ?? 'start'}_${input.to?.slice(0, 10) ?? clock.now().toISOString().slice(0, 10)}`;
    return { fileName: `statement_${input.customerId}${input.assetId ? `_${input.assetId}` : ''}_${period}.csv`, csv, lines };
  });
}
