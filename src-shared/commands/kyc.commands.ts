/**
 * KYC files: customers (individuals and entities with their beneficial owners), documents in the
 * vault, screening hits and their resolution, risk assessments, and the review decisions. The
 * schemas check shape and format; the main process checks meaning (real dates, ISO country codes,
 * owners of at least 25 % or with control, known products) and answers VALIDATION with the field.
 */
import { z } from 'zod';
import { defineCommand } from './define';
import { isoTimestamp, sha256Hex } from '../schemas';

export const customerId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, 'must be a customer id such as C-0001 (letters, digits, _ . : -)');
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD');
export const countryCode = z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code such as DE');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
const reason = z.string().trim().min(10, 'must give the reason in at least 10 characters').max(2000);
const code = z.string().regex(/^[a-z][a-z_]{1,39}$/, 'must be a code such as custody or salary');

export const KYC_STATUS_VALUES = ['pending_review', 'information_requested', 'approved', 'rejected'] as const;
export const kycStatus = z.enum(KYC_STATUS_VALUES);
export const riskLevel = z.enum(['low', 'medium', 'high']);
export const cddLevel = z.enum(['simplified', 'standard', 'enhanced']);
export const ID_DOCUMENT_TYPES = ['passport', 'id_card', 'driving_licence', 'residence_permit'] as const;
export const KYC_DOCUMENT_KIND_VALUES = ['passport', 'id_card', 'driving_licence', 'residence_permit', 'proof_of_address', 'selfie', 'company_registration', 'ownership_chart', 'source_of_funds', 'other'] as const;
export const CONSENT_KINDS = ['data_processing', 'screening', 'electronic_communications'] as const;
/** What the vault takes as a KYC document (DESIGN.md: scans up to 25 MB). */
export const KYC_DOCUMENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export const KYC_DOCUMENT_MAX_BYTES = 25 * 1024 * 1024;

export const beneficialOwnerInput = z
  .object({
    legalName: text(200),
    dateOfBirth: isoDate,
    nationality: countryCode,
    residence: countryCode,
    /** Share of ownership or voting rights, 0–100. */
    ownershipPercent: z.number().min(0).max(100),
    /** Control by other means (FATF R24/R25: senior managing official, veto rights…). */
    control: z.boolean().default(false),
  })
  .strict();

export const walletAddressInput = z.object({ chain: z.enum(['bitcoin', 'ethereum']), address: z.string().trim().min(14).max(100), label: z.string().trim().max(80).optional() }).strict();

export const consentInput = z.object({ kind: z.enum(CONSENT_KINDS), granted: z.boolean(), givenAt: isoTimestamp, textVersion: text(40) }).strict();

/** A customer profile as the console or a bundle submission gives it (the whole profile, not a patch). */
export const kycProfileInput = z
  .object({
    type: z.enum(['individual', 'entity']),
    legalName: text(200),
    dateOfBirth: isoDate.optional(),
    nationality: countryCode.optional(),
    residence: countryCode.optional(),
    idDocument: z.object({ type: z.enum(ID_DOCUMENT_TYPES), number: z.string().trim().min(3).max(40), issuingCountry: countryCode, expiresOn: isoDate }).strict().optional(),
    registrationNumber: z.string().trim().min(2).max(60).optional(),
    jurisdiction: countryCode.optional(),
    incorporatedOn: isoDate.optional(),
    address: z.object({ line: text(200), city: text(100), postalCode: z.string().trim().max(20).optional(), country: countryCode }).strict(),
    expectedProducts: z.array(code).min(1, 'must name at least one product').max(10),
    expectedMonthlyVolumeUsd: z.number().int().min(0).max(1_000_000_000_000),
    sourceOfFunds: code,
    pepDeclared: z.boolean().default(false),
    beneficialOwners: z.array(beneficialOwnerInput).max(20).optional(),
    walletAddresses: z.array(walletAddressInput).max(50).optional(),
    consents: z.array(consentInput).max(10).optional(),
  })
  .strict();

export const matchFeature = z.object({ feature: z.string(), detail: z.string(), effect: z.number() });

export const hitView = z.object({
  id: z.string(),
  customerId: z.string().nullable(),
  subjectType: z.enum(['customer', 'owner', 'address']),
  subjectId: z.string(),
  subjectName: z.string(),
  listId: z.string(),
  listName: z.string(),
  listKind: z.enum(['sanctions', 'pep']),
  listVersion: z.string(),
  entryId: z.string(),
  entryName: z.string(),
  entryKind: z.string(),
  programs: z.array(z.string()),
  entryCountries: z.array(z.string()),
  entryBirthDates: z.array(z.string()),
  matchedName: z.string(),
  score: z.number(),
  agreed: z.array(matchFeature),
  penalised: z.array(matchFeature),
  status: z.enum(['open', 'true_match', 'false_positive']),
  raisedAt: isoTimestamp,
  raisedBy: z.string(),
  resolvedAt: isoTimestamp.nullable(),
  resolvedBy: z.string().nullable(),
  resolutionReason: z.string().nullable(),
  delistedAt: isoTimestamp.nullable(),
});

