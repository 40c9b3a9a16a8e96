/**
 * Checks an evidence package the way VERIFY.txt does, in one step, without the console's database
 * or HSM: signatures against the package's public key (and, if given, the expected fingerprint),
 * every file against SHA256SUMS, the audit slice chained to its signed checkpoint, each record
 * against its vault checksum. Streams the ZIP; never trusts a size it says.
 */
import { createHash } from 'node:crypto';
import yauzl from 'yauzl';
import { fingerprint } from '../hsm/ec-keys';
import { verifyIdentitySignature } from '../services/audit-checkpoint.service';

export interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface EvidenceVerdict {
  readonly valid: boolean;
  readonly packageId: string | null;
  readonly consoleId: string | null;
  readonly identityFingerprint: string | null;
  readonly records: number;
  readonly auditEntries: number;
  readonly checks: Check[];
}

const MAX_ENTRIES = 2_000_000;
const MAX_TEXT = 64 * 1024 * 1024;
const TEXT_FILES = new Set(['SHA256SUMS', 'SHA256SUMS.sig', 'manifest.json', 'manifest.json.sig', 'console-public-key.pem', 'audit/checkpoint.json', 'audit/checkpoint.sig']);

interface Seen {
  sha256: string;
  size: number;
  text?: Buffer;
}

interface Chain {
  lines: number;
  lastHash: string | null;
  lastSeq: number | null;
  broken: string | null;
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => yauzl.open(path, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (error, zip) => (error || !zip ? reject(error ?? new Error('no zip')) : resolve(zip))));
}

const prevHashOf = (line: string): string | undefined => /"prevHash":"([0-9a-f]{64})"/.exec(line)?.[1];
const seqOf = (line: string): number | undefined => {
  const m = /"seq":(\d+)/.exec(line);
  return m ? Number(m[1]) : undefined;
};

/** Read every entry once: hashes for all, bytes for the small control files, the chain as it streams. */
async function readPackage(path: string): Promise<{ files: Map<string, Seen>; chain: Chain; duplicate: string | null }> {
  const zip = await openZip(path);
  const files = new Map<string, Seen>();
  const chain: Chain = { lines: 0, lastHash: null, lastSeq: null, broken: null };
  let duplicate: string | null = null;
  let count = 0;
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      count += 1;
      if (count > MAX_ENTRIES) return reject(new Error('too many entries'));
      if (entry.fileName.endsWith('/')) return zip.readEntry();
      if (files.has(entry.fileName)) duplicate = entry.fileName;
      zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) return reject(error ?? new Error('unreadable entry'));
        const hash = createHash('sha256');
        const keep = TEXT_FILES.has(entry.fileName) || /^records\/[^/]+\/record\.json$/.test(entry.fileName);
        const parts: Buffer[] = [];
        let size = 0;
        let pending = '';
        const isChain = entry.fileName === 'audit/entries.jsonl';
        const takeLine = (line: string): void => {
          if (line === '') return;
          const prev = prevHashOf(line);
          if (chain.lastHash !== null && prev !== chain.lastHash && chain.broken === null) chain.broken = `entry ${seqOf(line) ?? '?'} does not link to the line before it`;
          chain.lastHash = createHash('sha256').update(line, 'utf8').digest('hex');
          chain.lastSeq = seqOf(line) ?? null;
          chain.lines += 1;
        };
        stream.on('data', (piece: Buffer) => {
          hash.update(piece);
          size += piece.length;
          if (keep && size <= MAX_TEXT) parts.push(piece);
          if (isChain) {
            const text = pending + piece.toString('utf8');
            const lines = text.split('\n');
            pending = lines.pop() ?? '';
            lines.forEach(takeLine);
          }
        });
        stream.on('error', reject);
        stream.on('end', () => {
          if (isChain) takeLine(pending);
          files.set(entry.fileName, { sha256: hash.digest('hex'), size, ...(keep ? { text: Buffer.concat(parts) } : {}) });
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  zip.close();
  return { files, chain, duplicate };
}

function pemToSpki(pem: string): Buffer | null {
  const m = /-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\s]+)-----END PUBLIC KEY-----/.exec(pem);
  return m ? Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64') : null;
}

