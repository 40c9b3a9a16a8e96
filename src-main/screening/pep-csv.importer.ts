/**
 * PEP lists, in Vaultline's own documented CSV (RFC 4180, UTF-8, header row required, exactly these
 * columns in this order):
 *
 *   id,name,aliases,birthDate,country,position
 *
 *   id         the provider's stable id for the person (unique in the file)
 *   name       the full name as the provider spells it, any script
 *   aliases    other spellings, separated by `;` (may be empty)
 *   birthDate  YYYY, YYYY-MM or YYYY-MM-DD (may be empty)
 *   country    ISO 3166-1 alpha-2 codes of the country of the position (and nationality), `;`-separated
 *   position   the public function held ("Minister of Finance"); kept as the entry's programme
 *
 * Every PEP is an individual. Any bad field refuses the whole file with its line and column name.
 */
import { createHash } from 'node:crypto';
import { isCountryCode } from './countries';
import { isPartialDate } from './list-dates';
import { checkIssued, checkListId, csvRecords, EntryBuilder, refuse, scriptOf, utf8Text } from './list-import';
import type { ListImport } from './screening.types';

const FORMAT = 'PEP CSV';
export const PEP_CSV_HEADER = ['id', 'name', 'aliases', 'birthDate', 'country', 'position'] as const;

export function importPepCsv(input: string | Uint8Array, options: { readonly listId: string; readonly issued: string }): ListImport {
  const listId = checkListId(options.listId);
  const issued = checkIssued(options.issued);
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const rows = csvRecords(utf8Text(bytes, FORMAT, 'the file'), FORMAT, 'the file');
  const [header, ...records] = rows;
  if (!header || header.fields.map((h) => h.trim()).join(',') !== PEP_CSV_HEADER.join(',')) {
    refuse(FORMAT, 'line 1', `the header must be exactly "${PEP_CSV_HEADER.join(',')}"`);
  }
  const entries = new Map<string, EntryBuilder>();
  for (const { line, fields } of records) {
    const at = (column: string): string => `line ${line}, ${column}`;
    if (fields.length !== PEP_CSV_HEADER.length) refuse(FORMAT, `line ${line}`, `expected ${PEP_CSV_HEADER.length} columns, got ${fields.length}`);
    const [id, name, aliases, birthDate, country, position] = fields.map((f) => f.trim()) as [string, string, string, string, string, string];
    if (!/^[A-Za-z0-9._:-]{1,128}$/.test(id)) refuse(FORMAT, at('id'), `must be 1–128 letters, digits or . _ : -, got ${JSON.stringify(id)}`);
    if (entries.has(id)) refuse(FORMAT, at('id'), `${id} appears twice`);
    if (name === '') refuse(FORMAT, at('name'), 'is empty');
    if (birthDate !== '' && !isPartialDate(birthDate)) refuse(FORMAT, at('birthDate'), `must be YYYY, YYYY-MM or YYYY-MM-DD and a real date, got ${JSON.stringify(birthDate)}`);
    const b = new EntryBuilder(listId, id, 'individual');
    b.addName({ name, primary: true, quality: 'strong', type: 'name', ...script(name) });
    for (const a of aliases.split(';').map((s) => s.trim())) if (a !== '') b.addName({ name: a, primary: false, quality: 'strong', type: 'aka', ...script(a) });
    if (birthDate !== '') b.birthDates.add(birthDate);
    for (const c of country.split(';').map((s) => s.trim().toUpperCase())) {
      if (c === '') continue;
      if (!isCountryCode(c)) refuse(FORMAT, at('country'), `${JSON.stringify(c)} is not an ISO 3166-1 alpha-2 code`);
      b.countries.add(c);
    }
    if (position !== '') b.programs.add(position);
    entries.set(id, b);
  }
  return { listId, format: 'pep-csv', issued, entries: [...entries.values()].map((b) => b.build()), sourceSha256: createHash('sha256').update(bytes).digest('hex'), warnings: [] };
}

function script(name: string): { script?: string } {
  const code = scriptOf(name);
  return code ? { script: code } : {};
}
