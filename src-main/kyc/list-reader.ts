/**
 * What the KYC module needs to read a list file, whatever its published format (item-schemas.ts
 * `LIST_FORMATS`): entries, the digest of the bytes received, and the issue date the file itself
 * states. The screening library's importers provide it (library.adapters.ts).
 */
import type { ListEntry } from '../screening/screening.types';
import type { LIST_FORMAT_VALUES } from '../../src-shared/commands/kyc-screening.commands';

export type ListFormat = (typeof LIST_FORMAT_VALUES)[number];

export interface ListReadRequest {
  readonly listId: string;
  readonly format: ListFormat;
  /** The publication date the sender gives (formats without one of their own take it). */
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
