/**
 * The SAR/STR as a human-readable PDF: what the MLRO signs off and what goes in the case file.
 * Every page carries the CONFIDENTIAL – SAR marking: the existence of a SAR must not be disclosed
 * (tipping off), so the marking is on each page, not only the first.
 *
 * Same style as the evidence summary (src-main/evidence/evidence-pdf.ts): pdf-lib, A4, standard
 * Helvetica and Courier (no font files to ship), 48 pt margins, dark text. Its `winAnsi` helper is
 * not reused: it turns every character outside Latin-1 into "?", which would also hit the en dash
 * of the marking and the typographic quotes of narratives. Here a character is kept whenever the
 * standard font can encode it (its WinAnsi character set), accents are dropped only when needed.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatAmount } from '../../src-shared/money';
import { formatUsdCents, requireExportable, subjectName, type SarReport, type SarSubject } from './sar.model';

export const CONFIDENTIAL_MARKING = 'CONFIDENTIAL – SAR';

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 48;
const INK = rgb(0.1, 0.12, 0.16);
const MUTED = rgb(0.38, 0.4, 0.45);
const RED = rgb(0.7, 0.08, 0.08);
const RULE = rgb(0.8, 0.82, 0.85);

/** Text the font can draw: kept as is where it can, without accents where that helps, "?" otherwise. */
function encodable(font: PDFFont): (text: string) => string {
  const charset = new Set(font.getCharacterSet());
  const one = (ch: string): string => {
    if (charset.has(ch.codePointAt(0)!)) return ch;
    const bare = ch.normalize('NFKD').replace(/\p{M}+/gu, '');
    return bare !== '' && [...bare].every((c) => charset.has(c.codePointAt(0)!)) ? bare : '?';
  };
  return (text) => Array.from(text.replace(/\t/g, '    '), one).join('');
}

class Layout {
  private page!: PDFPage;
  private y = 0;
  private readonly width = A4[0] - 2 * MARGIN;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly fonts: { regular: PDFFont; bold: PDFFont; mono: PDFFont },
    private readonly header: string,
  ) {
    this.newPage();
  }

  private newPage(): void {
    this.page = this.pdf.addPage(A4);
    const top = A4[1] - MARGIN + 18;
    this.page.drawText(this.clean(this.fonts.bold, CONFIDENTIAL_MARKING), { x: MARGIN, y: top, size: 10, font: this.fonts.bold, color: RED });
    const right = this.clean(this.fonts.regular, this.header);
    this.page.drawText(right, { x: A4[0] - MARGIN - this.fonts.regular.widthOfTextAtSize(right, 8), y: top + 1, size: 8, font: this.fonts.regular, color: MUTED });
    this.page.drawLine({ start: { x: MARGIN, y: top - 6 }, end: { x: A4[0] - MARGIN, y: top - 6 }, thickness: 0.8, color: RED });
    this.y = A4[1] - MARGIN - 8;
  }

  private clean(font: PDFFont, text: string): string {
    return encodable(font)(text);
  }

  private ensure(height: number): void {
    if (this.y - height < MARGIN + 20) this.newPage();
  }

  /** Lines of `text` no wider than `width`, broken between words, inside words only when a word is longer than a line. */
  wrap(text: string, font: PDFFont, size: number, width = this.width): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split('\n').map((p) => this.clean(font, p))) {
      let line = '';
      for (const word of paragraph.split(/(?<= )/)) {
        if (font.widthOfTextAtSize(line + word, size) <= width) {
          line += word;
          continue;
        }
        if (line !== '') lines.push(line.trimEnd());
        // A word wider than a whole line (a hash, an address) is cut where the line ends.
        let rest = word;
        while (font.widthOfTextAtSize(rest, size) > width) {
          let cut = rest.length - 1;
          while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
          lines.push(rest.slice(0, cut));
          rest = rest.slice(cut);
        }
        line = rest;
      }
      lines.push(line.trimEnd());
    }
    return lines;
  }

  text(text: string, options: { font?: PDFFont; size?: number; color?: ReturnType<typeof rgb>; gap?: number; indent?: number } = {}): void {
    const font = options.font ?? this.fonts.regular;
    const size = options.size ?? 9;
    const indent = options.indent ?? 0;
    for (const line of this.wrap(text, font, size, this.width - indent)) {
      this.ensure(size + 2);
      this.page.drawText(line, { x: MARGIN + indent, y: this.y - size, size, font, color: options.color ?? INK });
      this.y -= size + 2.5;
    }
    this.y -= options.gap ?? 2;
  }

  heading(text: string): void {
    this.ensure(40);
    this.y -= 8;
    this.text(text, { font: this.fonts.bold, size: 12, gap: 2 });
    this.page.drawLine({ start: { x: MARGIN, y: this.y + 1 }, end: { x: A4[0] - MARGIN, y: this.y + 1 }, thickness: 0.5, color: RULE });
    this.y -= 5;
  }

  /** "Label: value" pairs, label in bold. */
  field(label: string, value: string): void {
    const size = 9;
    const labelText = this.clean(this.fonts.bold, `${label}: `);
    const labelWidth = Math.min(150, this.fonts.bold.widthOfTextAtSize(labelText, size));
    const lines = this.wrap(value, this.fonts.regular, size, this.width - labelWidth);
    this.ensure(size + 2);
    this.page.drawText(labelText, { x: MARGIN, y: this.y - size, size, font: this.fonts.bold, color: INK });
    lines.forEach((line, i) => {
      if (i > 0) this.ensure(size + 2);
      this.page.drawText(line, { x: MARGIN + labelWidth, y: this.y - size, size, font: this.fonts.regular, color: INK });
      this.y -= size + 2.5;
    });
    this.y -= 1;
  }

  /** One table row of fixed columns (x offsets from the margin), then a thin rule. */
  row(cells: readonly string[], columns: readonly number[], font: PDFFont, size: number): void {
    this.ensure(size + 3);
    cells.forEach((cell, i) => {
      const width = (columns[i + 1] ?? this.width) - columns[i]! - 4;
      const fitted = this.wrap(cell, font, size, width)[0] ?? '';
      this.page.drawText(fitted, { x: MARGIN + columns[i]!, y: this.y - size, size, font, color: INK });
    });
    this.y -= size + 3;
  }

  rule(): void {
    this.page.drawLine({ start: { x: MARGIN, y: this.y + 1 }, end: { x: A4[0] - MARGIN, y: this.y + 1 }, thickness: 0.3, color: RULE });
    this.y -= 3;
  }

  space(points: number): void {
    this.y -= points;
  }

  /** Page numbers and the tipping-off warning in every footer, once the page count is known. */
  finish(): void {
    const pages = this.pdf.getPages();
    pages.forEach((page, i) => {
      const note = this.clean(this.fonts.regular, `Confidential suspicious activity report: do not disclose its existence to the subject or to anyone without a need to know.   Page ${i + 1} of ${pages.length}`);
      page.drawText(note, { x: MARGIN, y: MARGIN - 20, size: 7, font: this.fonts.regular, color: MUTED });
    });
  }
}

