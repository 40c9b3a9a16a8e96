/**
 * What a KYC document may be: PDF, PNG or JPEG, at most 25 MB (what the vault holds per record),
 * and what it says it is — the first bytes must be that format's signature, so a renamed
 * executable or HTML page is refused whatever its declared type.
 */
import { VaultlineError } from '../errors';
import { KYC_DOCUMENT_MAX_BYTES, KYC_DOCUMENT_TYPES } from '../../src-shared/commands/kyc.commands';

export type DocumentType = (typeof KYC_DOCUMENT_TYPES)[number];

/** File signatures: PDF 1.7 (ISO 32000-1 §7.5.2) "%PDF-", PNG (RFC 2083 §3.1), JPEG SOI + marker (ITU T.81). */
const SIGNATURES: Readonly<Record<DocumentType, readonly number[]>> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};

export function checkDocumentType(contentType: string, path = 'contentType'): DocumentType {
  if (!(KYC_DOCUMENT_TYPES as readonly string[]).includes(contentType)) {
    throw new VaultlineError('VALIDATION', `A KYC document must be a PDF, PNG or JPEG; ${contentType} is refused. Nothing was changed.`, { issues: [{ path, message: 'must be application/pdf, image/png or image/jpeg' }] });
  }
  return contentType as DocumentType;
}

export function checkDocumentSize(size: number, path = 'content'): void {
  if (size === 0) throw new VaultlineError('VALIDATION', 'The document is empty. Nothing was changed.', { issues: [{ path, message: 'is empty' }] });
  if (size > KYC_DOCUMENT_MAX_BYTES) {
    throw new VaultlineError('VALIDATION', `The document is ${(size / 1024 / 1024).toFixed(1)} MB; a KYC document may be at most 25 MB. Nothing was changed.`, { issues: [{ path, message: 'exceeds 25 MB' }] });
  }
}

export function checkDocumentSignature(type: DocumentType, head: Uint8Array, path = 'content'): void {
  const sig = SIGNATURES[type];
  if (head.length < sig.length || sig.some((b, i) => head[i] !== b)) {
    throw new VaultlineError('VALIDATION', `The document's content is not a ${type === 'application/pdf' ? 'PDF' : type === 'image/png' ? 'PNG' : 'JPEG'} file, though it was sent as ${type}. Nothing was changed.`, { issues: [{ path, message: `content does not start with the ${type} signature` }] });
  }
}
