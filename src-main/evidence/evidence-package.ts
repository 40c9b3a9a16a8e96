/**
 * Assembles an evidence package for an auditor or regulator:
 *   records/<id>/record.json, records/<id>/content.<ext>   the records, decrypted, with their vault checksums
 *   ledger/statement.csv                                   (customer scope) the customer's statement
 *   audit/entries.jsonl                                    the audit slice: one entry per line, the exact hashed text
 *   audit/checkpoint.json, audit/checkpoint.sig            the signed checkpoint the slice ends in
 *   summary.pdf                                            a human-readable summary
 *   console-public-key.pem                                 the console identity key (P-256)
 *   VERIFY.txt                                             standard commands that check all of it
 *   manifest.json (+ .sig)                                 what is in the package, signed
 *   SHA256SUMS (+ .sig)                                    every file's SHA-256, signed
 * Database work runs in slices between commands (Bus.exclusive); the ZIP is written beside the
 * target and renamed into place only when whole.
 */
import { canonicalJson } from '../../src-shared/canonical';
import type { Bus } from '../bus/bus';
import type { WritableDB } from '../db/database';
import { iterateAuditRange } from '../db/audit.repository';
import type { CheckpointRow } from '../db/checkpoints.repository';
import { rawSignatureToDer, spkiToPem } from '../hsm/ec-keys';
import { statementCsv } from '../ledger/statement';
import type { ConsoleService } from '../services/console.service';
import { chainText } from '../services/audit-chain';
import type { JobProgress } from '../services/jobs.service';
import type { VaultService } from '../vault/vault.service';
import { recordView } from '../vault/record-view';
import { summaryPdf } from './evidence-pdf';
import { describeScope, type EvidenceScope, type ScopeContents } from './evidence-scope';
import { PackageWriter, type OpenOutput } from './evidence-writer';
import { verifyText } from './verify-text';

export interface ExportRequest {
  readonly bus: Pick<Bus, 'exclusive'>;
  readonly db: () => WritableDB;
  readonly vault: VaultService;
  readonly console: ConsoleService;
  readonly scope: EvidenceScope;
  readonly contents: ScopeContents;
  readonly checkpoint: CheckpointRow;
  readonly directory: string;
  readonly packageId: string;
  readonly createdAt: string;
  readonly operator: { readonly id: string; readonly username: string };
  readonly progress: JobProgress;
  readonly openOutput?: OpenOutput | undefined;
}

export interface ExportResult {
  readonly path: string;
  readonly fileName: string;
  readonly records: number;
  readonly auditEntries: number;
  readonly files: number;
  [key: string]: unknown;
}

const EXTENSIONS: Readonly<Record<string, string>> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'text/plain': 'txt',
  'application/json': 'json',
  'application/xml': 'xml',
  'text/csv': 'csv',
};

export function packageFileName(scope: EvidenceScope, createdAt: string, packageId: string): string {
  const what = scope.kind === 'period' ? `period-${scope.from.slice(0, 10)}_${scope.to.slice(0, 10)}` : `${scope.kind}-${scope.id}`;
  return `evidence_${what.replace(/[^A-Za-z0-9_.-]/g, '_')}_${createdAt.slice(0, 10)}_${packageId}.zip`;
}


