/**
 * OFAC's "advanced" XML (sdn_advanced.xml, schema ADVANCED_XML, Version 3), read as a stream.
 *
 * The document is a set of reference value tables followed by parties that point into them by ID:
 *
 *   ReferenceValueSets   AliasType, Country (ISO2), FeatureType ("Birthdate", "Nationality Country",
 *                        "Digital Currency Address - XBT"…), PartySubType → PartyType, Script,
 *                        SanctionsType ("Program"), NamePartType…
 *   Locations            Location ID → LocationCountry (CountryID), or only a free-text part
 *   IDRegDocuments       (not used for screening)
 *   DistinctParties      DistinctParty FixedRef → Profile (PartySubTypeID) → Identity → Alias
 *                        (AliasTypeID, Primary, LowQuality) → DocumentedName (one per script) →
 *                        DocumentedNamePart → NamePartValue (ScriptID); Feature (FeatureTypeID) →
 *                        FeatureVersion → VersionDetail / VersionLocation / DatePeriod
 *   ProfileRelationships (not used)
 *   SanctionsEntries     SanctionsEntry ProfileID → SanctionsMeasure (SanctionsTypeID "Program",
 *                        the programme code in its Comment)
 *
 * Every ID is resolved through the file's own tables, never a hard-coded number. The programmes
 * come last in the file, so entries are complete only at the end: the result is returned whole or
 * not at all. Memory holds the reference tables, a country per location and the entries themselves,
 * never the document.
 */
import { readFileSync } from 'node:fs';
import { VaultlineError } from '../errors';
import { addressProblem, chainOfListedAddress } from './address-chains';
import { bunzip2File, maybeBunzip2 } from './bzip2.adapter';
import { countryCode } from './countries';
import { datesOfPeriod, type DateParts } from './list-dates';
import { checkListId, EntryBuilder, fileChunks, refuse, scriptOf } from './list-import';
import type { ListImport, ListName, PartyKind } from './screening.types';
import { readXml } from './xml-stream';

const FORMAT = 'OFAC advanced XML';
const NAMESPACE = 'https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/ADVANCED_XML';
const ADDRESS_FEATURE = /^Digital Currency Address - ([A-Z0-9]+)$/;
const COUNTRY_FEATURES = new Set(['Nationality Country', 'Citizenship Country', 'Location', 'Nationality of Registration', 'Registration Country']);
const ALIAS_TYPES: Readonly<Record<string, ListName['type']>> = { Name: 'name', 'A.K.A.': 'aka', 'F.K.A.': 'fka', 'N.K.A.': 'nka' };

export interface OfacAdvancedOptions {
  /** Defaults to 'ofac-sdn'. */
  readonly listId?: string;
  /** sha256 (hex) the decompressed XML must have (sdn_advanced_checksum.txt); refused if it differs. */
  readonly expectedSha256?: string;
  /** How to name the input in messages. */
  readonly what?: string;
  /** Called as the (decompressed) XML is read, with the bytes read so far (≈121 MB for the full list). */
  readonly onProgress?: (bytesRead: number) => void;
}

interface PeriodPoint {
  year?: number;
  month?: number;
  day?: number;
}

interface PartyState {
  readonly builder: EntryBuilder;
  readonly line: number;
  alias?: { type: ListName['type']; primary: boolean; weak: boolean };
  nameParts?: string[];
  hasPrimaryName: boolean;
  feature?: { typeId: string; line: number };
  version?: { detail?: string; locationIds: string[]; start?: PeriodPoint; end?: PeriodPoint };
}

/**
 * Reads sdn_advanced.xml from a stream of its bytes, plain or bzip2-compressed (as OFAC's mirrors
 * publish it; recognised by its magic). Refuses with a message naming
 * the line for any document that is not well-formed, not OFAC's advanced format, points to a
 * reference value it does not define, or whose checksum differs from `expectedSha256`.
 */
