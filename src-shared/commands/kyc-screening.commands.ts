/**
 * Screening lists as the KYC module keeps them: versions (each import a new one, never older than
 * the current), the entries each version holds, list imports from a file (the CLI; bundles bring
 * the same as `sanctions-list-update` items), the re-screen of everyone after them (a job), and ad
 * hoc screening of a name or an address.
 */
import { z } from 'zod';
import { defineCommand } from './define';
import { isoTimestamp, sha256Hex } from '../schemas';
import { countryCode, isoDate, matchFeature } from './kyc.commands';
import { jobView } from './evidence.commands';

export const LIST_FORMAT_VALUES = ['ofac-sdn-advanced-xml', 'ofac-sdn-csv', 'ofac-add-csv', 'ofac-alt-csv', 'un-consolidated-xml', 'address-list-json', 'pep-csv'] as const;
export const listId = z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'must be a list id such as ofac-sdn or pep-eu (lower-case letters, digits and dashes)');

export const listVersionView = z.object({
  id: z.number().int(),
  version: z.string(),
  publishedAt: isoTimestamp,
  format: z.string(),
  source: z.string(),
  digest: sha256Hex,
  entryCount: z.number().int(),
  added: z.number().int(),
  changed: z.number().int(),
  removed: z.number().int(),
  active: z.boolean(),
  importedAt: isoTimestamp,
  importedBy: z.string(),
  via: z.string(),
});

/** A re-screen of everyone against one list (kyc.rescreen.status): queued, or how it ended. */
export const rescreenTaskView = z.object({
  listId: z.string(),
  version: z.string(),
  full: z.boolean(),
  reason: z.string(),
  requestedBy: z.string(),
  requestedAt: isoTimestamp,
  done: z.number().int(),
});

export const rescreenResultView = z.object({
  listId: z.string(),
  version: z.string(),
  full: z.boolean(),
  reason: z.string(),
  subjects: z.number().int(),
  entriesScreened: z.number().int(),
  newHits: z.number().int(),
  rescored: z.number().int(),
  finishedAt: isoTimestamp,
});

const compliance = { roles: ['compliance_analyst', 'compliance_officer'] as const };
const readers = { roles: ['compliance_analyst', 'compliance_officer', 'auditor'] as const };

export const kycListsList = defineCommand({
  name: 'kyc.lists.list',
  summary: 'Screening lists: kind, threshold, the active version and the versions before it, entry counts',
  access: readers,
  input: z.object({}).strict(),
  output: z.object({
    lists: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(['sanctions', 'pep']),
        name: z.string(),
        threshold: z.number(),
        currentEntries: z.number().int(),
        addresses: z.number().int(),
        active: listVersionView.nullable(),
        versions: z.array(listVersionView),
      }),
    ),
  }),
});

export const kycListsImport = defineCommand({
  name: 'kyc.lists.import',
  summary: 'Import a list file (OFAC, UN, PEP, address list) as a new version, then re-screen every customer and known address',
  access: compliance,
  input: z
    .object({
      path: z.string().min(1).max(4096),
      listId,
      format: z.enum(LIST_FORMAT_VALUES),
      version: z.string().trim().min(1).max(100),
      publishedAt: isoTimestamp,
      source: z.string().trim().min(1).max(100),
      /** For a list the console does not know yet. */
      kind: z.enum(['sanctions', 'pep']).optional(),
      name: z.string().trim().min(1).max(100).optional(),
      threshold: z.number().min(0.5).max(1).optional(),
      /** ofac-sdn-advanced-xml: the SHA-256 OFAC publishes for the XML (sdn_advanced_checksum.txt); refused if it differs. */
      expectedSha256: z.string().regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex digits').optional(),
    })
    .strict(),
  output: z.object({
    version: listVersionView,
    /** Hits on entries the version dropped (now history) and the customers re-scored for it, in this command. */
    delistedHits: z.number().int(),
    rescored: z.number().int(),
    /** The background re-screen of everyone against the new version (poll jobs.get or kyc.rescreen.status). */
    jobId: z.string().nullable(),
  }),
});

const officer = { roles: ['compliance_officer'] as const };

export const kycRescreenStart = defineCommand({
  name: 'kyc.rescreen.start',
  summary: 'Re-screen every customer, beneficial owner and known address against the whole of every active list (or one), as a background job',
  access: officer,
  input: z.object({ listId: listId.optional(), reason: z.string().trim().min(3).max(500) }).strict(),
  output: z.object({ job: jobView, lists: z.array(z.string()) }),
});

export const kycRescreenStatus = defineCommand({
  name: 'kyc.rescreen.status',
  summary: 'The re-screen job running now (progress), the re-screens queued, and how the last one of each list ended',
  access: readers,
  quiet: true,
  input: z.object({}).strict(),
  output: z.object({ job: jobView.nullable(), pending: z.array(rescreenTaskView), last: z.array(rescreenResultView) }),
});

export const kycScreenName = defineCommand({
  name: 'kyc.screen.name',
  summary: 'Screen a name ad hoc against every active sanctions and PEP list (nothing is recorded but the audit entry)',
  access: readers,
  input: z
    .object({
      name: z.string().trim().min(2).max(200),
      kind: z.enum(['individual', 'entity']).optional(),
      birthDate: z.union([isoDate, z.string().regex(/^\d{4}(-\d{2})?$/)]).optional(),
      countries: z.array(countryCode).max(10).optional(),
      limit: z.number().int().min(1).max(50).default(10),
    })
    .strict(),
  output: z.object({
    matches: z.array(
      z.object({
        listId: z.string(),
        listName: z.string(),
        listVersion: z.string(),
        entryId: z.string(),
        entryName: z.string(),
        entryKind: z.string(),
        programs: z.array(z.string()),
        matchedName: z.string(),
        score: z.number(),
        threshold: z.number(),
        aboveThreshold: z.boolean(),
        agreed: z.array(matchFeature),
        penalised: z.array(matchFeature),
      }),
    ),
    listsSearched: z.number().int(),
  }),
});

export const kycScreenAddress = defineCommand({
  name: 'kyc.screen.address',
  summary: 'Screen a wallet address ad hoc against every active list that carries addresses',
  access: readers,
  input: z.object({ chain: z.enum(['bitcoin', 'ethereum']), address: z.string().trim().min(14).max(100) }).strict(),
  output: z.object({
    normalised: z.string(),
    hits: z.array(z.object({ listId: z.string(), listVersion: z.string(), entryId: z.string(), entryName: z.string(), asset: z.string(), address: z.string(), programs: z.array(z.string()) })),
    listsSearched: z.number().int(),
  }),
});