const DOCUMENT = { passport: 'Passport', national_id: 'National identity card', driving_licence: 'Driving licence', other: 'Identity document' } as const;

function subjectFields(l: Layout, s: SarSubject): void {
  l.field(s.kind === 'person' ? 'Person' : 'Entity', `${subjectName(s)} (customer ${s.customerId})`);
  if (s.kind === 'person') {
    l.field('Born', `${s.birthDate}; gender ${s.gender}`);
    l.field('Nationality / residence', `${s.nationalities.join(', ')} / ${s.residence}`);
    const d = s.idDocument;
    l.field('Identity document', `${d.type === 'other' ? (d.description ?? DOCUMENT.other) : DOCUMENT[d.type]} ${d.number}, issued by ${d.issuingCountry} on ${d.issueDate}, expires ${d.expiryDate}`);
    if (s.occupation !== undefined) l.field('Occupation', s.occupation);
  } else {
    l.field('Incorporation', `${s.incorporationNumber}, ${s.incorporationCountry}${s.incorporationState ? ` (${s.incorporationState})` : ''}, on ${s.incorporationDate}`);
    l.field('Business', s.business);
    l.field('Beneficial owners', s.beneficialOwners.map((o) => `${o.firstName} ${o.lastName}${o.ownershipPercent !== undefined ? ` (${o.ownershipPercent} %)` : ''}${o.nationality ? `, ${o.nationality}` : ''}`).join('; '));
  }
  s.addresses.forEach((a, i) => l.field(i === 0 ? 'Address' : 'Other address', [a.line, a.postcode, a.city, a.state, a.country].filter(Boolean).join(', ')));
  if (s.email !== undefined || s.phone !== undefined) l.field('Contact', [s.email, s.phone].filter(Boolean).join('; '));
}

