/**
 * OFAC's legacy ("classic") CSV files, as OFAC documents them (SDN.CSV, ADD.CSV, ALT.CSV,
 * SDN_COMMENTS.CSV): no header row, `-0- ` for an empty field, CRLF line ends, a final Ctrl-Z byte.
 *
 *   sdn.csv           ent_num, SDN_Name, SDN_Type, Program, Title, Call_Sign, Vess_type, Tonnage,
 *                     GRT, Vess_flag, Vess_owner, Remarks
 *   add.csv           ent_num, Add_num, Address, City/State/Province/Postal, Country, Add_remarks
 *   alt.csv           ent_num, alt_num, alt_type (aka/fka/nka), alt_name, alt_remarks
 *   sdn_comments.csv  ent_num, the rest of a Remarks field too long for sdn.csv
 *
 * SDN_Type is "individual", "vessel", "aircraft" or empty (an entity). Program holds several
 * programmes as `A] [B`. The remarks carry what the XML has as features: "DOB 28 Jul 1963",
 * "nationality Iran", "citizen Mexico", "Digital Currency Address - XBT 1…"; and the weak
 * ("low quality") AKAs, which the legacy format keeps only there: "a.k.a. 'BURTON BURGESS'".
 *
 * The files are small (a few MB), so each is parsed whole by csv-parse; a record with the wrong
 * number of columns, an id that is not a number, an unknown SDN_Type or alt_type refuses the whole
 * import. What a published list really contains is kept and reported as a warning instead: an
 * alias or address of a party not in sdn.csv (subsets such as Watchman's test files), a mistyped
 * digital-currency address (OFAC's own).
 */
import { addressProblem, chainOfListedAddress } from './address-chains';
import { countryCode } from './countries';
import { parseOfacRemarkDate } from './list-dates';
import { checkIssued, checkListId, csvRecords, EntryBuilder, refuse, utf8Text } from './list-import';
import type { ListImport, ListName, PartyKind } from './screening.types';
import { createHash } from 'node:crypto';

const FORMAT = 'OFAC legacy CSV';

export interface OfacCsvFiles {
  readonly sdn: string | Uint8Array;
  readonly add?: string | Uint8Array;
  readonly alt?: string | Uint8Array;
  readonly comments?: string | Uint8Array;
}

export interface OfacCsvOptions {
  readonly listId?: string;
  /** The CSV files carry no date: the issue date the list update declares. */
  readonly issued: string;
}

const KINDS: Readonly<Record<string, PartyKind>> = { '': 'entity', individual: 'individual', vessel: 'vessel', aircraft: 'aircraft' };
const ALT_TYPES: Readonly<Record<string, ListName['type']>> = { aka: 'aka', fka: 'fka', nka: 'nka' };

/** `-0- ` (with or without its space) is OFAC's empty field. */
const field = (v: string | undefined): string => {
  const t = (v ?? '').trim();
  return t === '-0-' ? '' : t;
};

function records(file: string, input: string | Uint8Array, columns: number): { line: number; fields: string[] }[] {
  // The legacy files end with a DOS end-of-file byte (0x1A, Ctrl-Z).
  let text = utf8Text(input, FORMAT, file).trimEnd();
  if (text.endsWith('\u001a')) text = text.slice(0, -1);
  return csvRecords(text, FORMAT, file).map(({ line, fields }) => {
    if (fields.length !== columns) refuse(FORMAT, `${file}, line ${line}`, `expected ${columns} columns, got ${fields.length}`);
    if (!/^\d+$/.test(fields[0]!.trim())) refuse(FORMAT, `${file}, line ${line}`, `ent_num must be a number, got ${JSON.stringify(fields[0])}`);
    return { line, fields };
  });
}

