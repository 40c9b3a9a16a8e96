/**
 * What every importer shares: refusals that name where the input is wrong, and the assembly of
 * entries (names de-duplicated, countries and dates sorted) so that two reads of the same list give
 * identical entries and digests.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { VaultlineError } from '../errors';
import type { ListAddress, ListEntry, ListName, PartyKind } from './screening.types';

/** Refuses the whole input: `where` names the line, record or element. */
export function refuse(format: string, where: string, message: string, cause?: unknown): never {
  throw new VaultlineError('VALIDATION', `${format}, ${where}: ${message}`, cause === undefined ? {} : { cause });
}

/** The bytes of a file as a stream of chunks (never the whole file at once). */
export async function* fileChunks(path: string): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    throw new VaultlineError('IO', `cannot read the list file ${path}`, { cause: error });
  }
}

export class EntryBuilder {
  readonly names: ListName[] = [];
  readonly birthDates = new Set<string>();
  readonly countries = new Set<string>();
  readonly programs = new Set<string>();
  readonly addresses: ListAddress[] = [];
  readonly #nameKeys = new Set<string>();
  readonly #addressKeys = new Set<string>();
  remarks: string | undefined;

  constructor(
    readonly listId: string,
    readonly entryId: string,
    public kind: PartyKind,
  ) {}

  addName(name: ListName): void {
    const text = name.name.normalize('NFC').replace(/\s+/g, ' ').trim();
    if (text === '') return;
    const key = `${text}\u0000${name.primary}\u0000${name.quality}`;
    if (this.#nameKeys.has(key)) return;
    this.#nameKeys.add(key);
    this.names.push({ ...name, name: text });
  }

  addAddress(address: ListAddress): void {
    const key = `${address.asset}\u0000${address.address}`;
    if (this.#addressKeys.has(key)) return;
    this.#addressKeys.add(key);
    this.addresses.push(address);
  }

  build(): ListEntry {
    // Primary first, then strong, then as published: the index reads them in this order.
    const names = [...this.names].sort((a, b) => Number(b.primary) - Number(a.primary) || Number(a.quality === 'weak') - Number(b.quality === 'weak'));
    return {
      listId: this.listId,
      entryId: this.entryId,
      kind: this.kind,
      names,
      birthDates: [...this.birthDates].sort(),
      countries: [...this.countries].sort(),
      programs: [...this.programs].sort(),
      addresses: this.addresses,
      ...(this.remarks === undefined || this.remarks === '' ? {} : { remarks: this.remarks }),
    };
  }
}

/** ISO 15924 code for the script names lists use ("Latin", "Cyrillic", OFAC's "Hebrew"…); undefined for Latin-only text. */
export function scriptOf(text: string): string | undefined {
  if (/\p{Script=Cyrillic}/u.test(text)) return 'Cyrl';
  if (/\p{Script=Arabic}/u.test(text)) return 'Arab';
  if (/\p{Script=Greek}/u.test(text)) return 'Grek';
  if (/\p{Script=Hebrew}/u.test(text)) return 'Hebr';
  if (/\p{Script=Hangul}/u.test(text)) return 'Hang';
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(text)) return 'Jpan';
  if (/\p{Script=Han}/u.test(text)) return 'Hani';
  if (/\p{Script=Georgian}/u.test(text)) return 'Geor';
  if (/\p{Script=Armenian}/u.test(text)) return 'Armn';
  if (/\p{Script=Thai}/u.test(text)) return 'Thai';
  if (/\p{Script=Devanagari}/u.test(text)) return 'Deva';
  return /\p{L}/u.test(text) ? 'Latn' : undefined;
}

/** A list id as the importers accept it (as the KYC commands do): lower case letters, digits, `-`, `_`, `.`. */
export function checkListId(listId: string): string {
  if (!/^[a-z0-9][a-z0-9_.-]{0,63}$/.test(listId)) {
    throw new VaultlineError('VALIDATION', `\`listId\` must be lower-case letters, digits, - _ or . (1–64), starting with a letter or digit, got ${JSON.stringify(listId)}`);
  }
  return listId;
}

/** An issue date as YYYY-MM-DD. */
export function checkIssued(issued: string, field = 'issued'): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(issued) || Number.isNaN(Date.parse(`${issued}T00:00:00Z`)) || new Date(`${issued}T00:00:00Z`).toISOString().slice(0, 10) !== issued) {
    throw new VaultlineError('VALIDATION', `\`${field}\` must be a date YYYY-MM-DD, got ${JSON.stringify(issued)}`);
  }
  return issued;
}

/**
 * CSV records (RFC 4180 through csv-parse) with the line each starts on; any syntax error refuses
 * the file with its line. Column counts are the caller's to check.
 */
export function csvRecords(text: string, format: string, file: string): { line: number; fields: string[] }[] {
  try {
    // With `info: true` csv-parse returns { record, info } per row; its typings do not model that option.
    const rows = parse(text, { info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as { record: string[]; info: { lines: number } }[];
    return rows.map(({ record, info }) => ({ line: info.lines, fields: record }));
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    refuse(format, `${file}${line ? `, line ${line}` : ''}`, `not valid CSV (${error instanceof Error ? error.message : String(error)})`, error);
  }
}

/** UTF-8 text of an input (a BOM dropped); invalid UTF-8 is refused. */
export function utf8Text(input: string | Uint8Array, format: string, file: string): string {
  if (typeof input === 'string') return input.replace(/^\uFEFF/, '');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(input).replace(/^\uFEFF/, '');
  } catch (error) {
    refuse(format, file, 'the file is not valid UTF-8 text', error);
  }
}
