/**
 * The bundle format, version 1 (docs/bundle-format.md is its prose; resources/bundle-format.schema.json
 * its JSON Schema, generated from the zod schemas here and kept equal by a unit test).
 *
 * A bundle is a ZIP file with exactly these entries, in this order:
 *   manifest.json   RFC 8785 canonical JSON (the `manifest` schema below)
 *   manifest.sig    ECDSA P-256 over SHA-256(manifest.json bytes), DER (RFC 3279 §2.2.3)
 *   index.jsonl     one canonical JSON `indexLine` per item, each followed by LF, sorted by id
 *   items/<id>      each item's bytes, in index order
 * The bundle hash is SHA-256 of the manifest bytes; the manifest commits to the index by hash and
 * the index to every item by hash, so the one signature covers everything.
 */
import { z } from 'zod';
import { ITEM_TYPE_NAMES } from './item-types';

export const BUNDLE_FORMAT = 'vaultline-bundle';
export const BUNDLE_FORMAT_VERSION = 1;

export const ENTRY_MANIFEST = 'manifest.json';
export const ENTRY_SIGNATURE = 'manifest.sig';
export const ENTRY_INDEX = 'index.jsonl';
export const ITEM_ENTRY_PREFIX = 'items/';

/** The hash that stands before the first bundle of a direction (like the audit trail's genesis). */
export const GENESIS_BUNDLE_HASH = '0'.repeat(64);

/**
 * Limits a reader enforces before it inflates anything (declared sizes from the ZIP central
 * directory), and again while inflating (actual bytes). Per-type item limits are in item-types.ts.
 */
export const BUNDLE_LIMITS = {
  /** Items in one bundle (DESIGN.md: "bundles of 100 000 items", with headroom). */
  maxItems: 200_000,
  /** The whole file on disk. */
  maxFileBytes: 1536 * 1024 * 1024,
  /** Sum of the items' uncompressed sizes. */
  maxTotalItemBytes: 1024 * 1024 * 1024,
  maxManifestBytes: 64 * 1024,
  /** A DER ECDSA P-256 signature is at most 72 bytes. */
  maxSignatureBytes: 72,
  maxIndexLineBytes: 2048,
  /** Uncompressed ÷ compressed, per entry, above `ratioFloorBytes` (a zip bomb inflates ~1000×). */
  maxCompressionRatio: 200,
  ratioFloorBytes: 4096,
} as const;

export const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex characters');

/** Item ids name ZIP entries: lower case only (no case-folding collisions), no path separators. */
export const ITEM_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,99}$/;
export const itemId = z.string().regex(ITEM_ID_PATTERN, 'must be 1–100 characters of a–z, 0–9, ".", "_" or "-", starting with a letter or digit');

export const bundleId = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'must be a lower-case UUID');

export const BUNDLE_DIRECTIONS = ['inbound', 'outbound'] as const;
/** Seen from the console: `inbound` is online node → console, `outbound` console → online node. */
export const bundleDirection = z.enum(BUNDLE_DIRECTIONS);
export type BundleDirection = z.infer<typeof bundleDirection>;

export const PARTY_KINDS = ['console', 'online-node'] as const;

export const party = z
  .object({
    kind: z.enum(PARTY_KINDS),
    /** The console id (`vl_…`) or the online node's id. */
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]{2,63}$/, 'must be 3–64 characters of a–z, 0–9, ".", "_" or "-"'),
    name: z.string().min(1).max(80),
    /** SHA-256 of the party's public key (SubjectPublicKeyInfo DER), lower-case hex. */
    keyFingerprint: hex64,
  })
  .strict();
export type Party = z.infer<typeof party>;

export const itemType = z.enum(ITEM_TYPE_NAMES);

export const manifest = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    formatVersion: z.literal(BUNDLE_FORMAT_VERSION),
    bundleId,
    direction: bundleDirection,
    sender: party,
    recipient: party,
    /** 1 for the first bundle in this direction, then +1 each time, with no gaps. */
    sequence: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    /** Bundle hash of the previous bundle in this direction; 64 zeros before the first. */
    previousBundleHash: hex64,
    createdAt: z.iso.datetime({ offset: false, precision: 3 }),
    itemCount: z.number().int().min(0).max(BUNDLE_LIMITS.maxItems),
    /** Sum of the items' sizes in bytes. */
    totalItemBytes: z.number().int().min(0).max(BUNDLE_LIMITS.maxTotalItemBytes),
    index: z
      .object({
        /** SHA-256 of the whole index.jsonl entry. */
        sha256: hex64,
        size: z.number().int().min(0),
      })
      .strict(),
  })
  .strict();
export type Manifest = z.infer<typeof manifest>;

export const CONTENT_TYPES = ['application/json', 'application/pdf', 'image/jpeg', 'image/png', 'text/csv', 'application/xml', 'text/plain', 'application/octet-stream'] as const;
export const contentType = z.enum(CONTENT_TYPES);
export type ContentType = z.infer<typeof contentType>;

export const indexLine = z
  .object({
    id: itemId,
    type: itemType,
    size: z.number().int().min(0),
    sha256: hex64,
    contentType,
  })
  .strict();
export type IndexLine = z.infer<typeof indexLine>;

export function itemEntryName(id: string): string {
  return `${ITEM_ENTRY_PREFIX}${id}`;
}

/** The name of a bundle file: direction, sender, sequence and the start of its id. */
export function bundleFileName(m: Pick<Manifest, 'direction' | 'sequence' | 'bundleId'>): string {
  const to = m.direction === 'inbound' ? 'to-console' : 'to-node';
  return `vaultline-${to}-${String(m.sequence).padStart(6, '0')}-${m.bundleId.slice(0, 8)}.zip`;
}

/** `3a9f 01c2 …`: a hex fingerprint in groups of four, as people compare them by eye. */
export function groupFingerprint(hex: string): string {
  return (hex.match(/.{1,4}/g) ?? []).join(' ');
}

/** The hex form of a fingerprint typed or pasted with spaces, colons or upper case. */
export function normaliseFingerprint(text: string): string {
  return text.replace(/[\s:]/g, '').toLowerCase();
}
