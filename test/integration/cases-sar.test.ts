/**
 * Cases and SAR/STR filing on a real console (SoftHSM2 tokens, encrypted database): deposits judged
 * by the default rules raise alerts; a case gathers them, takes notes and a vault attachment, and
 * moves through its workflow one step at a time; a STR drafted from the case (subject from the KYC
 * file, transactions and evidence from the alerts) is completed, approved by a compliance officer
 * who did not draft or edit it — their own token signs the approval, re-verified before every
 * export and the filing, and carried in the filed bundle item with their certificate — exported as goAML XML that validates against the FIU's XSD, as
 * FinCEN SAR XML and as PDF — each export sealed in the vault — and filed into the next outbound
 * bundle, which the online node reads back. Custody officers and auditors never learn the SAR
 * exists; closing takes a second person; the filing deadline counts down from detection.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../src-main/core/core';
import type { CallerContext } from '../../src-main/bus/bus';
import { ManualClock } from '../../src-main/platform/clock';
import type { OnlineNode } from '../../src-main/online-node/online-node';
import { validateAgainstXsd } from '../../src-main/reporting/goaml.schema';
import { UAE_GOAML_5_0_2 } from '../../src-main/reporting/goaml.profile';
import { child, children, parseXml, textOf } from '../../src-main/reporting/xml-tree.fixture';
import { call, ok, removeDataDir, unlockAndLogin } from '../helpers/dev-data';
import { passphraseOf, staffedConsole } from '../helpers/operators';
import { individual, onboard, tinyPdf } from '../helpers/kyc';
import { REPORTING_ENTITY } from '../helpers/reporting';
import { makeNode, pinNode, sendEncryptionKey } from '../helpers/online-node';
import { exportEvidence, unzip as unzipEvidence } from '../helpers/evidence';
import type { IndexLine } from '../../src-shared/bundles/bundle-format';
import { getMeta } from '../../src-main/db/meta.repository';
import { findOperatorById } from '../../src-main/db/operators.repository';
import { verifyApprovalSignature } from '../../src-main/custody/approval';
import { verifyApprovalPackage } from '../../src-main/cases/sar-approval';

const DAY = 86_400_000;
const tx = (n: number): string => n.toString(16).padStart(64, '0');
const SENDER = 'bc1q9h7garjdlqw8xlh6l5c8q3dfd0lqp2t0d6xkpr';
const WRONG_PIN = 'omar-pin-9';

const FINCEN = {
  transmitter: {
    name: 'Vaultline Custody US LLC',
    tin: '12-3456789',
    tcc: 'PBSA1234',
    address: { street: '100 Pine Street, Suite 1200', city: 'San Francisco', state: 'CA', zip: '94111' },
    phone: '(415) 555-0100',
    contactName: 'Olga Petrenko',
  },
  filingInstitution: { tin: '123456789', address: { street: '100 Pine Street, Suite 1200', city: 'San Francisco', state: 'CA', zip: '94111' } },
  contactOffice: { name: 'BSA/AML Compliance Office', phone: '4155550101' },
};

describe('cases and SAR/STR filing', () => {
  let dir: string;
  let work: string;
  let core: Core;
  let clock: ManualClock;
  let node: OnlineNode;
  const who: Record<string, CallerContext> = {};
  const pins: Record<string, string> = {};
  const as = (name: string) => who[name]!;
  const travel = async (to: number) => {
    clock.set(new Date(to));
    for (const name of Object.keys(pins)) who[name] = await unlockAndLogin(core, { username: name, passphrase: passphraseOf(name), tokenPin: pins[name]! });
  };
  let alertIds: number[] = [];
  let detectedAt: string;
  let caseId: string;
  let sarId: string;
  let goamlSha256: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'vl-cases-'));
    clock = new ManualClock('2026-05-04T09:00:00.000Z');
    const staffed = await staffedConsole('Cases test', [
      ['anna', ['compliance_analyst']],
      ['olga', ['compliance_officer']],
      ['omar', ['compliance_officer']],
      ['carl', ['custody_officer']],
      ['aud', ['auditor']],
    ], { clock });
    ({ dir, core } = staffed);
    Object.assign(who, staffed.who);
    Object.assign(pins, staffed.pins);
    const admin = staffed.admin;
    node = await makeNode(core, as('carl'), join(work, 'node'), 'node-1', clock);
    await pinNode(core, admin, node);
    await sendEncryptionKey(core, as('carl'), node, join(work, 'node-out')); // filed reports are sealed to it
    await onboard(core, as('olga'), 'C-1', individual());
    await ok(core, 'custody.prices.set', { assetId: 'BTC', usdPerUnit: '60000', asOf: clock.now().toISOString(), source: 'test feed' }, as('carl'));
    const wallet = await ok(core, 'custody.wallets.create', { assetId: 'BTC', role: 'hot', scheme: 'hsm', label: 'BTC hot' }, as('carl'));
    const address = (await ok(core, 'custody.addresses.new', { walletId: wallet.wallet.id, count: 1, customerId: 'C-1' }, as('carl'))).addresses[0]!.address;
    // Three deposits of 0.25 BTC (15 000 USD each): the default rules' high-value rule fires on each.
    for (const n of [1, 2, 3]) {
      clock.advance(60_000);
      await ok(core, 'ledger.deposits.record', { assetId: 'BTC', txid: tx(n), outputIndex: 0, address, customerId: 'C-1', amount: '0.25', confirmations: 6, sender: { address: SENDER, country: 'SC' } }, as('carl'));
    }
    const alerts = await ok(core, 'monitoring.alerts.list', { limit: 100, sort: { by: 'raisedAt', dir: 'asc' } }, as('anna'));
    alertIds = alerts.rows.filter((a) => a.ruleId === 'high-value').map((a) => a.id);
    expect(alertIds).toHaveLength(3);
    detectedAt = alerts.rows.find((a) => a.id === alertIds[0])!.raisedAt;
  });
  afterAll(async () => {
    await core?.close();
    removeDataDir(dir);
    rmSync(work, { recursive: true, force: true });
  });

  it('opens a case from alerts; unknown alerts and alerts already in a case are refused with nothing changed', async () => {
    const unknown = await call(core, 'cases.create', { alertIds: [alertIds[0]!, 999_999], title: 'High-value deposits C-1' }, as('anna'));
    expect(unknown.ok || unknown.error).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'alertIds.1', message: 'there is no alert 999999' }] });
    expect((await ok(core, 'cases.list', { limit: 10 }, as('anna'))).total).toBe(0);

    const opened = (await ok(core, 'cases.create', { alertIds: alertIds.slice(0, 2), title: 'High-value deposits C-1' }, as('anna'))).case;
    caseId = opened.id;
    expect(opened).toMatchObject({ id: 'CASE-000001', status: 'open', customerIds: ['C-1'], alertCount: 2, detectedAt, daysLeft: 30, overdue: false, decision: null, hasSar: false, openedBy: 'anna' });
    expect(opened.sarDueAt).toBe(new Date(Date.parse(detectedAt) + 30 * DAY).toISOString());

    const taken = await call(core, 'cases.create', { alertIds: [alertIds[2]!, alertIds[1]!], title: 'Second look' }, as('olga'));
    expect(taken.ok || taken.error).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'alertIds.1', message: `alert ${alertIds[1]} is already in case ${caseId}` }] });
    const rows = (await ok(core, 'monitoring.alerts.list', { limit: 100 }, as('anna'))).rows;
    expect(rows.filter((a) => alertIds.includes(a.id)).map((a) => [a.id, a.caseId])).toEqual(
      expect.arrayContaining([
        [alertIds[0], caseId],
        [alertIds[1], caseId],
        [alertIds[2], null],
      ]),
    );
    expect((await ok(core, 'cases.list', { limit: 10 }, as('anna'))).total).toBe(1);

    // A case goes only to someone who may see it.
    const carl = (await ok(core, 'session.whoami', {}, as('carl'))).operator.id;
    const olga = (await ok(core, 'session.whoami', {}, as('olga'))).operator.id;
    const outsider = await call(core, 'cases.assign', { id: caseId, assignee: carl }, as('anna'));
    expect(outsider.ok || outsider.error).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'assignee', message: 'not a compliance operator' }] });
    expect((await ok(core, 'cases.assign', { id: caseId, assignee: olga }, as('anna'))).case.assignee).toBe(olga);
    expect((await ok(core, 'cases.list', { limit: 10, filter: { assignee: 'me' } }, as('olga'))).rows.map((r) => r.id)).toEqual([caseId]);
  });

  it('keeps notes and vault attachments; an oversize or mislabelled file is refused', async () => {
    await ok(core, 'cases.note', { id: caseId, text: 'Customer declared salary income of 5 000 USD a month; 45 000 USD in ten minutes does not fit.' }, as('anna'));
    const pdf = tinyPdf('chain analysis report');
    const attached = (await ok(core, 'cases.attach', { id: caseId, fileName: 'chain-analysis.pdf', mediaType: 'application/pdf', contentBase64: pdf.toString('base64') }, as('anna'))).attachment;
    expect(attached).toMatchObject({ fileName: 'chain-analysis.pdf', size: pdf.length, sha256: createHash('sha256').update(pdf).digest('hex'), by: 'anna' });
    const read = await ok(core, 'cases.attachment.get', { id: caseId, attachmentId: attached.id }, as('olga'));
    expect(Buffer.from(read.contentBase64, 'base64').equals(pdf)).toBe(true);

    const big = Buffer.alloc(25 * 1024 * 1024 + 1, 0x20);
    tinyPdf().copy(big);
    const oversize = await call(core, 'cases.attach', { id: caseId, fileName: 'huge.pdf', mediaType: 'application/pdf', contentBase64: big.toString('base64') }, as('anna'));
    expect(oversize.ok || oversize.error).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'contentBase64', message: 'exceeds 25 MB' }] });
    const renamed = await call(core, 'cases.attach', { id: caseId, fileName: 'not-a.pdf', mediaType: 'application/pdf', contentBase64: Buffer.from('<html>hello</html>').toString('base64') }, as('anna'));
    expect(renamed.ok || renamed.error).toMatchObject({ code: 'VALIDATION' });

    const detail = await ok(core, 'cases.get', { id: caseId }, as('anna'));
    expect(detail.notes).toHaveLength(1);
    expect(detail.attachments.map((a) => a.fileName)).toEqual(['chain-analysis.pdf']);
    expect(detail.alerts.map((a) => a.id)).toEqual(alertIds.slice(0, 2));
    // The attachment is a vault record only compliance sees.
    const records = (await ok(core, 'vault.records.list', { subjectType: 'case', subjectId: caseId }, as('olga'))).records;
    expect(records.map((r) => [r.type, r.title])).toEqual([['sar', 'chain-analysis.pdf']]);
    expect((await ok(core, 'vault.records.list', { subjectType: 'case', subjectId: caseId }, as('carl'))).records).toEqual([]);
  });

  it('moves one step at a time and records the decision', async () => {
    const skip = await call(core, 'cases.transition', { id: caseId, to: 'escalated', reason: 'straight to the MLRO please' }, as('anna'));
    expect(skip.ok || skip.error).toMatchObject({ code: 'CONFLICT' });
    expect((await ok(core, 'cases.transition', { id: caseId, to: 'investigating', reason: 'reviewing the deposits and the KYC file' }, as('anna'))).case.status).toBe('investigating');
    const noDecision = await call(core, 'cases.transition', { id: caseId, to: 'decision', reason: 'enough seen to decide' }, as('anna'));
    expect(noDecision.ok || noDecision.error).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'decision' }] });
    await ok(core, 'cases.transition', { id: caseId, to: 'escalated', reason: 'activity does not fit the declared income' }, as('anna'));
    const back = await call(core, 'cases.transition', { id: caseId, to: 'investigating', reason: 'going back to look again' }, as('anna'));
    expect(back.ok || back.error).toMatchObject({ code: 'CONFLICT' });
    const decided = (await ok(core, 'cases.transition', { id: caseId, to: 'decision', decision: 'sar', reason: 'Unexplained high-value deposits from an unhosted wallet: file an STR.' }, as('anna'))).case;
    expect(decided).toMatchObject({ status: 'decision', decision: 'sar', daysLeft: 30 });
    const detail = await ok(core, 'cases.get', { id: caseId }, as('olga'));
    expect(detail.case).toMatchObject({ decidedBy: 'anna', decisionRationale: 'Unexplained high-value deposits from an unhosted wallet: file an STR.' });
    expect(detail.history.map((h) => h.action)).toEqual(['opened', 'assigned', 'note', 'attachment', 'investigating', 'escalated', 'decision']);
  });

  it('drafts a STR prefilled from the KYC file, the alerts and the narrative template', async () => {
    const { sar } = await ok(core, 'sar.draft', { caseId, kind: 'STR' }, as('anna'));
    sarId = sar.id;
    expect(sar).toMatchObject({ id: 'SAR-000001', caseId, kind: 'STR', state: 'draft', draftedBy: 'anna', approvedSha256: null });
    const draft = sar.draft as { subjects: Record<string, unknown>[]; transactions: Record<string, unknown>[]; alerts: { ruleId: string; ruleVersion: number; conditions: { held: boolean; actual: string }[] }[]; narrative: string; detectionDate: string };
    expect(draft.subjects).toEqual([
      expect.objectContaining({ kind: 'person', customerId: 'C-1', firstName: 'Maren', lastName: 'Lindqvist', birthDate: '1984-05-17', nationalities: ['SE'], residence: 'DE', idDocument: { type: 'passport', number: 'SE8841022', issuingCountry: 'SE', expiryDate: '2031-04-30' } }),
    ]);
    expect(draft.transactions.map((t) => [t.direction, t.amount, t.usdValue, t.txHash, t.counterpartyAddress])).toEqual([
      ['deposit', '0.25', '15000.00', tx(1), SENDER],
      ['deposit', '0.25', '15000.00', tx(2), SENDER],
    ]);
    expect(draft.alerts.map((a) => [a.ruleId, a.ruleVersion])).toEqual([
      ['high-value', 1],
      ['high-value', 1],
    ]);
    expect(draft.alerts[0]!.conditions.some((c) => c.held && c.actual.includes('15000'))).toBe(true);
    expect(draft.detectionDate).toBe(detectedAt.slice(0, 10));
    expect(draft.narrative).toMatch(/^WHO\. \[reporting entity\] files this suspicious transaction report \(case CASE-000001\)/);
    expect(draft.narrative).toContain('Maren Lindqvist (customer C-1)');
    // What the console cannot know is listed, not invented.
    expect(sar.problems.map((p) => p.path)).toEqual(expect.arrayContaining(['reportingEntity', 'subjects.0.idDocument.issueDate', 'indicators', 'narrative', 'actionTaken']));
    const again = await call(core, 'sar.draft', { caseId, kind: 'SAR' }, as('olga'));
    expect(again.ok || again.error).toMatchObject({ code: 'DUPLICATE' });

    const early = await call(core, 'sar.approve', { id: sarId, tokenPin: pins.omar! }, as('omar'));
    expect(early.ok || early.error).toMatchObject({ code: 'VALIDATION' });
    expect((await ok(core, 'sar.get', { id: sarId }, as('anna'))).sar.state).toBe('draft');
  });

  it('completes the report: settings checked before they are stored, edits listed in the history', async () => {
    const bad = await call(core, 'sar.settings.set', { reportingEntity: { ...REPORTING_ENTITY, rentityId: 0 }, deadlineDays: 45 }, as('olga'));
    expect(bad.ok || bad.error).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'reportingEntity.rentityId' }] });
    expect((await ok(core, 'sar.settings.get', {}, as('anna'))).deadlineDays).toBe(30);
    const analyst = await call(core, 'sar.settings.set', { deadlineDays: 10 }, as('anna'));
    expect(analyst.ok || analyst.error).toMatchObject({ code: 'FORBIDDEN' });
    await ok(core, 'sar.settings.set', { reportingEntity: REPORTING_ENTITY, defaultIndicators: ['IUVC6'], fincen: FINCEN }, as('olga'));

    const current = (await ok(core, 'sar.get', { id: sarId }, as('anna'))).sar.draft as { subjects: Record<string, unknown>[] };
    const subject = { ...current.subjects[0]!, idDocument: { ...(current.subjects[0]!.idDocument as object), issueDate: '2021-05-01' } };
    // A long narrative: FinCEN takes it in blocks of at most 4 000 characters.
    const narrative = [
      'WHO. Vaultline Custody FZE reports on its customer Maren Lindqvist (customer C-1), born 1984-05-17, a Swedish national resident in Germany.',
      'WHAT. Two bitcoin deposits of 0.25 BTC (15 000.00 USD each) within a minute, from the same unhosted wallet.',
      'WHY. ' + 'The customer declared a monthly volume of 5 000 USD from salary; the deposits exceed it several times over and arrive from a wallet with no identified VASP. '.repeat(40),
      'ACTION TAKEN. Account placed under enhanced monitoring; source of funds requested.',
    ].join('\n\n');
    expect(narrative.length).toBeGreaterThan(4000);
    const updated = (
      await ok(
        core,
        'sar.update',
        { id: sarId, reportingEntity: REPORTING_ENTITY, indicators: ['IUVC6', 'UHWLT'], subjects: [subject], narrative, actionTaken: 'Account under enhanced monitoring; source of funds requested from the customer.' },
        as('anna'),
      )
    ).sar;
    expect(updated.problems).toEqual([]);
    expect(updated.updatedBy).toBe('anna');
  });

  it('refuses to export an unapproved report and stores nothing', async () => {
    const before = (await ok(core, 'vault.records.list', { subjectType: 'case', subjectId: caseId }, as('olga'))).total;
    const refused = await call(core, 'sar.export', { id: sarId, format: 'goaml' }, as('olga'));
    expect(refused.ok || refused.error).toMatchObject({ code: 'VALIDATION', issues: [{ path: 'approval' }] });
    expect((await ok(core, 'vault.records.list', { subjectType: 'case', subjectId: caseId }, as('olga'))).total).toBe(before);
    expect((await ok(core, 'sar.get', { id: sarId }, as('olga'))).sar.exports).toEqual([]);
  });

  it('is approved only by a compliance officer who neither drafted nor last edited it; a later change voids the approval', async () => {
    const analyst = await call(core, 'sar.approve', { id: sarId, tokenPin: pins.anna! }, as('anna'));
    expect(analyst.ok || analyst.error).toMatchObject({ code: 'FORBIDDEN' });
    await ok(core, 'sar.update', { id: sarId, indicators: ['IUVC6', 'UHWLT', 'ITLSL'] }, as('olga'));
    const self = await call(core, 'sar.approve', { id: sarId, tokenPin: pins.olga! }, as('olga'));
    expect(self.ok || self.error).toMatchObject({ code: 'FORBIDDEN' });
    expect(self.ok ? '' : self.error.message).toMatch(/four eyes/);

    // A wrong PIN: the token refuses, nothing is approved or recorded, and the PIN is echoed nowhere.
    const before = await ok(core, 'cases.get', { id: caseId }, as('olga'));
    const wrong = await call(core, 'sar.approve', { id: sarId, tokenPin: WRONG_PIN }, as('omar'));
    expect(wrong.ok || wrong.error).toMatchObject({ code: 'PIN_INCORRECT' });
    expect(JSON.stringify(wrong)).not.toContain(WRONG_PIN);
    const unchanged = (await ok(core, 'sar.get', { id: sarId }, as('olga'))).sar;
    expect(unchanged).toMatchObject({ state: 'draft', approvedBy: null, approvedAt: null, approvedSha256: null, approval: null });
    expect((await ok(core, 'cases.get', { id: caseId }, as('olga'))).history).toEqual(before.history);

    const approved = (await ok(core, 'sar.approve', { id: sarId, tokenPin: pins.omar! }, as('omar'))).sar;
    expect(approved).toMatchObject({ state: 'approved', approvedBy: 'omar' });
    expect(approved.approvedSha256).toBe(approved.contentSha256);
    // Omar's token signed a statement of exactly this report, its content hash, him and the time.
    const omar = (await ok(core, 'session.whoami', {}, as('omar'))).operator;
    const db = core.console.requireDb();
    expect(JSON.parse(approved.approval!.statement)).toEqual({
      type: 'vaultline-sar-approval',
      version: 1,
      consoleId: getMeta(db, 'console_id'),
      sarId,
      caseId,
      kind: 'STR',
      contentSha256: approved.contentSha256,
      approverId: omar.id,
      approverUsername: 'omar',
      role: 'compliance_officer',
      approvedAt: approved.approvedAt,
    });
    expect(verifyApprovalSignature(findOperatorById(db, omar.id)!.publicKeySpki, approved.approval!.statement, approved.approval!.signature)).toBe(true);
    expect(verifyApprovalSignature(findOperatorById(db, (await ok(core, 'session.whoami', {}, as('olga'))).operator.id)!.publicKeySpki, approved.approval!.statement, approved.approval!.signature)).toBe(false);
    const again = await call(core, 'sar.approve', { id: sarId, tokenPin: pins.omar! }, as('omar'));
    expect(again.ok || again.error).toMatchObject({ code: 'CONFLICT' });

    const changed = (await ok(core, 'sar.update', { id: sarId, actionTaken: 'Account under enhanced monitoring; source of funds requested; relationship under review.' }, as('anna'))).sar;
    expect(changed).toMatchObject({ state: 'draft', approvedBy: null, approvedSha256: null, approval: null });
    expect(changed.contentSha256).not.toBe(approved.contentSha256);
    const reapproved = (await ok(core, 'sar.approve', { id: sarId, tokenPin: pins.omar! }, as('omar'))).sar;
    expect(reapproved).toMatchObject({ state: 'approved', approvedSha256: changed.contentSha256 });
    expect(JSON.parse(reapproved.approval!.statement)).toMatchObject({ contentSha256: changed.contentSha256, approverUsername: 'omar' });
  });

  it('exports goAML XML that validates against the XSD, FinCEN SAR XML and a PDF, each sealed in the vault', async () => {
    const goaml = await ok(core, 'sar.export', { id: sarId, format: 'goaml' }, as('anna'));
    const xml = Buffer.from(goaml.contentBase64, 'base64');
    goamlSha256 = goaml.sha256;
    expect(goaml).toMatchObject({ mediaType: 'application/xml', validated: true, fileName: 'SAR-000001-STR-goaml.xml' });
    expect(createHash('sha256').update(xml).digest('hex')).toBe(goaml.sha256);
    expect(await validateAgainstXsd(xml.toString('utf8'), UAE_GOAML_5_0_2.xsd)).toEqual([]);
    const report = parseXml(xml.toString('utf8'));
    expect(textOf(report, 'report_code')).toBe('STR');
    expect(textOf(report, 'entity_reference')).toBe(caseId);
    const transactions = children(report, 'transaction');
    expect(transactions).toHaveLength(2);
    for (const t of transactions) {
      expect(t.children.map((c) => c.name)).toEqual(expect.arrayContaining(['t_from', 't_to_my_client']));
      expect(textOf(child(child(t, 't_from'), 'from_account'), 'account')).toBe(SENDER);
    }
    const record = (await ok(core, 'vault.records.get', { id: goaml.recordId }, as('olga'))).record;
    expect(record).toMatchObject({ type: 'sar', subjectType: 'case', subjectId: caseId, sha256: goaml.sha256 });

    const fincen = await ok(core, 'sar.export', { id: sarId, format: 'fincen' }, as('anna'));
    const fincenXml = parseXml(Buffer.from(fincen.contentBase64, 'base64').toString('utf8'));
    const activity = child(fincenXml, 'Activity');
    const blocks = children(activity, 'ActivityNarrativeInformation').map((b) => textOf(b, 'ActivityNarrativeText'));
    expect(blocks.length).toBeGreaterThan(1);
    for (const b of blocks) expect([...b].length).toBeLessThanOrEqual(4000);
    const stored = (await ok(core, 'sar.get', { id: sarId }, as('anna'))).sar.draft as { narrative: string };
    expect(blocks.join('')).toBe(stored.narrative);

    const pdf = await ok(core, 'sar.export', { id: sarId, format: 'pdf' }, as('anna'));
    expect(Buffer.from(pdf.contentBase64, 'base64').subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const exports = (await ok(core, 'sar.get', { id: sarId }, as('anna'))).sar.exports;
    expect(exports.map((e) => [e.format, e.sha256])).toEqual([
      ['goaml', goaml.sha256],
      ['fincen', fincen.sha256],
      ['pdf', pdf.sha256],
    ]);
  });

  it('refuses to export or file when the approval signature is forged, altered or missing, or the content changed after approval; nothing changes', async () => {
    const sqlite = core.console.requireDb().sqlite;
    const stored = sqlite.prepare('SELECT draft, content_sha256, approved_sha256, approved_by, approval_statement, approval_signature FROM sar_filings WHERE id = ?').get(sarId) as Record<string, string>;
    const restore = () =>
      sqlite
        .prepare('UPDATE sar_filings SET draft = ?, content_sha256 = ?, approved_sha256 = ?, approved_by = ?, approval_statement = ?, approval_signature = ? WHERE id = ?')
        .run(stored.draft, stored.content_sha256, stored.approved_sha256, stored.approved_by, stored.approval_statement, stored.approval_signature, sarId);
    const sha = (text: string) => createHash('sha256').update(text).digest('hex');
    const flipped = stored.approval_signature!.slice(0, -2) + (stored.approval_signature!.endsWith('00') ? '01' : '00');
    const altered = JSON.parse(stored.draft!) as { narrative: string };
    const alteredDraft = JSON.stringify({ ...altered, narrative: `${altered.narrative}\n\nAdded after approval.` });
    const olga = (await ok(core, 'session.whoami', {}, as('olga'))).operator;
    const cases: [string, string, RegExp][] = [
      ['a tampered signature', `UPDATE sar_filings SET approval_signature = '${flipped}'`, /signature does not verify/],
      ['a missing signature', 'UPDATE sar_filings SET approval_signature = NULL, approval_statement = NULL', /no signature/],
      ['a statement altered to name another approver', `UPDATE sar_filings SET approved_by = 'olga', approval_statement = '${stored.approval_statement!.replace(/"approverId":"[^"]+","approverUsername":"omar"/, `"approverId":"${olga.id}","approverUsername":"olga"`)}'`, /drafted or last edited|does not verify/],
      ['content changed after approval', `UPDATE sar_filings SET draft = '${alteredDraft.replace(/'/g, "''")}', content_sha256 = '${sha(alteredDraft)}'`, /content no longer matches/],
      ['content changed with its hashes forged', `UPDATE sar_filings SET draft = '${alteredDraft.replace(/'/g, "''")}', content_sha256 = '${sha(alteredDraft)}', approved_sha256 = '${sha(alteredDraft)}'`, /approves other content/],
    ];
    const exportsBefore = (await ok(core, 'sar.get', { id: sarId }, as('olga'))).sar.exports;
    const recordsBefore = (await ok(core, 'vault.records.list', { subjectType: 'case', subjectId: caseId }, as('olga'))).total;
    const historyBefore = (await ok(core, 'cases.get', { id: caseId }, as('olga'))).history;
    try {
      for (const [what, update, reason] of cases) {
        sqlite.exec(`${update} WHERE id = '${sarId}'`);
        // The SAR view says why, so the panel can ask for a new approval.
        expect((await ok(core, 'sar.get', { id: sarId }, as('olga'))).sar.approvalProblem, what).toMatch(reason);
        for (const format of ['goaml', 'fincen', 'pdf'] as const) {
          const refused = await call(core, 'sar.export', { id: sarId, format }, as('anna'));
          expect(refused.ok || refused.error, `${what}: export ${format}`).toMatchObject({ code: 'INTEGRITY_FAILURE' });
          expect(refused.ok ? '' : refused.error.message, `${what}: export ${format}`).toMatch(reason);
        }
        const notFiled = await call(core, 'sar.file', { id: sarId }, as('omar'));
        expect(notFiled.ok || notFiled.error, `${what}: file`).toMatchObject({ code: 'INTEGRITY_FAILURE' });
        expect(notFiled.ok ? '' : notFiled.error.message, `${what}: file`).toMatch(/nothing was filed/);
        restore();
      }
    } finally {
      restore();
    }
    const after = (await ok(core, 'sar.get', { id: sarId }, as('olga'))).sar;
    expect(after).toMatchObject({ state: 'approved', approvedBy: 'omar', filedAt: null, bundleItemId: null, approvalProblem: null });
    expect(after.exports).toEqual(exportsBefore);
    expect((await ok(core, 'vault.records.list', { subjectType: 'case', subjectId: caseId }, as('olga'))).total).toBe(recordsBefore);
    expect((await ok(core, 'cases.get', { id: caseId }, as('olga'))).history).toEqual(historyBefore);
    expect((await ok(core, 'bundles.outbox', {}, as('omar'))).items.some((i) => i.type === 'filed-report')).toBe(false);
    // Restored, the approval holds again.
    expect((await ok(core, 'sar.export', { id: sarId, format: 'pdf' }, as('anna'))).validated).toBe(false);
    // An approved report whose approval carries no signature (approved before migration 0014) is
    // approved again by an officer's token; one whose signature holds is not.
    sqlite.exec(`UPDATE sar_filings SET approval_signature = NULL, approval_statement = NULL WHERE id = '${sarId}'`);
    expect((await call(core, 'sar.export', { id: sarId, format: 'pdf' }, as('anna'))).ok).toBe(false);
    const resigned = (await ok(core, 'sar.approve', { id: sarId, tokenPin: pins.omar! }, as('omar'))).sar;
    expect(resigned).toMatchObject({ state: 'approved', approvedBy: 'omar', approvedSha256: stored.approved_sha256 });
    expect(JSON.parse(resigned.approval!.statement)).toMatchObject({ contentSha256: stored.approved_sha256, approvedAt: resigned.approvedAt });
    expect((await ok(core, 'sar.export', { id: sarId, format: 'pdf' }, as('anna'))).validated).toBe(false);
  });

  it('never tells a custody officer or an auditor that a SAR exists', async () => {
    for (const outsider of ['carl', 'aud']) {
      for (const [command, input] of [
        ['sar.get', { id: sarId }],
        ['cases.list', { limit: 10 }],
        ['cases.get', { id: caseId }],
      ] as const) {
        const refused = await call(core, command, input as never, as(outsider));
        expect(refused.ok || refused.error, `${outsider} ${command}`).toMatchObject({ code: 'FORBIDDEN' });
      }
      const record = await call(core, 'vault.records.get', { id: (await ok(core, 'sar.get', { id: sarId }, as('olga'))).sar.exports[0]!.recordId }, as(outsider));
      expect(record.ok || record.error).toMatchObject({ code: 'NOT_FOUND' });
    }
    // The audit trail records every sar.* command, run or refused, as `compliance.sealed`: the
    // auditor sees that confidential compliance actions happened, not that a SAR exists.
    const forAuditor = await ok(core, 'audit.list', { limit: 1000 }, as('aud'));
    expect(forAuditor.entries.some((e) => e.command.startsWith('sar.'))).toBe(false);
    expect(forAuditor.entries.some((e) => e.command.startsWith('cases.'))).toBe(true);
    expect(forAuditor.entries.filter((e) => e.command === 'compliance.sealed').map((e) => e.outcome)).toEqual(expect.arrayContaining(['ok', 'refused']));
    expect((await ok(core, 'audit.list', { limit: 10, command: 'sar.' }, as('olga'))).total).toBe(0);
    const forOfficer = await ok(core, 'audit.list', { limit: 1 }, as('olga'));
    // The officer sees the same trail, plus the auditor's audit.list call and her own.
    expect(forOfficer.total).toBe(forAuditor.total + 2);
  });

  it('files the report into the next outbound bundle; the case closes only with a second person', async () => {
    const early = await call(core, 'cases.close', { id: caseId, reason: 'STR decided, closing the case' }, as('olga'));
    expect(early.ok || early.error).toMatchObject({ code: 'CONFLICT' });

    // Reopened, the case has no decision: nothing to file until it is decided again.
    await ok(core, 'cases.reopen', { id: caseId, reason: 'one more look at the sender before filing' }, as('omar'));
    const undecided = await call(core, 'sar.file', { id: sarId }, as('omar'));
    expect(undecided.ok || undecided.error).toMatchObject({ code: 'CONFLICT' });
    expect((await ok(core, 'bundles.outbox', {}, as('carl'))).items.some((i) => i.type === 'filed-report')).toBe(false);
    await ok(core, 'cases.transition', { id: caseId, to: 'escalated', reason: 'sender checked: unhosted, no VASP' }, as('anna'));
    await ok(core, 'cases.transition', { id: caseId, to: 'decision', decision: 'sar', reason: 'Unexplained high-value deposits from an unhosted wallet: file the STR.' }, as('anna'));

    const filed = (await ok(core, 'sar.file', { id: sarId }, as('omar'))).sar;
    expect(filed).toMatchObject({ state: 'filed', filedBy: 'omar', filedFormat: 'goaml' });
    expect(filed.exports.filter((e) => e.format === 'goaml')).toHaveLength(1); // the approved export was reused, read back from the vault
    const after = await call(core, 'sar.update', { id: sarId, narrative: 'changed after filing' }, as('anna'));
    expect(after.ok || after.error).toMatchObject({ code: 'CONFLICT' });

    const outbox = await ok(core, 'bundles.outbox', {}, as('omar'));
    expect(outbox.items.map((i) => i.type)).toEqual(expect.arrayContaining(['filed-report', 'attachment']));
    // The custody officer who moves the bundle sees two sealed compliance items instead.
    expect((await ok(core, 'bundles.outbox', {}, as('carl'))).items.filter((i) => i.type === 'sealed')).toHaveLength(2);
    const exported = await ok(core, 'bundles.export', { folder: work }, as('carl'));
    const lines: IndexLine[] = [];
    const opened = new Map<string, Buffer>();
    const read = await node.read({ kind: 'file', path: exported.savedTo!.path }, { onItem: (line, body) => (lines.push(line), body.kind === 'attachment' && body.bytes && opened.set(line.id, body.bytes)) });
    const item = read.items.find((i) => i.line.type === 'filed-report')!;
    expect(item.payload).toMatchObject({ reportId: sarId, kind: 'STR', jurisdiction: 'AE', format: 'goaml-xml', attachmentId: filed.attachmentItemId });
    // The item carries the signed approval and the approver's certificate: the online node checks
    // them with the console identity key alone.
    const approval = (item.payload as { approval: { statement: string; signature: string; certificate: string } }).approval;
    expect(approval).toMatchObject({ statement: filed.approval!.statement, signature: filed.approval!.signature });
    const identitySpki = core.console.identity!.spki;
    const consoleId = getMeta(core.console.requireDb(), 'console_id')!;
    expect(verifyApprovalPackage(approval, identitySpki, consoleId)).toMatchObject({ sarId, approverUsername: 'omar', contentSha256: filed.approvedSha256 });
    expect(verifyApprovalPackage({ ...approval, statement: approval.statement.replace('"omar"', '"olga"') }, identitySpki, consoleId)).toBeUndefined();
    expect(verifyApprovalPackage({ ...approval, signature: approval.signature.replace(/..$/, (b) => (b === '00' ? '01' : '00')) }, identitySpki, consoleId)).toBeUndefined();
    expect(verifyApprovalPackage(approval, identitySpki, 'another-console')).toBeUndefined();
    const index = lines.find((l) => l.id === filed.attachmentItemId)!;
    expect(index).toMatchObject({ type: 'attachment', sha256: goamlSha256 });
    // The bundle carries it sealed to the node (test/integration/sealed-reports.test.ts); the node opened it.
    expect(await validateAgainstXsd(opened.get(filed.attachmentItemId!)!.toString('utf8'), UAE_GOAML_5_0_2.xsd)).toEqual([]);

    const self = await call(core, 'cases.close', { id: caseId, reason: 'STR filed with the FIU, closing' }, as('anna'));
    expect(self.ok || self.error).toMatchObject({ code: 'FORBIDDEN' });
    const closed = (await ok(core, 'cases.close', { id: caseId, reason: 'STR filed with the FIU, closing' }, as('olga'))).case;
    expect(closed).toMatchObject({ status: 'closed', daysLeft: null, overdue: false, hasSar: true });
  });

  it('after filing, nothing a custody officer or an auditor can read names the SAR: audit trail, bundles, evidence package', async () => {
    const sar = (await ok(core, 'sar.get', { id: sarId }, as('olga'))).sar;
    const secrets = [sarId, 'filed-report', ...sar.exports.map((e) => e.fileName), ...Object.values(pins), WRONG_PIN];
    const leaks = (what: string, value: unknown): void => {
      const text = typeof value === 'string' ? value : JSON.stringify(value);
      expect(text, what).not.toMatch(/\bsar\.[a-z]/);
      for (const secret of secrets) expect(text, `${what}: ${secret}`).not.toContain(secret);
    };
    const outbound = (await ok(core, 'bundles.list', { direction: 'outbound' }, as('olga'))).bundles;
    expect(outbound.length).toBeGreaterThan(0);
    for (const outsider of ['carl', 'aud']) {
      // The auditor reads the trail; the custody officer is refused (and the refusal names nothing).
      const listed = await call(core, 'audit.list', { limit: 1000 }, as(outsider));
      const verified = await call(core, 'audit.verify', {}, as(outsider));
      if (outsider === 'aud') {
        expect(listed.ok && listed.value.entries.some((e) => e.command === 'compliance.sealed')).toBe(true);
        expect(verified.ok && verified.value.valid).toBe(true);
      }
      leaks(`${outsider} audit.list`, listed);
      leaks(`${outsider} audit.verify`, verified);
      leaks(`${outsider} bundles.outbox`, await ok(core, 'bundles.outbox', {}, as(outsider)));
      leaks(`${outsider} bundles.list`, await ok(core, 'bundles.list', {}, as(outsider)));
      for (const b of outbound) {
        const detail = await ok(core, 'bundles.get', { bundleId: b.bundleId }, as(outsider));
        leaks(`${outsider} bundles.get`, detail);
        // Paged one item at a time, a sealed row's alias is a cursor that leads on to the next item.
        const seen: string[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await ok(core, 'bundles.get', { bundleId: b.bundleId, limit: 1, ...(after ? { after } : {}) }, as(outsider));
          if (page.items.length === 0) break;
          after = page.items[0]!.itemId;
          seen.push(after);
        }
        expect(seen).toEqual(detail.items.map((i) => i.itemId));
        expect(detail.typeCounts.filter((c) => c.type === 'sealed').reduce((n, c) => n + c.count, 0)).toBe(detail.items.filter((i) => i.type === 'sealed').length);
      }
    }
    // The filed bundle: the SAR roles see its items as they are, the outsiders see them sealed.
    const filedIn = outbound.find((b) => b.itemCount > 1)!;
    const forOfficer = await ok(core, 'bundles.get', { bundleId: filedIn.bundleId }, as('olga'));
    expect(forOfficer.items.find((i) => i.itemId === sar.attachmentItemId)).toMatchObject({ type: 'attachment', sha256: goamlSha256 });
    expect(forOfficer.typeCounts.map((c) => c.type)).toContain('filed-report');
    const forCustody = await ok(core, 'bundles.get', { bundleId: filedIn.bundleId }, as('carl'));
    expect(forCustody.items.filter((i) => i.type === 'sealed').map((i) => [i.size, i.module, i.note])).toEqual([
      [0, 'Compliance', 'Sealed compliance item'],
      [0, 'Compliance', 'Sealed compliance item'],
    ]);
    expect(forCustody.items).toHaveLength(forOfficer.items.length);

    // An auditor's evidence package over the whole period: its audit slice names no SAR command.
    const out = mkdtempSync(join(tmpdir(), 'vl-cases-evidence-'));
    try {
      const { job, started } = await exportEvidence(core, as('aud'), { kind: 'period', from: '2026-01-01T00:00:00.000Z', to: clock.now().toISOString() } as never, out);
      expect(job).toMatchObject({ state: 'done', error: null });
      const unpacked = unzipEvidence(join(out, started.fileName));
      const files = readdirSync(unpacked, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
      const slice = readFileSync(join(unpacked, 'audit', 'entries.jsonl'), 'utf8');
      expect(slice).toContain('compliance.sealed');
      for (const f of files) leaks(`evidence ${f.name}`, readFileSync(join(f.parentPath, f.name)).toString('latin1'));
      rmSync(unpacked, { recursive: true, force: true });
    } finally {
      rmSync(out, { recursive: true, force: true });
    }

    // The approver's PIN (and the wrong one tried) is nowhere in what the SAR roles read either.
    for (const [what, value] of [
      ['olga audit.list', await ok(core, 'audit.list', { limit: 1000 }, as('olga'))],
      ['olga sar.get', sar],
      ['olga cases.get', await ok(core, 'cases.get', { id: caseId }, as('olga'))],
      ['omar bundles.outbox', await ok(core, 'bundles.outbox', {}, as('omar'))],
    ] as const) {
      for (const pin of [...Object.values(pins), WRONG_PIN]) expect(JSON.stringify(value), `${what}: a PIN`).not.toContain(pin);
    }

    // The MLRO still reads who did what to the SAR, and when, in the case history.
    const history = (await ok(core, 'cases.get', { id: caseId }, as('olga'))).history.filter((h) => h.action.startsWith('sar.'));
    expect(history.map((h) => h.action)).toEqual(expect.arrayContaining(['sar.drafted', 'sar.updated', 'sar.approved', 'sar.exported', 'sar.filed']));
    expect(history.find((h) => h.action === 'sar.approved')).toMatchObject({ by: 'omar' });
    expect(history.find((h) => h.action === 'sar.filed')).toMatchObject({ by: 'omar' });
    expect(history.every((h) => h.by.length > 0 && h.at.length > 0)).toBe(true);
  });

  it('counts the filing deadline down from detection and flags overdue cases', async () => {
    const second = (await ok(core, 'cases.create', { alertIds: [alertIds[2]!], title: 'Third deposit' }, as('anna'))).case;
    const detected = Date.parse(second.detectedAt);
    await travel(detected + 29 * DAY + 12 * 3_600_000);
    expect((await ok(core, 'cases.get', { id: second.id }, as('anna'))).case).toMatchObject({ daysLeft: 1, overdue: false });
    expect((await ok(core, 'cases.list', { limit: 10, filter: { overdue: true } }, as('anna'))).rows).toEqual([]);

    await travel(detected + 30 * DAY + 3_600_000);
    const overdue = await ok(core, 'cases.list', { limit: 10, filter: { overdue: true } }, as('anna'));
    expect(overdue.rows.map((r) => [r.id, r.daysLeft, r.overdue])).toEqual([[second.id, -1, true]]);
    expect(overdue.total).toBe(1);
    // The closed case with its filed STR is never overdue.
    const all = await ok(core, 'cases.list', { limit: 10 }, as('anna'));
    expect(all.rows.find((r) => r.id === caseId)).toMatchObject({ daysLeft: null, overdue: false });

    // The deadline is a setting: 45 days gives this case 14 more days.
    await ok(core, 'sar.settings.set', { deadlineDays: 45 }, as('olga'));
    expect((await ok(core, 'cases.get', { id: second.id }, as('anna'))).case).toMatchObject({ daysLeft: 15, overdue: false, sarDueAt: new Date(detected + 45 * DAY).toISOString() });
    // A no_sar decision stops the clock.
    for (const [to, reason] of [
      ['investigating', 'looking at the third deposit'],
      ['escalated', 'for the MLRO to decide'],
    ] as const)
      await ok(core, 'cases.transition', { id: second.id, to, reason }, as('anna'));
    const decided = (await ok(core, 'cases.transition', { id: second.id, to: 'decision', decision: 'no_sar', reason: 'Source of funds documented: sale of a flat, contract on file.' }, as('olga'))).case;
    expect(decided).toMatchObject({ decision: 'no_sar', daysLeft: null, overdue: false });
    const reopened = (await ok(core, 'cases.reopen', { id: second.id, reason: 'new deposits from the same wallet' }, as('omar'))).case;
    expect(reopened).toMatchObject({ status: 'investigating', decision: null, daysLeft: 15 });
  });
});
