/**
 * Reading a list file into `ListEntry`s, whatever its published format: the adapter between the
 * formats bundles and the CLI name (item-schemas.ts `LIST_FORMATS`) and the screening library's
 * importers. Formats whose importer is not wired yet are refused with a clear message, never
 * half-read. The file's SHA-256 is computed over the bytes as received.
 */
import { createHash } from 'node:crypto';
import { VaultlineError } from '../errors';
import type { ListAddress, ListEntry } from '../screening/screening.types';
import type { LIST_FORMAT_VALUES } from '../../src-shared/commands/kyc-screening.commands';

export type ListFormat = (typeof LIST_FORMAT_VALUES)[number];

export interface ListReadRequest {
  readonly listId: string;
  readonly format: ListFormat;
  /** The publication date the sender gives (formats without one of their own use it). */
  readonly publishedAt: string;
  readonly chunks: AsyncIterable<Uint8Array>;
  /** ofac-sdn-advanced-xml: the SHA-256 the decompressed XML must have, as OFAC publishes it. */
  readonly expectedSha256?: string | undefined;
}

export interface ListRead {
  readonly entries: readonly ListEntry[];
  /** SHA-256 (hex) of the bytes received. */
  readonly sha256: string;
  /** The issue date the file itself states (YYYY-MM-DD), for formats that carry one. */
  readonly issued: string | undefined;
  readonly warnings: readonly string[];
}

export type ListReader = (request: ListReadRequest) => Promise<ListRead>;

const malformed = (format: string, where: string, message: string): never => {
  throw new VaultlineError('VALIDATION', `The ${format} file is malformed (${where}): ${message}. Nothing was imported.`);
};

async function readAll(chunks: AsyncIterable<Uint8Array>, maxBytes: number, format: string): Promise<{ bytes: Buffer; sha256: string }> {
  const hash = createHash('sha256');
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > maxBytes) throw new VaultlineError('VALIDATION', `The ${format} file is larger than ${maxBytes / 1024 / 1024} MB. Nothing was imported.`);
    hash.update(chunk);
    parts.push(Buffer.from(chunk));
  }
  return { bytes: Buffer.concat(parts), sha256: hash.digest('hex') };
}

function utf8(bytes: Buffer, format: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return malformed(format, 'encoding', 'it is not UTF-8 text');
  }
}

/** RFC 4180 CSV: quoted fields with "" escapes, CRLF or LF line ends. */
export function parseCsv(text: string, format: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((f) => f !== '')) rows.push(row);
      row = [];
      field = '';
      line++;
    } else if (c === '"') malformed(format, `line ${line}`, 'a quote inside an unquoted field');
    else field += c;
  }
  if (quoted) malformed(format, `line ${line}`, 'a quoted field is not closed');
  row.push(field);
  if (row.some((f) => f !== '')) rows.push(row);
  return rows;
}

/**
 * PEP CSV, the screening library's documented format (RFC 4180, UTF-8, header row
 * `id,name,aliases,birthDate,country,position` exactly): aliases and countries `;`-separated,
 * birthDate YYYY, YYYY-MM or YYYY-MM-DD. Stand-in until the library's importer is wired.
 */
export const PEP_CSV_HEADER = ['id', 'name', 'aliases', 'birthDate', 'country', 'position'] as const;

export function readPepCsv(listId: string, text: string): ListEntry[] {
  const format = 'pep-csv';
  const rows = parseCsv(text, format);
  const header = rows.shift()?.map((h) => h.trim());
  if (!header || header.join(',') !== PEP_CSV_HEADER.join(',')) return malformed(format, 'line 1', `the header must be exactly "${PEP_CSV_HEADER.join(',')}"`);
  const seen = new Set<string>();
  return rows.map((row, i) => {
    const where = `line ${i + 2}`;
    if (row.length !== header.length) malformed(format, where, `${row.length} fields, the header has ${header.length}`);
    const [id, name, aliasText, birth, countryText, position] = row.map((f) => f.trim()) as [string, string, string, string, string, string];
    if (!id || !name) malformed(format, where, 'id and name must not be empty');
    if (seen.has(id)) malformed(format, where, `id ${id} appears twice`);
    seen.add(id);
    if (birth && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(birth)) malformed(format, where, `birthDate "${birth}" is not YYYY, YYYY-MM or YYYY-MM-DD`);
    const countries = countryText.split(';').map((c) => c.trim()).filter(Boolean);
    for (const c of countries) if (!/^[A-Z]{2}$/.test(c)) malformed(format, where, `country "${c}" is not an ISO 3166-1 alpha-2 code`);
    const aliases = aliasText.split(';').map((a) => a.trim()).filter(Boolean);
    return {
      listId,
      entryId: id,
      kind: 'individual' as const,
      names: [{ name, primary: true, quality: 'strong' as const }, ...aliases.map((a) => ({ name: a, primary: false, quality: 'strong' as const }))],
      birthDates: birth ? [birth] : [],
      countries: [...new Set(countries)].sort(),
      programs: position ? [position] : [],
      addresses: [],
    };
  });
}