export const factorView = z.object({ factor: z.string(), input: z.string(), score: z.number(), weight: z.number(), contribution: z.number() });

export const assessmentView = z.object({
  id: z.number().int(),
  configVersion: z.number().int(),
  score: z.number(),
  level: riskLevel,
  factors: z.array(factorView),
  forcedBy: z.string().nullable(),
  cddLevel,
  eddReasons: z.array(z.string()),
  reviewMonths: z.number().int(),
  nextReviewAt: isoTimestamp,
  trigger: z.string(),
  assessedAt: isoTimestamp,
  assessedBy: z.string(),
});

export const customerSummary = z.object({
  id: z.string(),
  type: z.enum(['individual', 'entity']),
  legalName: z.string(),
  status: kycStatus,
  country: z.string(),
  riskLevel: riskLevel.nullable(),
  riskScore: z.number().nullable(),
  cddLevel: cddLevel.nullable(),
  nextReviewAt: isoTimestamp.nullable(),
  reviewReason: z.string().nullable(),
  openHits: z.number().int(),
  source: z.enum(['console', 'bundle']),
  createdAt: isoTimestamp,
  updatedAt: isoTimestamp,
});

export const documentView = z.object({
  id: z.string(),
  recordId: z.string(),
  kind: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: sha256Hex,
  description: z.string().nullable(),
  source: z.string(),
  addedAt: isoTimestamp,
  addedBy: z.string(),
});

export const eventView = z.object({ id: z.number().int(), at: isoTimestamp, actor: z.string(), kind: z.string(), statusBefore: z.string().nullable(), statusAfter: z.string().nullable(), detail: z.record(z.string(), z.unknown()) });

export const gateView = z.object({ withdrawalsAllowed: z.boolean(), detail: z.string() });

export const customerDetail = z.object({
  customer: customerSummary.extend({
    profile: kycProfileInput.extend({ pepDeclared: z.boolean() }),
    profileVersion: z.number().int(),
    eddSourceOfFunds: z.string().nullable(),
    eddSourceOfWealth: z.string().nullable(),
    approvedAt: isoTimestamp.nullable(),
    approvedBy: z.string().nullable(),
  }),
  beneficialOwners: z.array(beneficialOwnerInput.extend({ id: z.string(), addedAt: isoTimestamp, removedAt: isoTimestamp.nullable() })),
  documents: z.array(documentView),
  hits: z.array(hitView),
  risk: assessmentView.nullable(),
  assessments: z.array(assessmentView.pick({ id: true, configVersion: true, score: true, level: true, cddLevel: true, trigger: true, assessedAt: true, assessedBy: true })),
  history: z.array(eventView),
  consents: z.array(consentInput.extend({ source: z.string(), recordedAt: isoTimestamp })),
  edd: z.object({ required: z.boolean(), reasons: z.array(z.string()), requiresOfficer: z.boolean() }),
  gate: gateView,
});

const compliance = { roles: ['compliance_analyst', 'compliance_officer'] as const };
const readers = { roles: ['compliance_analyst', 'compliance_officer', 'auditor'] as const };

export const kycCustomersList = defineCommand({
  name: 'kyc.customers.list',
  summary: 'The verification queue and the customer book: by status, risk level or review due, in pages',
  access: readers,
  input: z
    .object({
      status: z.array(kycStatus).max(4).optional(),
      riskLevel: z.array(riskLevel).max(3).optional(),
      /** Only customers whose review falls due within `reviewWithinDays` (overdue included). */
      reviewDue: z.boolean().optional(),
      reviewWithinDays: z.number().int().min(0).max(3650).default(30),
      /** Customer id or a part of the legal name. */
      search: z.string().trim().min(1).max(100).optional(),
      afterId: customerId.optional(),
      limit: z.number().int().min(1).max(500).default(100),
    })
    .strict(),
  output: z.object({ customers: z.array(customerSummary), total: z.number().int(), nextAfterId: z.string().nullable() }),
});

export const kycCustomersGet = defineCommand({
  name: 'kyc.customers.get',
  summary: 'A KYC file: profile, owners, documents (metadata), screening hits, risk with its factors, history',
  access: readers,
  input: z.object({ customerId }).strict(),
  output: customerDetail,
});

