/**
 * What every screening list becomes once read, whatever its published format (OFAC sdn_advanced.xml,
 * OFAC sdn/add/alt CSV, UN consolidated XML, PEP CSV, address lists), and what a name search
 * answers. The importers produce `ListEntry`s; the name index and the address index consume them;
 * the KYC module stores them per list version and raises hits from `NameMatch`es.
 */

export type PartyKind = 'individual' | 'entity' | 'vessel' | 'aircraft' | 'unknown';

export interface ListName {
  /** As published, in its own script (Cyrillic, Arabic, Han… are kept; the index transliterates). */
  readonly name: string;
  /** The entry's primary name, not an alias. */
  readonly primary: boolean;
  /** OFAC marks some aliases "weak" (low quality): they match with a penalty. */
  readonly quality: 'strong' | 'weak';
  /** ISO 15924 code of the script the name is written in ('Latn', 'Cyrl', 'Arab', 'Hans'…), when the list says. */
  readonly script?: string;
  /** What the list calls it: the name itself, also known as, formerly known as, now known as. */
  readonly type?: 'name' | 'aka' | 'fka' | 'nka';
}

export interface ListAddress {
  /** Vaultline chain id: 'bitcoin', 'ethereum', or the list's own asset code for other chains. */
  readonly chain: string;
  /** As published. */
  readonly address: string;
  /** The list's asset code (XBT, ETH, USDT…). */
  readonly asset: string;
}

export interface ListEntry {
  /** The list this entry belongs to ('ofac-sdn', 'un-consolidated', 'pep-…'). */
  readonly listId: string;
  /** Stable id within the list (OFAC FixedRef / ent_num, UN DATAID, PEP row id). */
  readonly entryId: string;
  readonly kind: PartyKind;
  readonly names: readonly ListName[];
  /** Dates of birth (individuals) as published precision: 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'. */
  readonly birthDates: readonly string[];
  /** ISO 3166-1 alpha-2 codes: nationality, citizenship, residence, registration. */
  readonly countries: readonly string[];
  /** Sanctions programmes (SDGT, CYBER2, RUSSIA-EO14024…) or the PEP position held. */
  readonly programs: readonly string[];
  readonly addresses: readonly ListAddress[];
  readonly remarks?: string;
}

export interface NameQuery {
  readonly name: string;
  readonly kind?: 'individual' | 'entity';
  readonly birthDate?: string;
  readonly countries?: readonly string[];
}

export type MatchFeatureName = 'tokens' | 'phonetic' | 'initials' | 'order' | 'typo' | 'transliteration' | 'birthDate' | 'country' | 'kind' | 'weakAlias';

export interface MatchFeature {
  readonly feature: MatchFeatureName;
  /** Plain words for the reviewer: "surname and given name agree", "born 1961, list says 1975". */
  readonly detail: string;
  /** Its effect on the score, positive when it agreed, negative when it penalised. */
  readonly effect: number;
}

export interface NameMatch {
  readonly listId: string;
  readonly entryId: string;
  /** The list name that matched best (primary or alias), as published. */
  readonly matchedName: string;
  /** 0..1, fine-grained so that candidates rank rather than tie at 1.0. */
  readonly score: number;
  readonly agreed: readonly MatchFeature[];
  readonly penalised: readonly MatchFeature[];
}

/** One published list read whole by an importer: what the KYC module stores as a list version. */
export interface ListImport {
  readonly listId: string;
  /** The published format the entries were read from. */
  readonly format: 'ofac-advanced-xml' | 'ofac-legacy-csv' | 'un-consolidated-xml' | 'pep-csv' | 'address-list-json';
  /** Date of issue as the list states it (YYYY-MM-DD), or as the importer was told for formats that carry none. */
  readonly issued: string;
  readonly entries: readonly ListEntry[];
  /** sha256 (hex) of the bytes read (the decompressed XML for a .bz2), to record what was imported. */
  readonly sourceSha256: string;
  /** Things read but not understood (a country name that names no country…), never errors. */
  readonly warnings: readonly string[];
}