/** Reads sdn.csv (and add.csv, alt.csv, sdn_comments.csv when given) into list entries. */
export function importOfacCsv(files: OfacCsvFiles, options: OfacCsvOptions): ListImport {
  const listId = checkListId(options.listId ?? 'ofac-sdn');
  const issued = checkIssued(options.issued);
  const hash = createHash('sha256');
  for (const part of [files.sdn, files.add ?? '', files.alt ?? '', files.comments ?? '']) hash.update(typeof part === 'string' ? Buffer.from(part, 'utf8') : part);

  const builders = new Map<string, EntryBuilder>();
  const remarks = new Map<string, string>();
  const warnings: string[] = [];

  for (const { line, fields } of records('sdn.csv', files.sdn, 12)) {
    const id = fields[0]!.trim();
    if (builders.has(id)) refuse(FORMAT, `sdn.csv, line ${line}`, `ent_num ${id} appears twice`);
    const type = field(fields[2]).toLowerCase();
    const kind = KINDS[type];
    if (kind === undefined) refuse(FORMAT, `sdn.csv, line ${line}`, `SDN_Type must be individual, vessel, aircraft or empty, got ${JSON.stringify(fields[2])}`);
    const name = field(fields[1]);
    if (name === '') refuse(FORMAT, `sdn.csv, line ${line}`, `ent_num ${id} has no SDN_Name`);
    const b = new EntryBuilder(listId, id, kind);
    b.addName({ name, primary: true, quality: 'strong', type: 'name', script: 'Latn' });
    for (const program of field(fields[3]).split('] [')) {
      const p = program.replace(/^\[|\]$/g, '').trim();
      if (p !== '') b.programs.add(p);
    }
    builders.set(id, b);
    remarks.set(id, field(fields[11]));
  }

  if (files.comments !== undefined) {
    for (const { line, fields } of records('sdn_comments.csv', files.comments, 2)) {
      const id = fields[0]!.trim();
      if (!remarks.has(id)) {
        warnings.push(`sdn_comments.csv, line ${line}: ent_num ${id} is not in sdn.csv; remarks ignored`);
        continue;
      }
      // The continuation is the next characters of the same Remarks field (cut mid-word).
      remarks.set(id, remarks.get(id)! + field(fields[1]));
    }
  }

  if (files.alt !== undefined) {
    for (const { line, fields } of records('alt.csv', files.alt, 5)) {
      const b = builders.get(fields[0]!.trim());
      if (!b) {
        warnings.push(`alt.csv, line ${line}: ent_num ${fields[0]} is not in sdn.csv; alias ignored`);
        continue;
      }
      const type = ALT_TYPES[field(fields[2]).toLowerCase()];
      if (!type) refuse(FORMAT, `alt.csv, line ${line}`, `alt_type must be aka, fka or nka, got ${JSON.stringify(fields[2])}`);
      const name = field(fields[3]);
      if (name === '') refuse(FORMAT, `alt.csv, line ${line}`, 'alt_name is empty');
      b.addName({ name, primary: false, quality: 'strong', type, script: 'Latn' });
    }
  }

  if (files.add !== undefined) {
    for (const { line, fields } of records('add.csv', files.add, 6)) {
      const b = builders.get(fields[0]!.trim());
      if (!b) {
        warnings.push(`add.csv, line ${line}: ent_num ${fields[0]} is not in sdn.csv; address ignored`);
        continue;
      }
      const country = field(fields[4]);
      if (country === '') continue;
      const code = countryCode(country);
      if (code) b.countries.add(code);
      else warnings.push(`add.csv, line ${line}: country "${country}" names no ISO country`);
    }
  }

  for (const [id, b] of builders) {
    const r = remarks.get(id) ?? '';
    if (r !== '') {
      b.remarks = r;
      readRemarks(b, r, warnings);
    }
  }

  return { listId, format: 'ofac-legacy-csv', issued, entries: [...builders.values()].map((b) => b.build()), sourceSha256: hash.digest('hex'), warnings };
}

/** The parts of Remarks that screening uses; everything else stays in `remarks` for the reviewer. */
function readRemarks(b: EntryBuilder, remarks: string, warnings: string[]): void {
  const parts = remarks.replace(/\.$/, '').split(/;\s*/);
  for (const [i, raw] of parts.entries()) {
    const part = raw.trim().replace(/^alt\.\s+/i, '');
    let m: RegExpExecArray | null;
    if ((m = /^DOB\s+(.+)$/.exec(part))) {
      const dates = parseOfacRemarkDate(m[1]!);
      if (dates) for (const d of dates) b.birthDates.add(d);
      else warnings.push(`ent_num ${b.entryId}: date of birth "${m[1]}" not understood`);
    } else if ((m = /^(?:nationality|citizen|Nationality of Registration)\s+(.+)$/.exec(part))) {
      const code = countryCode(m[1]!);
      if (code) b.countries.add(code);
      else warnings.push(`ent_num ${b.entryId}: country "${m[1]}" names no ISO country`);
    } else if ((m = /^Digital Currency Address - ([A-Z0-9]+)\s+(\S+)$/.exec(part))) {
      const [, asset, address] = m;
      const chain = chainOfListedAddress(asset!, address!);
      const problem = addressProblem(chain, address!);
      if (problem && i === parts.length - 1) {
        // The last remark cut short: sdn.csv truncates long Remarks and sdn_comments.csv holds the rest.
        warnings.push(`ent_num ${b.entryId}: remarks end in a cut-short address ${JSON.stringify(address)} (is sdn_comments.csv missing?)`);
        continue;
      }
      // OFAC has published mistyped addresses (the mid-2021 file has a 39-digit ETH address): kept
      // as published, since it is what the list says, and reported.
      if (problem) warnings.push(`ent_num ${b.entryId}: Digital Currency Address - ${asset} ${JSON.stringify(address)}: ${problem}`);
      b.addAddress({ chain, address: address!, asset: asset! });
    } else if ((m = /^([afn])\.k\.a\.,?\s+'(.+)'$/.exec(part))) {
      // Weak AKAs: the legacy files keep them only in the remarks (strong ones are in alt.csv).
      const type = m[1] === 'f' ? 'fka' : m[1] === 'n' ? 'nka' : 'aka';
      b.addName({ name: m[2]!, primary: false, quality: 'weak', type, script: 'Latn' });
    }
  }
}
