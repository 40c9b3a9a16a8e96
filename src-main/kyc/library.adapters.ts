/**
 * The screening library behind the KYC module's interfaces: its `NameIndex` as the name searcher
 * (with `weightsFrom` for the index of an update's changed entries) and its importers as the list
 * reader, for every format of `LIST_FORMATS`. The XML importers take the bytes plain or
 * bzip2-compressed (OFAC publishes sdn_advanced.xml that way); the other formats are decompressed
 * here when they arrive as bzip2. The digest recorded with a version is the SHA-256 of the bytes as
 * received.
 */
import { createHash } from 'node:crypto';
import { VaultlineError } from '../errors';
import { importOfacAdvancedXml } from '../screening/ofac-advanced.importer';
import { importOfacCsv } from '../screening/ofac-csv.importer';
import { importUnConsolidatedXml } from '../screening/un-consolidated.importer';
import { importPepCsv } from '../screening/pep-csv.importer';
import { importAddressListJson } from '../screening/address-list.importer';
import { bunzip2Bytes } from '../screening/bzip2.adapter';
import { NameIndex } from '../screening/name-index';
import type { ListReader } from './list-reader';
import type { NameIndexFactory } from './name-search';

/** The library's index; an update's part borrows the whole version's token weights. */
export const libraryNameIndex: NameIndexFactory = (entries, options) => {
  const whole = options?.weightsFrom;
  return new NameIndex(entries, whole instanceof NameIndex ? { weightsFrom: whole } : {});
};

/** A list file is read whole before it is parsed (bounded): the importers and the digest need all of it. */
const MAX_LIST_BYTES = 256 * 1024 * 1024;
const BZIP2 = [0x42, 0x5a, 0x68]; // "BZh" (bzip2 stream header)

async function readAll(chunks: AsyncIterable<Uint8Array>, format: string): Promise<{ bytes: Buffer; sha256: string }> {
  const hash = createHash('sha256');
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    size += chunk.length;
    if (size > MAX_LIST_BYTES) throw new VaultlineError('VALIDATION', `The ${format} file is larger than ${MAX_LIST_BYTES / 1024 / 1024} MB. Nothing was imported.`);
    hash.update(chunk);
    parts.push(Buffer.from(chunk));
  }
  if (size === 0) throw new VaultlineError('VALIDATION', `The ${format} file is empty. Nothing was imported.`);
  return { bytes: Buffer.concat(parts), sha256: hash.digest('hex') };
}

const isBzip2 = (bytes: Uint8Array): boolean => BZIP2.every((b, i) => bytes[i] === b);

async function decompressed(bytes: Buffer, what: string): Promise<Buffer> {
  if (!isBzip2(bytes)) return bytes;
  const parts: Uint8Array[] = [];
  for await (const part of bunzip2Bytes(bytes, what)) parts.push(part);
  return Buffer.concat(parts);
}

/**
 * Address list JSON as a bundle carries it: one file, an object of OFAC asset codes to arrays of
 * addresses (`{"XBT": ["bc1…"], "ETH": ["0x…"]}`, the per-asset files of the OFAC address lists
 * combined); each array goes to the library's importer as its own file.
 */
function addressListFiles(bytes: Buffer): Record<string, string> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (error) {
    throw new VaultlineError('VALIDATION', `The address-list-json file is malformed: ${error instanceof Error ? error.message : 'not JSON'}. Nothing was imported.`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new VaultlineError('VALIDATION', 'The address-list-json file is malformed: it must be an object of asset codes to arrays of addresses. Nothing was imported.');
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([asset, list]) => [asset, JSON.stringify(list)]));
}

/** The library's refusals name the format and the place; say also that nothing was imported. */
async function refusing<T>(format: string, read: () => Promise<T> | T): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof VaultlineError && error.code === 'VALIDATION') throw new VaultlineError('VALIDATION', `The ${format} file is malformed: ${error.message}. Nothing was imported.`, error.options);
    throw error;
  }
}

/** Every format of `LIST_FORMATS`, through the screening library's importers. */
export const libraryListReader: ListReader = async (r) => {
  const { bytes, sha256 } = await readAll(r.chunks, r.format);
  const issued = r.publishedAt.slice(0, 10);
  const what = `the ${r.format} file`;
  switch (r.format) {
    case 'ofac-sdn-advanced-xml': {
      const read = await refusing(r.format, () => importOfacAdvancedXml([bytes], { listId: r.listId, what, ...(r.expectedSha256 ? { expectedSha256: r.expectedSha256 } : {}) }));
      return { entries: read.entries, sha256, issued: read.issued, warnings: read.warnings };
    }
    case 'un-consolidated-xml': {
      const read = await refusing(r.format, () => importUnConsolidatedXml([bytes], { listId: r.listId, what }));
      return { entries: read.entries, sha256, issued: read.issued, warnings: read.warnings };
    }
    case 'ofac-sdn-csv': {
      const sdn = await decompressed(bytes, what);
      const read = await refusing(r.format, () => importOfacCsv({ sdn }, { listId: r.listId, issued }));
      return { entries: read.entries, sha256, issued: undefined, warnings: read.warnings };
    }
    case 'ofac-add-csv':
    case 'ofac-alt-csv':
      throw new VaultlineError('VALIDATION', `An OFAC ${r.format === 'ofac-add-csv' ? 'add.csv' : 'alt.csv'} file only completes sdn.csv; it is not a list on its own. Send the list as ofac-sdn-csv (or ofac-sdn-advanced-xml). Nothing was imported.`);
    case 'pep-csv': {
      const text = await decompressed(bytes, what);
      const read = await refusing(r.format, () => importPepCsv(text, { listId: r.listId, issued }));
      return { entries: read.entries, sha256, issued: undefined, warnings: read.warnings };
    }
    case 'address-list-json': {
      const files = addressListFiles(await decompressed(bytes, what));
      const read = await refusing(r.format, () => importAddressListJson(files, { listId: r.listId, issued }));
      return { entries: read.entries, sha256, issued: undefined, warnings: read.warnings };
    }
    default: {
      const never: never = r.format;
      throw new VaultlineError('VALIDATION', `Unknown list format ${String(never)}.`);
    }
  }
};