export async function importOfacAdvancedXml(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: OfacAdvancedOptions = {}): Promise<ListImport> {
  const listId = checkListId(options.listId ?? 'ofac-sdn');
  const what = options.what ?? FORMAT;
  const expected = options.expectedSha256?.toLowerCase();
  if (expected !== undefined && !/^[0-9a-f]{64}$/.test(expected)) throw new VaultlineError('VALIDATION', '`expectedSha256` must be 64 hex digits');

  // Reference value sets: ID → meaning.
  const aliasTypes = new Map<string, string>();
  const countries = new Map<string, { iso2?: string; name: string }>();
  const featureTypes = new Map<string, string>();
  const partySubTypes = new Map<string, { partyTypeId: string; name: string }>();
  const partyTypes = new Map<string, string>();
  const scripts = new Map<string, string>();
  const sanctionsTypes = new Map<string, string>();
  const refAttrs = new Map<string, Readonly<Record<string, string>>>();

  // Locations: ID → country (ISO2) or, for a location with only a free-text part, that text.
  const locations = new Map<string, { iso2?: string; text?: string }>();
  let location: { id: string; countryId?: string; parts: string[] } | undefined;

  const parties = new Map<string, PartyState>(); // by Profile ID
  const entryIds = new Set<string>();
  let party: PartyState | undefined;
  let fixedRef: string | undefined;
  let partyLine = 0;

  let sanctionsEntry: { profile: PartyState } | undefined;
  let measureType: string | undefined;

  const issued: PeriodPoint = {};
  let rootChecked = false;
  const warnings: string[] = [];

  const result = await readXml(maybeBunzip2(source, what), what, (pos) => {
    const at = (): string => `line ${pos.line}`;
    const need = (attrs: Readonly<Record<string, string>>, name: string, element: string): string => {
      const v = attrs[name];
      if (v === undefined || v === '') refuse(what, at(), `${element} has no ${name}`);
      return v;
    };
    const lookup = <T>(table: Map<string, T>, id: string | undefined, element: string, attr: string): T => {
      const v = id === undefined ? undefined : table.get(id);
      if (v === undefined) refuse(what, at(), `${element} ${attr}="${id ?? ''}" is not in the file's reference values`);
      return v;
    };

    return {
      open(name, attrs, stack) {
        if (!rootChecked) {
          if (name !== 'Sanctions' || attrs.xmlns !== NAMESPACE) refuse(what, at(), `the root element must be <Sanctions xmlns="${NAMESPACE}">, got <${name}>`);
          rootChecked = true;
          return;
        }
        const parent = stack[stack.length - 2];
        if (stack[1] === 'ReferenceValueSets' && stack.length === 4) {
          refAttrs.set(name, attrs);
          return;
        }
        switch (name) {
          case 'Location':
            if (parent === 'Locations') location = { id: need(attrs, 'ID', 'Location'), parts: [] };
            return;
          case 'LocationCountry':
            if (location) location.countryId = need(attrs, 'CountryID', 'LocationCountry');
            return;
          case 'DistinctParty':
            fixedRef = need(attrs, 'FixedRef', 'DistinctParty');
            partyLine = pos.line;
            if (entryIds.has(fixedRef)) refuse(what, at(), `DistinctParty FixedRef="${fixedRef}" appears twice`);
            entryIds.add(fixedRef);
            return;
          case 'Profile': {
            if (fixedRef === undefined) return;
            const id = need(attrs, 'ID', 'Profile');
            const subType = lookup(partySubTypes, attrs.PartySubTypeID, 'Profile', 'PartySubTypeID');
            const partyType = lookup(partyTypes, subType.partyTypeId, 'PartySubType', 'PartyTypeID');
            if (parties.has(id)) refuse(what, at(), `Profile ID="${id}" appears twice`);
            party = { builder: new EntryBuilder(listId, fixedRef, kindOf(partyType, subType.name)), line: partyLine, hasPrimaryName: false };
            parties.set(id, party);
            return;
          }
          case 'Alias': {
            if (!party) return;
            const type = lookup(aliasTypes, attrs.AliasTypeID, 'Alias', 'AliasTypeID');
            party.alias = { type: ALIAS_TYPES[type] ?? 'aka', primary: attrs.Primary === 'true', weak: attrs.LowQuality === 'true' };
            return;
          }
          case 'DocumentedName':
            if (party?.alias) party.nameParts = [];
            return;
          case 'NamePartValue':
            if (party?.nameParts && attrs.ScriptID !== undefined) lookup(scripts, attrs.ScriptID, 'NamePartValue', 'ScriptID');
            return;
          case 'Feature':
            if (party && parent === 'Profile') {
              lookup(featureTypes, attrs.FeatureTypeID, 'Feature', 'FeatureTypeID');
              party.feature = { typeId: attrs.FeatureTypeID!, line: pos.line };
            }
            return;
          case 'FeatureVersion':
            if (party?.feature) party.version = { locationIds: [] };
            return;
          case 'VersionLocation':
            if (party?.version) party.version.locationIds.push(need(attrs, 'LocationID', 'VersionLocation'));
            return;
          case 'Start':
          case 'End':
            if (party?.version && parent === 'DatePeriod') party.version[name === 'Start' ? 'start' : 'end'] = {};
            return;
          case 'SanctionsEntry': {
            const profileId = need(attrs, 'ProfileID', 'SanctionsEntry');
            const profile = parties.get(profileId);
            if (!profile) refuse(what, at(), `SanctionsEntry ProfileID="${profileId}" names no DistinctParty profile`);
            sanctionsEntry = { profile };
            return;
          }
          case 'SanctionsMeasure':
            if (sanctionsEntry) measureType = lookup(sanctionsTypes, attrs.SanctionsTypeID, 'SanctionsMeasure', 'SanctionsTypeID');
            return;
          default:
            return;
        }
      },

      close(name, text, stack) {
        const parent = stack[stack.length - 2];
        // Reference value sets: <XValues><X ID="…">meaning</X></XValues>.
        if (stack[1] === 'ReferenceValueSets' && stack.length === 4) {
          const attrs = refAttrs.get(name) ?? {};
          const id = attrs.ID;
          if (id === undefined) refuse(what, at(), `reference value <${name}> has no ID`);
          const value = text.trim();
          switch (name) {
            case 'AliasType':
              aliasTypes.set(id, value);
              break;
            case 'Country':
              countries.set(id, { name: value, ...(attrs.ISO2 ? { iso2: attrs.ISO2 } : {}) });
              break;
            case 'FeatureType':
              featureTypes.set(id, value);
              break;
            case 'PartySubType':
              partySubTypes.set(id, { partyTypeId: attrs.PartyTypeID ?? '', name: value });
              break;
            case 'PartyType':
              partyTypes.set(id, value);
              break;
            case 'Script':
              scripts.set(id, value);
              break;
            case 'SanctionsType':
              sanctionsTypes.set(id, value);
              break;
            default:
              break;
          }
          return;
        }
        if (stack[1] === 'DateOfIssue' && stack.length === 3) {
          issued[name === 'Year' ? 'year' : name === 'Month' ? 'month' : 'day'] = Number(text.trim());
          return;
        }
        switch (name) {
          case 'Value':
            if (location && stack.includes('LocationPart')) location.parts.push(text.trim());
            return;
          case 'Location':
            if (location && parent === 'Locations') {
              const c = location.countryId === undefined ? undefined : lookup(countries, location.countryId, 'LocationCountry', 'CountryID');
              const iso2 = c ? (c.iso2 ?? countryCode(c.name)) : undefined;
              locations.set(location.id, iso2 ? { iso2 } : { text: location.parts.join(', ') });
              location = undefined;
            }
            return;
          case 'NamePartValue':
            if (party?.nameParts) party.nameParts.push(text.trim());
            return;
          case 'DocumentedName':
            if (party?.alias && party.nameParts) {
              const full = party.nameParts.filter((t) => t !== '').join(' ');
              if (full === '') refuse(what, at(), `DocumentedName of party ${party.builder.entryId} has no name parts`);
              party.builder.addName({
                name: full,
                primary: party.alias.primary,
                quality: party.alias.weak ? 'weak' : 'strong',
                ...(party.alias.type ? { type: party.alias.type } : {}),
                // The script recorded is what the characters are (what transliteration needs);
                // NamePartValue's ScriptID is only checked against the reference table above.
                ...scriptField(full),
              });
              if (party.alias.primary) party.hasPrimaryName = true;
              party.nameParts = undefined;
            }
            return;
          case 'Alias':
            if (party) party.alias = undefined;
            return;
          case 'Year':
          case 'Month':
          case 'Day': {
            if (!party?.version) return;
            const point = stack[stack.length - 3] === 'Start' ? party.version.start : stack[stack.length - 3] === 'End' ? party.version.end : undefined;
            if (!point) return;
            // Start/From and End/To bound the period (Start/To and End/From narrow it; not needed).
            const bound = (stack[stack.length - 3] === 'Start' && parent === 'From') || (stack[stack.length - 3] === 'End' && parent === 'To');
            if (!bound) return;
            const n = Number(text.trim());
            if (!Number.isInteger(n)) refuse(what, at(), `<${name}> must be a number, got ${JSON.stringify(text.trim())}`);
            point[name === 'Year' ? 'year' : name === 'Month' ? 'month' : 'day'] = n;
            return;
          }
          case 'VersionDetail':
            if (party?.version) party.version.detail = text.trim();
            return;
          case 'FeatureVersion':
            if (party?.feature && party.version) applyFeature(party, featureTypes.get(party.feature.typeId)!, party.version, at());
            if (party) party.version = undefined;
            return;
          case 'Feature':
            if (party && parent === 'Profile') party.feature = undefined;
            return;
          case 'Profile':
            if (party && !party.hasPrimaryName) refuse(what, `line ${party.line}`, `DistinctParty FixedRef="${party.builder.entryId}" has no primary name`);
            party = undefined;
            return;
          case 'DistinctParty':
            fixedRef = undefined;
            return;
          case 'Comment':
            if (sanctionsEntry && measureType === 'Program' && parent === 'SanctionsMeasure' && text.trim() !== '') sanctionsEntry.profile.builder.programs.add(text.trim());
            return;
          case 'SanctionsMeasure':
            measureType = undefined;
            return;
          case 'SanctionsEntry':
            sanctionsEntry = undefined;
            return;
          default:
            return;
        }
      },
    };

    function applyFeature(p: PartyState, type: string, version: NonNullable<PartyState['version']>, where: string): void {
      const address = ADDRESS_FEATURE.exec(type);
      if (address) {
        const asset = address[1]!;
        const value = version.detail ?? '';
        const chain = chainOfListedAddress(asset, value);
        const problem = addressProblem(chain, value);
        if (value === '') refuse(what, where, `party ${p.builder.entryId}: ${type} has no value`);
        // A mistyped address is what OFAC published: kept as such, and reported.
        if (problem) warnings.push(`party ${p.builder.entryId}: ${type} ${JSON.stringify(value)}: ${problem}`);
        p.builder.addAddress({ chain, address: value, asset });
        return;
      }
      if (type === 'Birthdate') {
        if (!version.start?.year || !version.end?.year) refuse(what, where, `party ${p.builder.entryId}: Birthdate without a year`);
        for (const d of datesOfPeriod(version.start as DateParts, version.end as DateParts)) p.builder.birthDates.add(d);
        return;
      }
      if (COUNTRY_FEATURES.has(type)) {
        for (const id of version.locationIds) {
          const loc = locations.get(id);
          if (!loc) refuse(what, where, `party ${p.builder.entryId}: VersionLocation LocationID="${id}" is not among the file's Locations`);
          const iso2 = loc.iso2 ?? (loc.text ? countryCode(loc.text) : undefined);
          if (iso2) p.builder.countries.add(iso2);
          else if (loc.text && type !== 'Location') warnings.push(`party ${p.builder.entryId}: ${type} "${loc.text}" names no ISO country`);
        }
      }
    }
  }, options.onProgress);

  if (!rootChecked) refuse(what, 'line 1', 'not an OFAC advanced XML document');
  if (issued.year === undefined || issued.month === undefined || issued.day === undefined) refuse(what, 'DateOfIssue', 'the document has no complete DateOfIssue');
  if (parties.size === 0) refuse(what, 'DistinctParties', 'the document lists no party');
  if (expected !== undefined && result.sha256 !== expected) {
    throw new VaultlineError('INTEGRITY_FAILURE', `${what}: its sha256 ${result.sha256} differs from the published checksum ${expected}; nothing was imported`);
  }
  const entries = [...parties.values()].map((p) => p.builder.build());
  return {
    listId,
    format: 'ofac-advanced-xml',
    issued: `${issued.year}-${String(issued.month).padStart(2, '0')}-${String(issued.day).padStart(2, '0')}`,
    entries,
    sourceSha256: result.sha256,
    warnings,
  };
}

