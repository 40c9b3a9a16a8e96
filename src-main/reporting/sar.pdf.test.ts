import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, StandardFonts, type PDFPage } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { VaultlineError } from '../errors';
import { strDraft } from './sar.fixture';
import { parseSarDraft } from './sar.model';
import { CONFIDENTIAL_MARKING, sarPdf } from './sar.pdf';

/** The decoded content streams of a page (pdf-lib writes them Flate-compressed). */
function pageContent(page: PDFPage): string {
  const contents = page.node.Contents();
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents];
  return streams
    .map((s) => (s instanceof PDFRawStream ? Buffer.from(decodePDFRawStream(s).decode()).toString('latin1') : ''))
    .join('\n');
}

/** How a standard font shows `text` in a content stream: WinAnsi bytes as a hex string. */
async function shown(text: string): Promise<string> {
  const font = await (await PDFDocument.create()).embedFont(StandardFonts.HelveticaBold);
  return font.encodeText(text).toString();
}

describe('SAR PDF', () => {
  it('is a PDF marked CONFIDENTIAL – SAR on every page, with the report in it', async () => {
    const report = parseSarDraft({ ...strDraft(), narrative: `${strDraft().narrative}\n\n${'The customer’s explanation — “consulting fees” — was not supported. '.repeat(80)}` });
    const bytes = await sarPdf(report);
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');

    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getTitle()).toBe('CONFIDENTIAL – SAR: STR CASE-2026-0042');
    expect(pdf.getKeywords()).toContain('CONFIDENTIAL');
    expect(pdf.getPageCount()).toBeGreaterThan(1);
    const marking = await shown(CONFIDENTIAL_MARKING); // <434F4E464944454E5449414C209620534152>: the en dash is WinAnsi 0x96
    expect(marking).toBe('<434F4E464944454E5449414C209620534152>');
    for (const page of pdf.getPages()) expect(pageContent(page)).toContain(marking);

    const all = pdf.getPages().map(pageContent).join('\n');
    for (const text of ['Subject', 'Transactions (4, 21081.42 USD)', 'Alert evidence', 'Narrative', 'Approval', 'amira.haddad', '12345.67', 'Brenner']) {
      expect(all).toContain(await shown(text).then((hex) => hex.slice(1, -1)));
    }
    // Typographic characters the standard fonts can draw are kept; line ends start new lines.
    expect(all).toContain((await shown('customer’s explanation — “consulting fees”')).slice(1, -1));
    expect(all).not.toContain((await shown('?WHAT')).slice(1, -1));
  });

  it('is deterministic: the same report gives the same bytes', async () => {
    const report = parseSarDraft(strDraft());
    expect(Buffer.from(await sarPdf(report)).equals(Buffer.from(await sarPdf(report)))).toBe(true);
  });

  it('refuses an unapproved report', async () => {
    const report = parseSarDraft({ ...strDraft(), approval: null });
    await expect(sarPdf(report)).rejects.toThrow(VaultlineError);
    await expect(sarPdf(report)).rejects.toMatchObject({ code: 'VALIDATION', issues: [expect.objectContaining({ path: 'approval' })] });
  });
});