const documentContent = z.union([z.object({ base64: z.string().max(36_000_000).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64') }).strict(), z.object({ path: z.string().min(1).max(4096) }).strict()]);
export const documentInput = z
  .object({
    kind: z.enum(KYC_DOCUMENT_KIND_VALUES),
    fileName: text(200),
    contentType: z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/, 'must be a media type such as application/pdf'),
    description: z.string().trim().max(500).optional(),
    /** The bytes (from the window), or a file on this machine (CLI). */
    content: documentContent,
  })
  .strict();

export const kycCustomersCreate = defineCommand({
  name: 'kyc.customers.create',
  summary: 'Open a KYC file for a ledger customer (with its documents, if given): validated, screened, risk-scored, pending review',
  access: compliance,
  input: z.object({ customerId, profile: kycProfileInput, documents: z.array(documentInput).max(10).optional() }).strict(),
  output: customerDetail,
});

export const kycCustomersUpdate = defineCommand({
  name: 'kyc.customers.update',
  summary: 'Replace a customer’s profile: screened and scored again; an approved file goes back to review',
  access: compliance,
  input: z.object({ customerId, profile: kycProfileInput, reason }).strict(),
  output: customerDetail,
});

export const kycDocumentsAdd = defineCommand({
  name: 'kyc.documents.add',
  summary: 'Add a document (PDF, PNG or JPEG up to 25 MB) to a KYC file; stored sealed in the vault',
  access: compliance,
  input: documentInput.extend({ customerId }).strict(),
  output: z.object({ document: documentView, customer: customerSummary }),
});

export const kycDocumentsRead = defineCommand({
  name: 'kyc.documents.read',
  summary: 'The bytes of a KYC document for the viewer; the vault logs the read with its purpose',
  access: readers,
  input: z.object({ documentId: z.string().regex(/^doc_[0-9a-f]{16}$/, 'must be a document id (doc_…)'), purpose: z.string().trim().min(5, 'must say why the document is read (at least 5 characters)').max(500) }).strict(),
  output: z.object({ document: documentView, contentBase64: z.string() }),
});

export const kycHitsResolve = defineCommand({
  name: 'kyc.hits.resolve',
  summary: 'Resolve a screening hit as a true match or a false positive, with the reason',
  access: compliance,
  input: z.object({ hitId: z.string().regex(/^hit_[0-9a-f]{16}$/, 'must be a hit id (hit_…)'), resolution: z.enum(['true_match', 'false_positive']), reason }).strict(),
  output: z.object({ hit: hitView, customer: customerSummary.nullable() }),
});

export const kycCustomersApprove = defineCommand({
  name: 'kyc.customers.approve',
  summary: 'Approve a KYC file (no open hits); enhanced due diligence needs a compliance officer and the sources of funds and wealth',
  access: compliance,
  input: z
    .object({
      customerId,
      note: z.string().trim().max(2000).optional(),
      edd: z.object({ sourceOfFunds: reason, sourceOfWealth: reason }).strict().optional(),
    })
    .strict(),
  output: customerDetail,
});

export const kycCustomersReject = defineCommand({
  name: 'kyc.customers.reject',
  summary: 'Reject a KYC file, with the reason',
  access: compliance,
  input: z.object({ customerId, reason }).strict(),
  output: z.object({ customer: customerSummary }),
});

export const kycCustomersRequestInformation = defineCommand({
  name: 'kyc.customers.requestInformation',
  summary: 'Ask the customer for more information (what is missing, in words)',
  access: compliance,
  input: z.object({ customerId, reason }).strict(),
  output: z.object({ customer: customerSummary }),
});

export const kycCustomersReverify = defineCommand({
  name: 'kyc.customers.reverify',
  summary: 'Start the periodic review of an approved file: back in the queue with the reason, screened and scored again (history kept; withdrawals continue until the review is overdue past the grace period)',
  access: compliance,
  input: z.object({ customerId, reason }).strict(),
  output: customerDetail,
});

export const kycReviewsDue = defineCommand({
  name: 'kyc.reviews.due',
  summary: 'Approved customers whose periodic review is due (overdue first), for re-verification',
  access: readers,
  input: z.object({ withinDays: z.number().int().min(0).max(3650).default(30), limit: z.number().int().min(1).max(1000).default(200) }).strict(),
  output: z.object({ reviews: z.array(customerSummary.extend({ overdueDays: z.number().int(), blocksWithdrawals: z.boolean() })), total: z.number().int(), graceDays: z.number().int() }),
});

export const kycCustomersStatus = defineCommand({
  name: 'kyc.customers.status',
  summary: 'KYC status of customers as the withdrawal gate sees it (custody officers may read it)',
  access: { roles: ['compliance_analyst', 'compliance_officer', 'auditor', 'custody_officer'] },
  input: z.object({ customerIds: z.array(customerId).min(1).max(500) }).strict(),
  output: z.object({ statuses: z.array(z.object({ customerId: z.string(), known: z.boolean(), status: kycStatus.nullable(), riskLevel: riskLevel.nullable(), nextReviewAt: isoTimestamp.nullable() }).extend(gateView.shape)) }),
});