export async function exportPackage(req: ExportRequest): Promise<ExportResult> {
  const identity = req.console.identity;
  const config = req.console.config;
  if (!identity || !config) throw new Error('the console is locked');
  const fileName = packageFileName(req.scope, req.createdAt, req.packageId);
  const writer = new PackageWriter(req.directory, fileName, new Date(req.createdAt), req.openOutput);
  const total = req.contents.records.length + 4;
  let done = 0;
  const step = (what: string): void => req.progress.report(done++, total, what);
  try {
    const reader = { operatorId: req.operator.id, username: req.operator.username, purpose: `evidence package ${req.packageId}`, kind: 'export' as const };
    for (const r of req.contents.records) {
      step(`record ${r.id}`);
      writer.addBuffer(`records/${r.id}/record.json`, Buffer.from(`${canonicalJson(recordView(r))}\n`));
      // One record per slice (at most 25 MB): read and checked between commands, then streamed out.
      const content = await req.bus.exclusive(() => {
        const db = req.db();
        return [...req.vault.read(db, r.id, reader, (write) => write(db))];
      });
      await writer.addStream(`records/${r.id}/content.${EXTENSIONS[r.contentType] ?? 'bin'}`, content);
    }

    const extras: string[] = [];
    if (req.contents.customerWithAccounts) {
      step('ledger statement');
      const customer = req.contents.customerWithAccounts;
      const { csv, lines } = await req.bus.exclusive(() => statementCsv(req.db(), { customerId: customer }));
      writer.addBuffer('ledger/statement.csv', Buffer.from(csv));
      extras.push(`ledger/statement.csv: the customer's ledger statement (${lines} lines)`);
    }

    step('audit trail');
    const from = req.contents.auditFromSeq;
    const to = req.checkpoint.seq;
    let auditEntries = 0;
    const bus = req.bus;
    const db = req.db;
    async function* slice(): AsyncGenerator<Buffer> {
      for (let start = from; start <= to; start += 5000) {
        const end = Math.min(to, start + 4999);
        const lines = await bus.exclusive(() => [...iterateAuditRange(db(), start, end)].map((row) => `${chainText(row)}\n`).join(''));
        auditEntries += end - start + 1;
        yield Buffer.from(lines);
      }
    }
    await writer.addStream('audit/entries.jsonl', slice());
    writer.addBuffer('audit/checkpoint.json', Buffer.from(req.checkpoint.message));
    writer.addBuffer('audit/checkpoint.sig', Buffer.from(req.checkpoint.signature, 'hex'));

    step('summary');
    writer.addBuffer('console-public-key.pem', Buffer.from(spkiToPem(identity.spki)));
    writer.addBuffer(
      'summary.pdf',
      await summaryPdf({
        packageId: req.packageId,
        consoleName: config.consoleName,
        consoleId: config.consoleId,
        identityFingerprint: identity.fingerprint,
        scope: describeScope(req.scope),
        createdAt: req.createdAt,
        createdBy: req.operator.username,
        records: req.contents.records.map((r) => ({ id: r.id, type: r.type, title: r.title, subject: `${r.subjectType} ${r.subjectId}`, createdAt: r.createdAt, size: r.size, sha256: r.sha256 })),
        audit: { fromSeq: from, toSeq: to, headHash: req.checkpoint.headHash, checkpointAt: req.checkpoint.at },
        extras,
      }),
    );
    writer.addBuffer('VERIFY.txt', Buffer.from(verifyText(req.packageId, identity.fingerprint.replace(/ /g, ''))));

    step('signing');
    const manifest = canonicalJson({
      format: 'vaultline-evidence-package',
      version: 1,
      packageId: req.packageId,
      console: { id: config.consoleId, name: config.consoleName, identityFingerprint: identity.fingerprint },
      scope: req.scope,
      createdAt: req.createdAt,
      createdBy: req.operator.username,
      records: req.contents.records.length,
      audit: { fromSeq: from, toSeq: to, headHash: req.checkpoint.headHash, checkpointAt: req.checkpoint.at },
      files: [...writer.files].sort((a, b) => a.path.localeCompare(b.path)),
    });
    const sign = (bytes: Buffer): Buffer => Buffer.from(rawSignatureToDer(req.console.signWithIdentity(bytes)));
    const manifestBytes = Buffer.from(manifest);
    writer.addBuffer('manifest.json', manifestBytes);
    writer.addBuffer('manifest.json.sig', sign(manifestBytes));
    // sha256sum's own format: "<hash>  <path>" per line; every file but the list and its signature.
    const sums = Buffer.from(
      [...writer.files]
        .filter((f) => f.path !== 'manifest.json.sig')
        .sort((a, b) => a.path.localeCompare(b.path))
        .map((f) => `${f.sha256}  ${f.path}\n`)
        .join(''),
    );
    writer.addBuffer('SHA256SUMS', sums);
    writer.addBuffer('SHA256SUMS.sig', sign(sums));
    const files = writer.files.length;
    const path = await writer.commit();
    req.progress.report(total, total, 'done');
    return { path, fileName, records: req.contents.records.length, auditEntries, files };
  } catch (error) {
    writer.abort();
    throw error;
  }
}
