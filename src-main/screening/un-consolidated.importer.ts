/**
 * The UN Security Council Consolidated List in the UN's XML format (sc-sanctions.xsd), read as a
 * stream:
 *
 *   CONSOLIDATED_LIST dateGenerated → INDIVIDUALS/INDIVIDUAL, ENTITIES/ENTITY
 *     DATAID, FIRST_NAME … FOURTH_NAME (joined in that order), UN_LIST_TYPE (the regime),
 *     NAME_ORIGINAL_SCRIPT, NATIONALITY/VALUE (country names), *_ALIAS (QUALITY: Good, Low,
 *     a.k.a., f.k.a.; ALIAS_NAME), *_ADDRESS/COUNTRY, INDIVIDUAL_DATE_OF_BIRTH (TYPE_OF_DATE
 *     EXACT / APPROXIMATELY / BETWEEN with DATE, YEAR or FROM_YEAR/TO_YEAR)
 *
 * "Low" quality aliases are the UN's weak aliases. Country names become ISO codes through
 * countries.ts; a name that is no country ("na") is skipped with a warning.
 */
import { countryCode } from './countries';
import { isPartialDate, partialDate, yearRange } from './list-dates';
import { checkListId, EntryBuilder, fileChunks, refuse, scriptOf } from './list-import';
import type { ListImport, ListName } from './screening.types';
import { readXml } from './xml-stream';

const FORMAT = 'UN consolidated XML';
const NAME_PARTS = ['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'] as const;

interface UnRecord {
  readonly kind: 'individual' | 'entity';
  readonly line: number;
  readonly fields: Map<string, string>;
  readonly aliases: ListName[];
  readonly countries: { name: string; what: string }[];
  readonly birthDates: string[];
  alias?: { quality: string; name: string };
  dob?: Map<string, string>;
}