export async function verifyEvidencePackage(path: string, expectedFingerprint?: string): Promise<EvidenceVerdict> {
  const checks: Check[] = [];
  const check = (name: string, ok: boolean, detail: string): boolean => {
    checks.push({ name, ok, detail });
    return ok;
  };
  let read: Awaited<ReturnType<typeof readPackage>>;
  try {
    read = await readPackage(path);
  } catch (error) {
    check('package', false, `not a readable ZIP package: ${error instanceof Error ? error.message : String(error)}`);
    return { valid: false, packageId: null, consoleId: null, identityFingerprint: null, records: 0, auditEntries: 0, checks };
  }
  const { files, chain } = read;
  check('no duplicate entries', read.duplicate === null, read.duplicate ? `${read.duplicate} appears twice` : 'each file once');
  const text = (name: string): Buffer | undefined => files.get(name)?.text;

  const missing = [...TEXT_FILES, 'audit/entries.jsonl', 'summary.pdf', 'VERIFY.txt'].filter((f) => !files.has(f));
  check('required files', missing.length === 0, missing.length === 0 ? 'all present' : `missing: ${missing.join(', ')}`);

  const spki = pemToSpki(text('console-public-key.pem')?.toString('utf8') ?? '');
  let keyPrint: string | null = null;
  if (spki) {
    keyPrint = fingerprint(spki);
    check('public key', true, `fingerprint ${keyPrint}`);
    if (expectedFingerprint) {
      const want = expectedFingerprint.replace(/\s+/g, '').toLowerCase();
      check('expected console key', keyPrint.replace(/ /g, '') === want, keyPrint.replace(/ /g, '') === want ? 'matches the fingerprint given' : 'differs from the fingerprint given');
    }
  } else check('public key', false, 'console-public-key.pem is missing or not a PEM public key');
  const verify = (name: string, data: Buffer | undefined, sig: Buffer | undefined): boolean =>
    check(name, Boolean(spki && data && sig && verifyIdentitySignature(spki, data, sig)), spki && data && sig && verifyIdentitySignature(spki, data, sig) ? 'signature verifies' : 'signature does not verify');

  const sums = text('SHA256SUMS');
  verify('SHA256SUMS signature', sums, text('SHA256SUMS.sig'));
  const listed = new Map<string, string>();
  for (const line of (sums?.toString('utf8') ?? '').split('\n')) {
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (m) listed.set(m[2]!, m[1]!);
  }
  const changed = [...listed].filter(([name, sha]) => files.get(name)?.sha256 !== sha).map(([name]) => name);
  check('files match SHA256SUMS', listed.size > 0 && changed.length === 0, changed.length === 0 ? `${listed.size} files` : `changed or missing: ${changed.slice(0, 10).join(', ')}`);
  const unlisted = [...files.keys()].filter((n) => !listed.has(n) && n !== 'SHA256SUMS' && n !== 'SHA256SUMS.sig' && n !== 'manifest.json.sig');
  check('no unlisted files', unlisted.length === 0, unlisted.length === 0 ? 'none' : `not in SHA256SUMS: ${unlisted.slice(0, 10).join(', ')}`);

  const manifestBytes = text('manifest.json');
  verify('manifest signature', manifestBytes, text('manifest.json.sig'));
  let manifest: { packageId?: string; console?: { id?: string; identityFingerprint?: string }; records?: number; audit?: { toSeq?: number; headHash?: string } } = {};
  try {
    manifest = JSON.parse(manifestBytes?.toString('utf8') ?? '{}') as typeof manifest;
  } catch {
    check('manifest', false, 'manifest.json is not JSON');
  }
  check('manifest names this key', manifest.console?.identityFingerprint === keyPrint, manifest.console?.identityFingerprint === keyPrint ? 'same fingerprint' : 'the manifest names another key');

  const cpBytes = text('audit/checkpoint.json');
  verify('checkpoint signature', cpBytes, text('audit/checkpoint.sig'));
  let checkpoint: { seq?: number; headHash?: string; consoleId?: string } = {};
  try {
    checkpoint = JSON.parse(cpBytes?.toString('utf8') ?? '{}') as typeof checkpoint;
  } catch {
    check('checkpoint', false, 'audit/checkpoint.json is not JSON');
  }
  check('checkpoint names this console', checkpoint.consoleId !== undefined && checkpoint.consoleId === manifest.console?.id, checkpoint.consoleId === manifest.console?.id ? 'same console' : 'another console');
  const chainOk = chain.broken === null && chain.lines > 0 && chain.lastHash === checkpoint.headHash && chain.lastSeq === checkpoint.seq;
  check(
    'audit slice chains to the checkpoint',
    chainOk,
    chainOk ? `${chain.lines} entries, ending in the signed head ${checkpoint.headHash}` : (chain.broken ?? `the slice ends in ${chain.lastHash} (entry ${chain.lastSeq}), the checkpoint signed ${checkpoint.headHash} (entry ${checkpoint.seq})`),
  );

  let records = 0;
  const mismatched: string[] = [];
  // Each record's content file, found once (a package can hold tens of thousands of records).
  const contentOf = new Map<string, Seen>();
  for (const [name, seen] of files) {
    const c = /^records\/([^/]+)\/content/.exec(name);
    if (c) contentOf.set(c[1]!, seen);
  }
  for (const [name, seen] of files) {
    const m = /^records\/([^/]+)\/record\.json$/.exec(name);
    if (!m) continue;
    records += 1;
    let sha: string | undefined;
    try {
      sha = (JSON.parse(seen.text?.toString('utf8') ?? '{}') as { sha256?: string }).sha256;
    } catch {
      sha = undefined;
    }
    const content = contentOf.get(m[1]!);
    if (!content || content.sha256 !== sha) mismatched.push(m[1]!);
  }
  check('records match their vault checksums', mismatched.length === 0, mismatched.length === 0 ? `${records} records` : `mismatched: ${mismatched.join(', ')}`);
  check('record count', manifest.records === records, `${records} in the package, ${manifest.records ?? '?'} in the manifest`);

  return {
    valid: checks.every((c) => c.ok),
    packageId: manifest.packageId ?? null,
    consoleId: manifest.console?.id ?? null,
    identityFingerprint: keyPrint,
    records,
    auditEntries: chain.lines,
    checks,
  };
}
