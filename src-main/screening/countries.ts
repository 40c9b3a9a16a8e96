/**
 * Country names as sanctions lists spell them → ISO 3166-1 alpha-2. i18n-iso-countries knows the
 * ISO and common English names; OFAC ("Korea, North", "Bahamas, The", "Burma") and the UN ("Iran
 * (Islamic Republic of)", "United Kingdom of Great Britain and Northern Ireland") use others, listed
 * below from the 2025-11-19 sdn_advanced.xml country table and the UN consolidated list. A name that
 * is not a country (OFAC's "Region: Gaza", "undetermined", the UN's "na") resolves to undefined.
 */
import { createRequire } from 'node:module';
import countries, { type LocaleData } from 'i18n-iso-countries';

// The English names are a JSON file of the package. Read with `require` rather than an import:
// Node's ESM loader wants an import attribute for JSON, which the electron-vite build (rolldown)
// drops from external imports; `require` loads it the same way under Node, tsx, vitest and the
// built hosts, without bundling the library.
countries.registerLocale(createRequire(import.meta.url)('i18n-iso-countries/langs/en.json') as LocaleData);

const ALIASES: Readonly<Record<string, string>> = {
  // OFAC spellings i18n-iso-countries does not know (every one in the 2025-11-19 CountryValues).
  'bahamas, the': 'BS',
  brunei: 'BN',
  burma: 'MM',
  'cabo verde': 'CV',
  'congo, republic of the': 'CG',
  'congo, democratic republic of the': 'CD',
  'cote d ivoire': 'CI',
  "cote d'ivoire": 'CI',
  'korea, north': 'KP',
  'korea, south': 'KR',
  laos: 'LA',
  'north macedonia, the republic of': 'MK',
  moldova: 'MD',
  syria: 'SY',
  macau: 'MO',
  'man, isle of': 'IM',
  palestinian: 'PS',
  'gambia, the': 'GM',
  kosovo: 'XK',
  'west bank': 'PS',
  'region: gaza': 'PS',
  gaza: 'PS',
  // UN spellings.
  'iran (islamic republic of)': 'IR',
  "democratic people's republic of korea": 'KP',
  'republic of korea': 'KR',
  'united kingdom of great britain and northern ireland': 'GB',
  "lao people's democratic republic": 'LA',
  'bolivia (plurinational state of)': 'BO',
  'venezuela (bolivarian republic of)': 'VE',
  'republic of moldova': 'MD',
  'state of palestine': 'PS',
  'occupied palestinian territory': 'PS',
  'viet nam': 'VN',
  'russian federation': 'RU',
  'netherlands (kingdom of the)': 'NL',
  // Common short forms.
  'united states': 'US',
  usa: 'US',
  uk: 'GB',
  'great britain': 'GB',
  uae: 'AE',
  turkey: 'TR',
  'czech republic': 'CZ',
  'british virgin islands': 'VG',
};

const cache = new Map<string, string | undefined>();

/** ISO alpha-2 for a country name or code as lists publish it, or undefined if it names no country. */
export function countryCode(name: string): string | undefined {
  const key = name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
  if (key === '') return undefined;
  if (cache.has(key)) return cache.get(key);
  const code = resolve(key);
  cache.set(key, code);
  return code;
}

function resolve(key: string): string | undefined {
  const alias = ALIASES[key] ?? ALIASES[key.normalize('NFD').replace(/\p{M}/gu, '')];
  if (alias) return alias;
  if (/^[a-z]{2}$/.test(key)) return countries.isValid(key.toUpperCase()) ? key.toUpperCase() : undefined;
  const direct = countries.getAlpha2Code(key, 'en');
  if (direct) return direct;
  // "Congo, Democratic Republic of the" → "Democratic Republic of the Congo"; "Bahamas, The" → "Bahamas".
  const comma = /^(.+?),\s*(.+)$/.exec(key);
  if (comma) {
    const [, head, tail] = comma;
    for (const candidate of [`${tail} ${head}`, head!, tail!]) {
      const code = countries.getAlpha2Code(candidate, 'en');
      if (code) return code;
    }
  }
  // "Iran (Islamic Republic of)" → "Iran".
  const bare = key.replace(/\s*\(.*\)\s*$/, '');
  if (bare !== key) return countries.getAlpha2Code(bare, 'en') ?? undefined;
  return undefined;
}

/** True for a valid ISO 3166-1 alpha-2 code (upper case), including Kosovo's user-assigned XK. */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && (code === 'XK' || countries.isValid(code));
}