export async function importUnConsolidatedXml(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: { readonly listId?: string; readonly what?: string; readonly onProgress?: (bytesRead: number) => void } = {},
): Promise<ListImport> {
  const listId = checkListId(options.listId ?? 'un-consolidated');
  const what = options.what ?? FORMAT;
  const entries = new Map<string, EntryBuilder>();
  const warnings: string[] = [];
  let issued: string | undefined;
  let record: UnRecord | undefined;
  let root = false;

  const result = await readXml(source, what, (pos) => ({
    open(name, attrs, stack) {
      if (!root) {
        if (name !== 'CONSOLIDATED_LIST') refuse(what, `line ${pos.line}`, `the root element must be <CONSOLIDATED_LIST>, got <${name}>`);
        const generated = /^(\d{4}-\d{2}-\d{2})/.exec(attrs.dateGenerated ?? '');
        if (!generated || !isPartialDate(generated[1]!)) refuse(what, `line ${pos.line}`, `CONSOLIDATED_LIST dateGenerated must be a date-time, got ${JSON.stringify(attrs.dateGenerated ?? '')}`);
        issued = generated[1]!;
        root = true;
        return;
      }
      const parent = stack[stack.length - 2];
      if ((name === 'INDIVIDUAL' && parent === 'INDIVIDUALS') || (name === 'ENTITY' && parent === 'ENTITIES')) {
        record = { kind: name === 'INDIVIDUAL' ? 'individual' : 'entity', line: pos.line, fields: new Map(), aliases: [], countries: [], birthDates: [] };
      } else if (record && (name === 'INDIVIDUAL_ALIAS' || name === 'ENTITY_ALIAS')) {
        record.alias = { quality: '', name: '' };
      } else if (record && name === 'INDIVIDUAL_DATE_OF_BIRTH') {
        record.dob = new Map();
      }
    },

    close(name, text, stack) {
      if (!record) return;
      const value = text.trim();
      const parent = stack[stack.length - 2];
      const where = `line ${pos.line}`;
      switch (name) {
        case 'VALUE':
          if (parent === 'NATIONALITY' && value !== '') record.countries.push({ name: value, what: 'nationality' });
          return;
        case 'QUALITY':
          if (record.alias) record.alias.quality = value;
          return;
        case 'ALIAS_NAME':
          if (record.alias) record.alias.name = value;
          return;
        case 'INDIVIDUAL_ALIAS':
        case 'ENTITY_ALIAS':
          if (record.alias && record.alias.name !== '') record.aliases.push(alias(record.alias.quality, record.alias.name));
          record.alias = undefined;
          return;
        case 'COUNTRY':
          if ((parent === 'INDIVIDUAL_ADDRESS' || parent === 'ENTITY_ADDRESS') && value !== '') record.countries.push({ name: value, what: 'address country' });
          return;
        case 'INDIVIDUAL_DATE_OF_BIRTH':
          if (record.dob) record.birthDates.push(...birthDates(record.dob, where));
          record.dob = undefined;
          return;
        case 'INDIVIDUAL':
        case 'ENTITY':
          finish(record);
          record = undefined;
          return;
        default:
          if (record.dob && parent === 'INDIVIDUAL_DATE_OF_BIRTH') record.dob.set(name, value);
          else if (parent === 'INDIVIDUAL' || parent === 'ENTITY') record.fields.set(name, value);
          return;
      }
    },
  }), options.onProgress);

  function finish(r: UnRecord): void {
    const where = `line ${r.line}`;
    const id = r.fields.get('DATAID') ?? '';
    if (!/^\d+$/.test(id)) refuse(what, where, `${r.kind === 'individual' ? 'INDIVIDUAL' : 'ENTITY'} has no numeric DATAID`);
    if (entries.has(id)) refuse(what, where, `DATAID ${id} appears twice`);
    const name = NAME_PARTS.map((p) => r.fields.get(p) ?? '')
      .filter((p) => p !== '')
      .join(' ');
    if (name === '') refuse(what, where, `DATAID ${id} has no FIRST_NAME`);
    const b = new EntryBuilder(listId, id, r.kind);
    b.addName({ name, primary: true, quality: 'strong', type: 'name', ...script(name) });
    const original = r.fields.get('NAME_ORIGINAL_SCRIPT') ?? '';
    if (original !== '') b.addName({ name: original, primary: true, quality: 'strong', type: 'name', ...script(original) });
    for (const a of r.aliases) b.addName({ ...a, ...script(a.name) });
    const regime = r.fields.get('UN_LIST_TYPE');
    if (regime) b.programs.add(regime);
    for (const c of r.countries) country(b, c.name, c.what);
    for (const d of r.birthDates) b.birthDates.add(d);
    entries.set(id, b);
  }

  function country(b: EntryBuilder, name: string, what2: string): void {
    const code = countryCode(name);
    if (code) b.countries.add(code);
    else if (name.toLowerCase() !== 'na') warnings.push(`DATAID ${b.entryId}: ${what2} "${name}" names no ISO country`);
  }

  function birthDates(dob: Map<string, string>, where: string): string[] {
    const type = dob.get('TYPE_OF_DATE') ?? '';
    const date = dob.get('DATE');
    const year = dob.get('YEAR');
    if (date) {
      const d = date.slice(0, 10);
      if (!isPartialDate(d)) refuse(what, where, `INDIVIDUAL_DATE_OF_BIRTH DATE is not a date: ${JSON.stringify(date)}`);
      return [d];
    }
    if (type === 'BETWEEN') {
      const from = Number(dob.get('FROM_YEAR'));
      const to = Number(dob.get('TO_YEAR'));
      if (!partialDate(from) || !partialDate(to) || to < from) refuse(what, where, 'INDIVIDUAL_DATE_OF_BIRTH BETWEEN needs FROM_YEAR ≤ TO_YEAR');
      return yearRange(from, to);
    }
    if (year) {
      if (!partialDate(Number(year))) refuse(what, where, `INDIVIDUAL_DATE_OF_BIRTH YEAR is not a year: ${JSON.stringify(year)}`);
      return [year];
    }
    return [];
  }

  if (!root || issued === undefined) refuse(what, 'line 1', 'not a UN consolidated list document');
  if (entries.size === 0) refuse(what, 'INDIVIDUALS', 'the document lists no individual or entity');
  return {
    listId,
    format: 'un-consolidated-xml',
    issued,
    entries: [...entries.values()].map((b) => b.build()),
    sourceSha256: result.sha256,
    warnings,
  };

  function script(name: string): { script?: string } {
    const code = scriptOf(name);
    return code ? { script: code } : {};
  }

  function alias(quality: string, name: string): ListName {
    const q = quality.toLowerCase();
    return { name, primary: false, quality: q === 'low' ? 'weak' : 'strong', type: q === 'f.k.a.' ? 'fka' : 'aka' };
  }
}

export async function importUnConsolidatedFile(path: string, options: { readonly listId?: string } = {}): Promise<ListImport> {
  return importUnConsolidatedXml(fileChunks(path), { ...options, what: path.split(/[\\/]/).pop() ?? path });
}