function scriptField(name: string): { script?: string } {
  const script = scriptOf(name);
  return script ? { script } : {};
}

function kindOf(partyType: string, subType: string): PartyKind {
  if (partyType === 'Individual') return 'individual';
  if (partyType === 'Entity') return 'entity';
  if (partyType === 'Transport') return subType === 'Vessel' ? 'vessel' : subType === 'Aircraft' ? 'aircraft' : 'unknown';
  return 'unknown';
}

/**
 * The checksum file OFAC's mirror publishes beside the XML: `SHA256(sdn_advanced.xml) = <hex>`
 * (openssl's format), or sha256sum's `<hex>  <name>`, or the bare hex.
 */
export function parseOfacChecksum(text: string): string {
  const m = /^(?:SHA256\([^)]*\)\s*=\s*)?([0-9a-fA-F]{64})(?:\s+\*?\S+)?\s*$/.exec(text.trim());
  if (!m) throw new VaultlineError('VALIDATION', 'the checksum file must hold one sha256 (openssl or sha256sum format)');
  return m[1]!.toLowerCase();
}

/**
 * Reads sdn_advanced.xml or sdn_advanced.xml.bz2 from disk (decompressed on the way, never whole in
 * memory), checked against a checksum file if one is given.
 */
export async function importOfacAdvancedFile(path: string, options: { readonly checksumPath?: string; readonly listId?: string; readonly onProgress?: (bytesRead: number) => void } = {}): Promise<ListImport> {
  let expectedSha256: string | undefined;
  if (options.checksumPath !== undefined) {
    try {
      expectedSha256 = parseOfacChecksum(readFileSync(options.checksumPath, 'utf8'));
    } catch (error) {
      if (error instanceof VaultlineError) throw error;
      throw new VaultlineError('IO', `cannot read the checksum file ${options.checksumPath}`, { cause: error });
    }
  }
  const source = path.endsWith('.bz2') ? bunzip2File(path) : fileChunks(path);
  return importOfacAdvancedXml(source, {
    ...(options.listId ? { listId: options.listId } : {}),
    ...(expectedSha256 ? { expectedSha256 } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    what: path.split(/[\\/]/).pop() ?? path,
  });
}