const EVM = /^0x[0-9a-fA-F]{40}$/;

/**
 * Address list JSON: an object of OFAC asset codes to arrays of addresses (the per-asset files of
 * the OFAC digital-currency address lists, combined): `{"XBT": ["bc1…"], "ETH": ["0x…"]}`. Each
 * distinct address is one entry, `<chain>:<normalised address>` (as the library's importer names
 * them), with one ListAddress per asset it is filed under.
 */
export function readAddressListJson(listId: string, text: string): ListEntry[] {
  const format = 'address-list-json';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return malformed(format, 'JSON', error instanceof Error ? error.message : 'not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return malformed(format, 'top level', 'must be an object of asset codes to arrays of addresses');
  const entries = new Map<string, { chain: string; addresses: ListAddress[] }>();
  for (const [asset, addresses] of Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b))) {
    if (!/^[A-Z0-9]{2,10}$/.test(asset)) malformed(format, asset, 'an asset code is 2–10 upper-case letters or digits');
    if (!Array.isArray(addresses)) malformed(format, asset, 'must be an array of addresses');
    for (const [i, address] of (addresses as unknown[]).entries()) {
      if (typeof address !== 'string' || !/^[A-Za-z0-9:]{20,120}$/.test(address)) malformed(format, `${asset}[${i}]`, 'an address is 20 to 120 letters and digits');
      const a = address as string;
      const chain = EVM.test(a) ? 'ethereum' : asset === 'XBT' || asset === 'BTC' ? 'bitcoin' : asset;
      const key = addressKey(chain, a);
      const entry = entries.get(key) ?? { chain, addresses: [] };
      if (!entry.addresses.some((x) => x.asset === asset)) entry.addresses.push({ chain, address: a, asset });
      entries.set(key, entry);
    }
  }
  return [...entries].map(([entryId, e]) => ({ listId, entryId, kind: 'unknown' as const, names: [], birthDates: [], countries: [], programs: [], addresses: e.addresses }));
}

/** `chain:address` as compared: EVM and bech32 in lower case, base58 exactly. */
function addressKey(chain: string, address: string): string {
  return `${chain}:${chain === 'ethereum' || /^(bc|tb|bcrt|ltc)1/i.test(address) ? address.toLowerCase() : address}`;
}

const MAX_TEXT_LIST_BYTES = 64 * 1024 * 1024;

/** The reader for the formats the KYC module can read today (see the module comment). */
export const basicListReader: ListReader = async (request) => {
  switch (request.format) {
    case 'pep-csv': {
      const { bytes, sha256 } = await readAll(request.chunks, MAX_TEXT_LIST_BYTES, request.format);
      return { entries: readPepCsv(request.listId, utf8(bytes, request.format)), sha256, issued: undefined, warnings: [] };
    }
    case 'address-list-json': {
      const { bytes, sha256 } = await readAll(request.chunks, MAX_TEXT_LIST_BYTES, request.format);
      return { entries: readAddressListJson(request.listId, utf8(bytes, request.format)), sha256, issued: undefined, warnings: [] };
    }
    case 'ofac-sdn-advanced-xml':
    case 'ofac-sdn-csv':
    case 'ofac-add-csv':
    case 'ofac-alt-csv':
    case 'un-consolidated-xml':
      throw new VaultlineError('VALIDATION', `Lists in the ${request.format} format cannot be read by this console yet. Nothing was imported.`);
    default: {
      const never: never = request.format;
      throw new VaultlineError('VALIDATION', `Unknown list format ${String(never)}.`);
    }
  }
};
