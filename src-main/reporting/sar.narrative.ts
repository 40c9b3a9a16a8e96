/**
 * The narrative template: a first draft of the SAR/STR narrative, pre-filled from the report in
 * the order FIUs ask narratives to answer — who, what, when, where, why, how — and the action
 * taken. The analyst edits it; the bracketed prompts mark what only a person can write.
 */
import { formatAmount } from '../../src-shared/money';
import { formatUsdCents, subjectName, type SarReport, type SarSubject, type SarTransaction } from './sar.model';

const DOCUMENT: Record<'passport' | 'national_id' | 'driving_licence' | 'other', string> = {
  passport: 'passport',
  national_id: 'national identity card',
  driving_licence: 'driving licence',
  other: 'identity document',
};

function who(subject: SarSubject): string {
  if (subject.kind === 'person') {
    const d = subject.idDocument;
    return (
      `${subjectName(subject)} (customer ${subject.customerId}), born ${subject.birthDate}, national of ${subject.nationalities.join(', ')}, ` +
      `resident in ${subject.residence}, identified by ${d.type === 'other' ? (d.description ?? DOCUMENT.other) : DOCUMENT[d.type]} ${d.number} issued by ${d.issuingCountry}` +
      (subject.occupation ? `, occupation: ${subject.occupation}` : '') +
      '.'
    );
  }
  const owners = subject.beneficialOwners.map((o) => `${o.firstName} ${o.lastName}${o.ownershipPercent !== undefined ? ` (${o.ownershipPercent} %)` : ''}`).join(', ');
  return (
    `${subject.name} (customer ${subject.customerId}), incorporated in ${subject.incorporationCountry} on ${subject.incorporationDate} under number ` +
    `${subject.incorporationNumber}, business: ${subject.business}; beneficial owners: ${owners}.`
  );
}

function txLine(tx: SarTransaction): string {
  const counterparty = tx.counterpartyVasp ? `${tx.counterpartyVasp.name}${tx.counterpartyVasp.country ? ` (${tx.counterpartyVasp.country})` : ''}` : 'no identified VASP (unhosted or unknown wallet)';
  const [from, to] = tx.direction === 'deposit' ? [tx.counterpartyAddress, tx.ourAddress] : [tx.ourAddress, tx.counterpartyAddress];
  return (
    `- ${tx.at.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')}: ${tx.direction} of ${formatAmount(tx.amountMinor, tx.asset.decimals)} ${tx.asset.symbol} ` +
    `(${formatUsdCents(tx.usdCents)} USD) on ${tx.asset.network}, from ${from} to ${to}; counterparty: ${counterparty}; ` +
    `transaction hash ${tx.txHash}; our reference ${tx.id}.`
  );
}

/** A pre-filled narrative for `report` (its own `narrative` is ignored). */
export function narrativeTemplate(report: SarReport): string {
  const txs = [...report.transactions].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const first = txs[0]!.at.slice(0, 10);
  const last = txs[txs.length - 1]!.at.slice(0, 10);
  const total = txs.reduce((sum, t) => sum + t.usdCents, 0n);
  const deposits = txs.filter((t) => t.direction === 'deposit').length;
  const withdrawals = txs.length - deposits;
  const assets = [...new Set(txs.map((t) => `${t.asset.symbol} on ${t.asset.network}`))].join(', ');
  const vasps = [...new Set(txs.map((t) => t.counterpartyVasp?.name ?? 'unhosted or unidentified wallets'))].join(', ');
  const label = report.kind === 'STR' ? 'suspicious transaction report' : 'suspicious activity report';

  const parts = [
    `WHO. ${report.reportingEntity.name} files this ${label} (case ${report.caseId}) on ${report.subjects.length === 1 ? 'its customer' : 'its customers'}:`,
    ...report.subjects.map((s) => `- ${who(s)}`),
    '',
    `WHAT. ${txs.length} virtual-asset transfer${txs.length === 1 ? '' : 's'} (${deposits} deposit${deposits === 1 ? '' : 's'}, ${withdrawals} withdrawal${withdrawals === 1 ? '' : 's'}) ` +
      `with a total value of ${formatUsdCents(total)} USD at the time of each transfer:`,
    ...txs.map(txLine),
    '',
    `WHEN. From ${first} to ${last}. The activity was detected on ${report.detectionDate} by the firm's transaction monitoring.`,
    '',
    `WHERE. On the firm's custody platform (online; no branch or office involved), on chain: ${assets}. Counterparties: ${vasps}.`,
    '',
    'WHY. The transfers raised the following alerts (rule, version, the conditions that held and the values behind them):',
    ...(report.alerts.length === 0
      ? ['- [Analyst: no monitoring alert is attached; state what made the activity suspicious.]']
      : report.alerts.map(
          (a) =>
            `- ${a.ruleName} (rule ${a.ruleId}, version ${a.ruleVersion}), alert ${a.alertId} raised ${a.raisedAt}` +
            (a.transactionIds.length > 0 ? ` on ${a.transactionIds.join(', ')}` : '') +
            (a.conditions.length > 0 ? `: ${a.conditions.filter((c) => c.held).map((c) => `${c.text} (value: ${c.actual})`).join('; ')}.` : '.'),
        )),
    '[Analyst: explain why this activity is suspicious for this customer: the expected activity on file, the source of funds, and what does not fit.]',
    '',
    "HOW. [Analyst: describe how the funds moved (chain analysis of the counterparty wallets, links between the transfers), the customer's explanation if one was requested, and anything else the FIU should know.]",
    '',
    `ACTION TAKEN. ${report.actionTaken}`,
  ];
  return parts.join('\n');
}
