/**
 * Digital-currency address lists in the format of the OFAC address extracts Vaultline ships
 * (resources/sanctions/ofac-addresses/, from 0xB10C's generator): one JSON array of address strings
 * per asset, the asset code being OFAC's (`XBT` is Bitcoin), files named
 * `sanctioned_addresses_<ASSET>.json`.
 *
 * Each distinct address (as compared on its chain, see address-chains.ts) becomes one entry with no
 * names, whose id is `<chain>:<normalised address>`, so the same address keeps its id from one
 * version of the list to the next and a diff of two versions gives exactly the listed and delisted
 * addresses. An address filed under several assets (an EVM address under ETH and USDT) is one
 * entry with one ListAddress per asset.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VaultlineError } from '../errors';
import { addressProblem, chainOfListedAddress, normaliseAddress } from './address-chains';
import { checkIssued, checkListId, refuse } from './list-import';
import type { ListAddress, ListEntry, ListImport } from './screening.types';

const FORMAT = 'address list JSON';
const FILE = /^sanctioned_addresses_([A-Z0-9]{2,10})\.json$/;

export interface AddressListOptions {
  readonly listId: string;
  readonly issued: string;
}

/** Reads one JSON array per asset code (`{ XBT: '["1…", …]', ETH: … }`). */
export function importAddressListJson(files: Readonly<Record<string, string | Uint8Array>>, options: AddressListOptions): ListImport {
  const listId = checkListId(options.listId);
  const issued = checkIssued(options.issued);
  const hash = createHash('sha256');
  const byKey = new Map<string, { chain: string; addresses: ListAddress[] }>();
  const assets = Object.keys(files).sort();
  if (assets.length === 0) throw new VaultlineError('VALIDATION', `${FORMAT}: no file given`);
  for (const asset of assets) {
    const where = `asset ${asset}`;
    if (!/^[A-Z0-9]{2,10}$/.test(asset)) refuse(FORMAT, where, 'the asset code must be 2–10 capital letters or digits');
    const input = files[asset]!;
    const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
    hash.update(`${asset}\n`).update(bytes).update('\n');
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    } catch (error) {
      refuse(FORMAT, where, `not valid JSON (${error instanceof Error ? error.message : String(error)})`, error);
    }
    if (!Array.isArray(parsed)) refuse(FORMAT, where, 'must be a JSON array of address strings');
    for (const [i, address] of parsed.entries()) {
      if (typeof address !== 'string') refuse(FORMAT, `${where}, item ${i}`, `must be a string, got ${JSON.stringify(address)}`);
      const chain = chainOfListedAddress(asset, address);
      const problem = addressProblem(chain, address);
      if (problem) refuse(FORMAT, `${where}, item ${i}`, `${JSON.stringify(address)}: ${problem}`);
      const key = `${chain}:${normaliseAddress(chain, address)}`;
      const slot = byKey.get(key) ?? { chain, addresses: [] };
      if (!slot.addresses.some((a) => a.asset === asset)) slot.addresses.push({ chain, address, asset });
      byKey.set(key, slot);
    }
  }
  const entries: ListEntry[] = [...byKey.entries()].map(([key, { addresses }]) => ({
    listId,
    entryId: key,
    kind: 'unknown',
    names: [],
    birthDates: [],
    countries: [],
    programs: [],
    addresses,
  }));
  return { listId, format: 'address-list-json', issued, entries, sourceSha256: hash.digest('hex'), warnings: [] };
}

/** The `sanctioned_addresses_<ASSET>.json` files of a folder, by asset code (other files are ignored). */
export function readAddressListDirectory(dir: string): Record<string, Uint8Array> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (error) {
    throw new VaultlineError('IO', `cannot read the address list folder ${dir}`, { cause: error });
  }
  const files: Record<string, Uint8Array> = {};
  for (const name of names.sort()) {
    const m = FILE.exec(name);
    if (m) files[m[1]!] = readFileSync(join(dir, name));
  }
  return files;
}
