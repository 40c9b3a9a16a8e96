/**
 * The human-readable summary of an evidence package (summary.pdf): what the package covers, every
 * record with its checksum, the audit slice and its checkpoint, and how to verify. pdf-lib with
 * the standard Helvetica fonts (no font files to ship).
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

export interface SummaryRecord {
  readonly id: string;
  readonly type: string;
  readonly title: string;
  readonly subject: string;
  readonly createdAt: string;
  readonly size: number;
  readonly sha256: string;
}

export interface SummaryInput {
  readonly packageId: string;
  readonly consoleName: string;
  readonly consoleId: string;
  readonly identityFingerprint: string;
  readonly scope: string;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly records: readonly SummaryRecord[];
  readonly audit: { readonly fromSeq: number; readonly toSeq: number; readonly headHash: string; readonly checkpointAt: string };
  readonly extras: readonly string[];
}

/** The standard fonts speak WinAnsi only: other characters become '?', so the PDF always renders. */
function winAnsi(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').replace(/[^\x20-\x7e\xa0-\xff]/g, '?');
}

export async function summaryPdf(input: SummaryInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(`Evidence package ${input.packageId}`);
  pdf.setProducer('Vaultline');
  pdf.setCreationDate(new Date(input.createdAt));
  pdf.setModificationDate(new Date(input.createdAt));
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const mono = await pdf.embedFont(StandardFonts.Courier);
  const margin = 48;
  let page: PDFPage = pdf.addPage([595.28, 841.89]);
  let y = page.getHeight() - margin;
  const line = (text: string, font: PDFFont = regular, size = 9, gap = 4): void => {
    if (y < margin + size) {
      page = pdf.addPage([595.28, 841.89]);
      y = page.getHeight() - margin;
    }
    page.drawText(winAnsi(text), { x: margin, y: y - size, size, font, color: rgb(0.1, 0.12, 0.16), maxWidth: page.getWidth() - 2 * margin });
    y -= size + gap;
  };
  line('Vaultline evidence package', bold, 18, 10);
  line(`Package ${input.packageId}`, mono, 9);
  line(`Console ${input.consoleName} (${input.consoleId})`);
  line(`Console identity key fingerprint (SHA-256 of the public key): ${input.identityFingerprint}`, regular, 8);
  line(`Scope: ${input.scope}`);
  line(`Exported ${input.createdAt} by ${input.createdBy}`);
  y -= 8;
  line(`Records (${input.records.length})`, bold, 12, 6);
  for (const r of input.records) {
    line(`${r.createdAt.slice(0, 19).replace('T', ' ')}  ${r.type.padEnd(16)} ${r.title}`, regular, 9, 1);
    line(`    ${r.id}  ${r.subject}  ${r.size} bytes  sha256 ${r.sha256}`, mono, 7, 4);
  }
  if (input.extras.length > 0) {
    y -= 6;
    line('Other files', bold, 12, 6);
    for (const e of input.extras) line(e);
  }
  y -= 8;
  line('Audit trail', bold, 12, 6);
  line(`Entries ${input.audit.fromSeq} to ${input.audit.toSeq}, ending in the checkpoint signed at ${input.audit.checkpointAt}.`);
  line(`Head hash ${input.audit.headHash}`, mono, 7);
  y -= 8;
  line('Verification', bold, 12, 6);
  line('Every file is listed with its SHA-256 in SHA256SUMS, signed by the console identity key (SHA256SUMS.sig).');
  line('VERIFY.txt gives the exact openssl and sha256sum commands that check the package on any machine.');
  return pdf.save({ useObjectStreams: false });
}
