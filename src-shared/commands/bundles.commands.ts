import { z } from 'zod';
import { defineCommand } from './define';
import { isoTimestamp, pin } from '../schemas';
import { BUNDLE_DIRECTIONS, bundleId as bundleIdSchema, hex64 } from '../bundles/bundle-format';
import { ITEM_TYPE_NAMES } from '../bundles/item-types';
import { ERROR_CODES } from '../errors';

/** Who moves bundles: custody officers (deposits, withdrawals) and compliance officers (KYC, lists). */
const movers = { roles: ['custody_officer', 'compliance_officer'] as const };
const readers = { roles: ['custody_officer', 'compliance_analyst', 'compliance_officer', 'auditor', 'admin'] as const };
const approvers = { roles: ['custody_officer', 'compliance_officer'] as const };
const adminOnly = { roles: ['admin'] as const };

/**
 * A bundle to read: a file the console can open (the CLI; removable media mounted on the console's
 * machine), or the bytes themselves, base64 (the window: a file picked in the page, or the message
 * assembled from QR frames). The bytes route is for bundles up to 48 MiB; larger ones go by path.
 */
export const bundleSource = z.union([
  z.object({ path: z.string().min(1).max(4096) }).strict(),
  z
    .object({
      base64: z.string().max(64 * 1024 * 1024).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
      fileName: z.string().max(200).optional(),
    })
    .strict(),
]);

const party = z.object({ id: z.string(), name: z.string(), fingerprint: z.string() });

export const bundleHeaderView = z.object({
  bundleId: z.string(),
  bundleHash: hex64,
  sequence: z.number().int(),
  previousBundleHash: hex64,
  createdAt: isoTimestamp,
  sender: party,
  recipient: party,
  itemCount: z.number().int(),
  totalItemBytes: z.number().int(),
  fileBytes: z.number().int(),
  fileName: z.string(),
});

export const typeSummaryView = z.object({
  type: z.enum(ITEM_TYPE_NAMES),
  title: z.string(),
  count: z.number().int(),
  bytes: z.number().int(),
  applied: z.number().int(),
  deferred: z.number().int(),
  module: z.string(),
});

export const bundleView = z.object({
  bundleId: z.string(),
  direction: z.enum(BUNDLE_DIRECTIONS),
  sequence: z.number().int(),
  bundleHash: hex64,
  previousHash: hex64,
  sender: party,
  recipient: party,
  createdAt: isoTimestamp,
  recordedAt: isoTimestamp,
  operatorId: z.string(),
  itemCount: z.number().int(),
  totalItemBytes: z.number().int(),
  applied: z.number().int(),
  deferred: z.number().int(),
  fileName: z.string(),
  fileBytes: z.number().int(),
});

export const itemView = z.object({
  itemId: z.string(),
  bundleId: z.string().nullable(),
  direction: z.enum(BUNDLE_DIRECTIONS),
  type: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: hex64,
  status: z.enum(['applied', 'deferred', 'queued', 'sent']),
  module: z.string(),
  note: z.string().nullable(),
  createdAt: isoTimestamp,
});

export const nodeKeyView = z.object({
  id: z.string(),
  nodeId: z.string(),
  nodeName: z.string(),
  fingerprint: z.string(),
  publicKeyPem: z.string(),
  status: z.enum(['active', 'retired', 'revoked']),
  activatedAt: isoTimestamp,
  pinnedBy: z.string().nullable(),
  rotationId: z.string().nullable(),
  endedAt: isoTimestamp.nullable(),
  endReason: z.string().nullable(),
});

export const rotationView = z.object({
  id: z.string(),
  bundleId: z.string(),
  nodeId: z.string(),
  oldFingerprint: z.string(),
  newFingerprint: z.string(),
  reason: z.string(),
  /** What each approver's token signs (its SHA-256), shown so they can compare it. */
  digest: hex64,
  status: z.enum(['pending', 'approved', 'rejected', 'superseded']),
  approvals: z.array(z.object({ operatorId: z.string(), username: z.string(), keyFingerprint: z.string(), signedAt: isoTimestamp })),
  needed: z.number().int(),
  createdAt: isoTimestamp,
  decidedAt: isoTimestamp.nullable(),
  decisionNote: z.string().nullable(),
});

const reason = z.string().trim().min(10, 'must explain the reason in at least 10 characters').max(2000);
const nodeIdSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'must be 3–64 characters of a–z, 0–9, ".", "_" or "-"');

export const bundlesIdentity = defineCommand({
  name: 'bundles.identity',
  summary: 'The console’s identity for the online node: id, name, public key and its fingerprint',
  access: 'session',
  input: z.object({}).strict(),
  output: z.object({ consoleId: z.string(), consoleName: z.string(), fingerprint: z.string(), fingerprintHex: hex64, publicKeyPem: z.string() }),
});

export const bundlesNodeKeyStatus = defineCommand({
  name: 'bundles.nodeKey.status',
  summary: 'The pinned online-node key, earlier keys, key rotations with their approvals, and the node’s encryption key for filed reports',
  access: readers,
  input: z.object({}).strict(),
  output: z.object({
    active: nodeKeyView.nullable(),
    keys: z.array(nodeKeyView),
    rotations: z.array(rotationView),
    /** The node's current key that filed reports are sealed to (null: it has not sent one). */
    encryptionKey: z.object({ fingerprint: z.string(), signingKeyFingerprint: z.string(), createdAt: isoTimestamp, receivedAt: isoTimestamp }).nullable(),
    /** Why a filed report cannot be sealed now, if it cannot (no key, or its signing key revoked). */
    sealingProblem: z.string().nullable(),
  }),
});