/** The approved report as a PDF (bytes). Deterministic: the same report gives the same file. */
export async function sarPdf(report: SarReport): Promise<Uint8Array> {
  requireExportable(report, 'PDF');
  const approval = report.approval!;
  const kindName = report.kind === 'STR' ? 'Suspicious Transaction Report (STR)' : 'Suspicious Activity Report (SAR)';
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${CONFIDENTIAL_MARKING}: ${report.kind} ${report.caseId}`);
  pdf.setSubject(`${kindName}, case ${report.caseId}`);
  pdf.setKeywords(['CONFIDENTIAL', 'SAR', report.kind, report.caseId]);
  pdf.setProducer('Vaultline');
  pdf.setCreator('Vaultline');
  pdf.setCreationDate(new Date(approval.approvedAt));
  pdf.setModificationDate(new Date(approval.approvedAt));
  const fonts = {
    regular: await pdf.embedFont(StandardFonts.Helvetica),
    bold: await pdf.embedFont(StandardFonts.HelveticaBold),
    mono: await pdf.embedFont(StandardFonts.Courier),
  };
  const l = new Layout(pdf, fonts, `${report.reportingEntity.name} · case ${report.caseId}`);
  const entity = report.reportingEntity;

  l.text(kindName, { font: fonts.bold, size: 18, gap: 6 });
  l.field('Case', report.caseId);
  l.field('Reporting entity', `${entity.name}${entity.branch ? `, ${entity.branch}` : ''} (FIU reporting entity id ${entity.rentityId})`);
  l.field('Reporting person', `${entity.reportingPerson.firstName} ${entity.reportingPerson.lastName}, ${entity.reportingPerson.title}; ${entity.reportingPerson.email}; ${entity.reportingPerson.phone}`);
  l.field('Detected / submitted', `${report.detectionDate} / ${report.submissionDate}`);
  l.field('Indicators', report.indicators.join(', '));

  l.heading(report.subjects.length === 1 ? 'Subject' : `Subjects (${report.subjects.length})`);
  report.subjects.forEach((s, i) => {
    if (i > 0) l.space(6);
    subjectFields(l, s);
  });

  const total = report.transactions.reduce((sum, t) => sum + t.usdCents, 0n);
  l.heading(`Transactions (${report.transactions.length}, ${formatUsdCents(total)} ${report.localCurrency})`);
  const columns = [0, 78, 132, 262, 330];
  l.row(['Date (UTC)', 'Direction', 'Amount', 'USD', 'Counterparty'], columns, fonts.bold, 8);
  l.rule();
  for (const t of report.transactions) {
    l.row(
      [
        t.at.slice(0, 16).replace('T', ' '),
        t.direction,
        `${formatAmount(t.amountMinor, t.asset.decimals)} ${t.asset.symbol}`,
        formatUsdCents(t.usdCents),
        t.counterpartyVasp ? `${t.counterpartyVasp.name}${t.counterpartyVasp.country ? ` (${t.counterpartyVasp.country})` : ''}` : 'unhosted / unidentified wallet',
      ],
      columns,
      fonts.regular,
      8,
    );
    l.text(`${t.id}  ${t.asset.network}  ${t.direction === 'deposit' ? 'from' : 'to'} ${t.counterpartyAddress}`, { font: fonts.mono, size: 7, gap: 0 });
    l.text(`our wallet ${t.ourAddress}  tx ${t.txHash}`, { font: fonts.mono, size: 7, gap: 1 });
    l.rule();
  }

  l.heading('Alert evidence');
  if (report.alerts.length === 0) l.text('No monitoring alert is attached to this report.', { color: MUTED });
  for (const a of report.alerts) {
    l.text(`${a.ruleName} — rule ${a.ruleId}, version ${a.ruleVersion}`, { font: fonts.bold, size: 9, gap: 0 });
    l.text(`Alert ${a.alertId}, raised ${a.raisedAt}${a.transactionIds.length > 0 ? `, transactions ${a.transactionIds.join(', ')}` : ''}`, { size: 8, color: MUTED, gap: 1 });
    for (const c of a.conditions) l.text(`${c.held ? 'held' : 'not held'}:  ${c.text}  (value ${c.actual})`, { font: fonts.mono, size: 7, indent: 10, gap: 0 });
    l.space(5);
  }

  l.heading('Narrative');
  l.text(report.narrative, { size: 9.5, gap: 4 });

  l.heading('Action taken');
  l.text(report.actionTaken);

  l.heading('Approval');
  l.field('Approved by', `${approval.mlroUsername} (compliance officer / MLRO)`);
  l.field('Approved at', approval.approvedAt);

  l.finish();
  return pdf.save({ useObjectStreams: false });
}