export const bundlesNodeKeyPin = defineCommand({
  name: 'bundles.nodeKey.pin',
  summary: 'Key ceremony: pin the online node’s public key after comparing its fingerprint by eye',
  access: adminOnly,
  input: z
    .object({
      nodeId: nodeIdSchema,
      nodeName: z.string().trim().min(1).max(80),
      publicKeyPem: z.string().min(100).max(2000),
      /** The fingerprint as read off the online node and typed back (spaces and case do not matter). */
      confirmFingerprint: z.string().min(64).max(120),
    })
    .strict(),
  output: z.object({ key: nodeKeyView }),
});

export const bundlesNodeKeyRevoke = defineCommand({
  name: 'bundles.nodeKey.revoke',
  summary: 'Revoke the online node’s key (compromise): no inbound bundle is accepted until a new ceremony',
  access: adminOnly,
  input: z.object({ reason }).strict(),
  output: z.object({ key: nodeKeyView }),
});

export const bundlesRotationApprove = defineCommand({
  name: 'bundles.rotations.approve',
  summary: 'Approve an online-node key rotation by signing it with your own token',
  access: approvers,
  secrets: ['tokenPin'],
  input: z.object({ rotationId: z.string().min(1).max(64), tokenPin: pin }).strict(),
  output: z.object({ rotation: rotationView, activated: z.boolean() }),
});

export const bundlesRotationReject = defineCommand({
  name: 'bundles.rotations.reject',
  summary: 'Reject an online-node key rotation, with the reason',
  access: approvers,
  input: z.object({ rotationId: z.string().min(1).max(64), reason }).strict(),
  output: z.object({ rotation: rotationView }),
});

export const bundlesPreview = defineCommand({
  name: 'bundles.preview',
  summary: 'Check an inbound bundle and show what importing it would do, changing nothing',
  access: movers,
  input: z.object({ source: bundleSource }).strict(),
  output: z.object({
    acceptable: z.boolean(),
    refusal: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).nullable(),
    bundle: bundleHeaderView.nullable(),
    expectedSequence: z.number().int(),
    types: z.array(typeSummaryView),
    warnings: z.array(z.string()),
  }),
});

export const bundlesImport = defineCommand({
  name: 'bundles.import',
  summary: 'Import the previewed inbound bundle, all or nothing; an acknowledgement is queued',
  access: movers,
  input: z.object({ source: bundleSource, expectedBundleHash: hex64 }).strict(),
  output: z.object({ bundle: bundleHeaderView, applied: z.number().int(), deferred: z.number().int(), types: z.array(typeSummaryView), acknowledgementItemId: z.string() }),
});

export const bundlesList = defineCommand({
  name: 'bundles.list',
  summary: 'The history of bundles in and out, newest first',
  access: readers,
  input: z.object({ direction: z.enum(BUNDLE_DIRECTIONS).optional(), before: isoTimestamp.optional(), limit: z.number().int().min(1).max(500).default(100) }).strict(),
  output: z.object({ bundles: z.array(bundleView) }),
});

export const bundlesGet = defineCommand({
  name: 'bundles.get',
  summary: 'One bundle with its items, a page at a time',
  access: readers,
  input: z.object({ bundleId: bundleIdSchema, after: z.string().max(100).optional(), limit: z.number().int().min(1).max(1000).default(200) }).strict(),
  output: z.object({ bundle: bundleView, items: z.array(itemView), typeCounts: z.array(z.object({ type: z.string(), status: z.string(), count: z.number().int() })) }),
});

export const bundlesOutbox = defineCommand({
  name: 'bundles.outbox',
  summary: 'Items waiting for the next outbound bundle, and the counts of items by status',
  access: readers,
  input: z.object({}).strict(),
  output: z.object({ items: z.array(itemView), deferredInbound: z.array(z.object({ type: z.string(), count: z.number().int(), module: z.string() })) }),
});

export const bundlesExport = defineCommand({
  name: 'bundles.export',
  summary: 'Collect the outbox into one signed outbound bundle; write it to a folder if given',
  access: movers,
  input: z.object({ folder: z.string().min(1).max(4096).optional() }).strict(),
  output: z.object({ bundle: bundleView, savedTo: z.object({ path: z.string(), bytes: z.number().int() }).nullable() }),
});

export const bundlesSave = defineCommand({
  name: 'bundles.save',
  summary: 'Write a recorded outbound bundle to a folder again (atomically, never over a file)',
  access: movers,
  input: z.object({ bundleId: bundleIdSchema, folder: z.string().min(1).max(4096) }).strict(),
  output: z.object({ path: z.string(), bytes: z.number().int() }),
});

export const bundlesFile = defineCommand({
  name: 'bundles.file',
  summary: 'A recorded outbound bundle’s file, base64, to download from the window',
  access: movers,
  input: z.object({ bundleId: bundleIdSchema }).strict(),
  output: z.object({ fileName: z.string(), base64: z.string(), bytes: z.number().int() }),
});

export const bundlesQr = defineCommand({
  name: 'bundles.qr',
  summary: 'A recorded outbound bundle as animated-QR frames (BC-UR ur:bytes, fountain-coded)',
  access: movers,
  input: z.object({ bundleId: bundleIdSchema, fragmentSize: z.number().int().min(10).max(1000).default(300) }).strict(),
  output: z.object({
    fits: z.boolean(),
    /** Why it does not fit, pointing to the file route. */
    problem: z.string().nullable(),
    messageBytes: z.number().int(),
    fragmentSize: z.number().int(),
    seqLength: z.number().int(),
    framesPerSecond: z.number(),
    parts: z.array(z.string()),
  }),
});
