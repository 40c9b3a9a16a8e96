/**
 * `vaultline node …`: the online node's side, run on the online machine. No console, no bus: a
 * node directory (--node-dir) with the node's id, key and sequence state, and the console's
 * identity card. The node's key is a PEM file (its passphrase from --passphrase-file, stdin or a
 * prompt) or a key on a PKCS#11 token (its PIN from --token-pin-file, stdin or a prompt).
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ITEM_TYPE_NAMES, isItemTypeName } from '../../../../src-shared/bundles/item-types';
import { VaultlineError } from '../../../errors';
import { systemClock } from '../../../platform/clock';
import { isFolder } from '../../../platform/files';
import { generateTokenKey, tokenPublicKey } from '../../../hsm/node.keystore';
import { p256SpkiFrom } from '../../../bundles/bundle-keys';
import { NodeDir, type NodeKeySource } from '../../../online-node/node-config';
import { OnlineNode, type NodeSecrets } from '../../../online-node/online-node';
import { readItemsFile } from '../../../online-node/node-input';
import { defaultModulePath } from '../../../services/data-dir';
import type { CliCommand, RunContext } from '../command';
import { booleanOption, requiredString, STDIN_SECRETS_OPTION, stringOption, type OptionSpecs } from '../options';
import { table } from '../table';
import { UsageError } from '../usage-error';
import { QR_OPTIONS, readFrames, writeFrames } from './qr-frames';

const NODE_DIR = { 'node-dir': { type: 'string', value: 'DIR', description: 'the online node’s directory (default: $VAULTLINE_NODE_DIR)' } } as const satisfies OptionSpecs;
const KEY_SECRETS = {
  'passphrase-file': { type: 'string', value: 'FILE', description: 'passphrase of an encrypted PEM key file, from this file' },
  'token-pin-file': { type: 'string', value: 'FILE', description: 'PIN of the token holding the node key, from this file' },
  ...STDIN_SECRETS_OPTION,
} as const satisfies OptionSpecs;
const KEY_OPTIONS = {
  'key-file': { type: 'string', value: 'PEM', description: 'the node’s P-256 private key (PKCS#8 or SEC1 PEM)' },
  'key-encrypted': { type: 'boolean', description: 'the PEM key file is encrypted (its passphrase is asked for)' },
  'generate-key': { type: 'boolean', description: 'make a new key: a PEM file at --key-file (mode 600), or on the token' },
  'token-label': { type: 'string', value: 'LABEL', description: 'PKCS#11 token holding the node key (with --pkcs11-module)' },
  'key-label': { type: 'string', value: 'LABEL', description: 'label of the key pair on that token' },
} as const satisfies OptionSpecs;

function nodeDir(ctx: RunContext): NodeDir {
  const dir = stringOption(ctx.values, 'node-dir') ?? ctx.io.env.VAULTLINE_NODE_DIR;
  if (!dir) throw new UsageError('no node directory: pass --node-dir DIR or set VAULTLINE_NODE_DIR', 'VALIDATION', '--node-dir');
  return new NodeDir(dir);
}

function secretsFor(ctx: RunContext): NodeSecrets {
  return {
    keyPassphrase: (source) => ctx.secrets.get('passphrase', `passphrase of the node key file ${source.kind === 'pem' ? source.path : ''}`),
    tokenPin: (source) => ctx.secrets.get('tokenPin', `PIN of token ${source.kind === 'pkcs11' ? source.tokenLabel : ''}`),
  };
}

/** `--out DIR`, which must be an existing folder: checked before the node signs or records anything. */
function outFolder(ctx: RunContext): string {
  const out = resolve(requiredString(ctx.values, 'out'));
  if (!isFolder(out)) throw new UsageError(`--out ${out} is not an existing folder; create it (or name another), then run the command again. Nothing was written.`, 'VALIDATION', '--out');
  return out;
}

const ok = (value: unknown, text: string) => ({ ok: true as const, value, text });

/** The key source the options describe, making the key first when --generate-key is given. */
async function keySourceFrom(ctx: RunContext, prefix = ''): Promise<NodeKeySource> {
  const v = ctx.values;
  const keyFile = stringOption(v, `${prefix}key-file`);
  const tokenLabel = stringOption(v, 'token-label');
  const generate = booleanOption(v, 'generate-key');
  if (keyFile !== undefined) {
    const path = resolve(keyFile);
    if (generate) {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      try {
        writeFileSync(path, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
      } catch {
        throw new UsageError(`${path} exists already (or cannot be written); --generate-key never overwrites a key`, 'VALIDATION', `--${prefix}key-file`);
      }
    }
    let pem: Buffer;
    try {
      pem = readFileSync(path);
    } catch {
      throw new UsageError(`cannot read ${path}`, 'VALIDATION', `--${prefix}key-file`);
    }
    const encrypted = booleanOption(v, 'key-encrypted') || pem.includes('ENCRYPTED');
    const { createPrivateKey, createPublicKey } = await import('node:crypto');
    const passphrase = encrypted ? await ctx.secrets.get('passphrase', `passphrase of ${path}`) : undefined;
    let spki: Buffer;
    try {
      const key = createPrivateKey(passphrase === undefined ? { key: pem, format: 'pem' } : { key: pem, format: 'pem', passphrase });
      spki = p256SpkiFrom(createPublicKey(key).export({ type: 'spki', format: 'pem' }).toString(), 'node key');
    } catch (error) {
      if (error instanceof VaultlineError) throw error;
      throw new UsageError(`${path} is not a readable P-256 private key (or the passphrase is wrong)`, 'VALIDATION', `--${prefix}key-file`);
    } finally {
      pem.fill(0);
    }
    return { kind: 'pem', path, encrypted, spki: spki.toString('base64') };
  }
  if (tokenLabel !== undefined) {
    const keyLabel = requiredString(v, 'key-label');
    const modulePath = ctx.global.modulePath ?? defaultModulePath();
    const pin = await ctx.secrets.get('tokenPin', `PIN of token ${tokenLabel}`);
    const spki = generate ? generateTokenKey(modulePath, tokenLabel, pin, keyLabel) : tokenPublicKey(modulePath, tokenLabel, pin, keyLabel);
    return { kind: 'pkcs11', modulePath, tokenLabel, keyLabel, spki: spki.toString('base64') };
  }
  throw new UsageError(`the node key: --${prefix}key-file PEM (with --generate-key to make one), or --token-label and --key-label with --pkcs11-module`, 'VALIDATION', `--${prefix}key-file`);
}

export const nodeInitCommand: CliCommand = {
  path: ['node', 'init'],
  withoutConsole: true,
  summary: 'Set up an online-node directory: its id, its key, and the console it trusts',
  details: 'The console identity card comes from "vaultline bundle identity --out card.json" on the console; compare its fingerprint with the console’s screen.',
  options: {
    ...NODE_DIR,
    'node-id': { type: 'string', value: 'ID', description: 'the node’s id (3–64 of a–z 0–9 . _ -)' },
    name: { type: 'string', value: 'NAME', description: 'the node’s display name' },
    'console-identity': { type: 'string', value: 'FILE', description: 'the console’s identity card (JSON)' },
    ...KEY_OPTIONS,
    ...KEY_SECRETS,
  },
  async run(ctx) {
    const dir = nodeDir(ctx);
    const nodeId = requiredString(ctx.values, 'node-id');
    if (!/^[a-z0-9][a-z0-9._-]{2,63}$/.test(nodeId)) throw new UsageError('--node-id must be 3–64 characters of a–z, 0–9, ".", "_" or "-"', 'VALIDATION', '--node-id');
    const name = requiredString(ctx.values, 'name');
    let card: Record<string, unknown>;
    try {
      card = JSON.parse(readFileSync(resolve(requiredString(ctx.values, 'console-identity')), 'utf8')) as Record<string, unknown>;
    } catch {
      throw new UsageError('--console-identity is not a readable JSON identity card', 'VALIDATION', '--console-identity');
    }
    const str = (k: string): string => {
      const value = card[k];
      if (typeof value !== 'string') throw new UsageError(`the console identity card has no "${k}"`, 'VALIDATION', '--console-identity');
      return value;
    };
    mkdirSync(dir.root, { recursive: true });
    const key = await keySourceFrom(ctx);
    OnlineNode.init(dir, { nodeId, nodeName: name, key, console: { consoleId: str('consoleId'), consoleName: str('consoleName'), publicKeyPem: str('publicKeyPem'), fingerprintHex: str('fingerprintHex') } });
    const id = new OnlineNode(dir, systemClock).identity();
    return ok(id, `Online node ${name} (${nodeId}) set up in ${dir.root}.\nTrusts console ${str('consoleName')} ${str('consoleId')}.\nNode key fingerprint (an administrator types it at the console's key ceremony):\n  ${id.fingerprint}\n`);
  },
};

export const nodeIdentityCommand: CliCommand = {
  path: ['node', 'identity'],
  withoutConsole: true,
  summary: 'The node’s identity card for the console’s key ceremony',
  options: { ...NODE_DIR, out: { type: 'string', value: 'FILE', description: 'write the card as JSON (for "vaultline bundle pin-node --identity")' } },
  run(ctx) {
    const id = new OnlineNode(nodeDir(ctx), systemClock).identity();
    const out = stringOption(ctx.values, 'out');
    if (out) writeFileSync(resolve(out), `${JSON.stringify(id, null, 2)}\n`);
    return Promise.resolve(ok(id, `${id.nodeName} (${id.nodeId})\nFingerprint (read it out at the console's key ceremony):\n  ${id.fingerprint}\n${out ? `Card written to ${resolve(out)}\n` : id.publicKeyPem}`));
  },
};

export const nodeCreateCommand: CliCommand = {
  path: ['node', 'create'],
  withoutConsole: true,
  summary: 'Make the next inbound bundle from JSON, JSON Lines or CSV input, signed with the node key',
  details: [
    'JSON: {"items": [{"type": "chain-event", "id": "dep-1", "data": {…}}, {"type": "attachment", "id": "doc-1", "file": "scan.jpg", "contentType": "image/jpeg"}]}',
    'JSON Lines (.jsonl): one such item per line. CSV (.csv, with --type): a header row of field names, one item per row.',
    `Item types: ${ITEM_TYPE_NAMES.join(', ')} (see docs/bundle-format.md).`,
  ].join('\n'),
  options: {
    ...NODE_DIR,
    input: { type: 'string', multiple: true, value: 'FILE', description: 'items (.json, .jsonl or .csv); repeat for several files' },
    type: { type: 'string', value: 'TYPE', description: 'the item type of CSV rows' },
    out: { type: 'string', value: 'DIR', description: 'folder to write the bundle to' },
    ...KEY_SECRETS,
  },
  async run(ctx) {
    const node = new OnlineNode(nodeDir(ctx), systemClock);
    const inputs = ctx.values.input;
    const files = Array.isArray(inputs) ? inputs.filter((f): f is string => typeof f === 'string') : [];
    if (files.length === 0) throw new UsageError('--input FILE is required', 'VALIDATION', '--input');
    const type = stringOption(ctx.values, 'type');
    if (type !== undefined && !isItemTypeName(type)) throw new UsageError(`--type must be one of ${ITEM_TYPE_NAMES.join(', ')}`, 'VALIDATION', '--type');
    const items = files.flatMap((f) => readItemsFile(f, type !== undefined && isItemTypeName(type) ? type : undefined));
    const made = await node.createBundle(items, outFolder(ctx), secretsFor(ctx));
    return ok(made, `Bundle ${made.sequence} with ${made.itemCount} items written to ${made.path} (${made.bytes} bytes).\nBundle hash ${made.bundleHash}\n`);
  },
};

export const nodeReadCommand: CliCommand = {
  path: ['node', 'read'],
  args: ['<file>'],
  withoutConsole: true,
  summary: 'Verify an outbound bundle from the console and take it (or just check it with --dry-run)',
  options: {
    ...NODE_DIR,
    'dry-run': { type: 'boolean', description: 'verify only; do not record it as taken' },
    extract: { type: 'string', value: 'DIR', description: 'write each item’s bytes to DIR/<id>' },
    'qr-frames': { type: 'string', value: 'DIR', description: 'read the bundle from PNG frames of an animated QR code ("-" as the file)' },
  },
  async run(ctx) {
    const node = new OnlineNode(nodeDir(ctx), systemClock);
    const frames = stringOption(ctx.values, 'qr-frames');
    const source = frames !== undefined ? { kind: 'bytes' as const, bytes: readFrames(resolve(frames)).bytes } : { kind: 'file' as const, path: resolve(ctx.args[0]!) };
    const extract = stringOption(ctx.values, 'extract');
    if (extract) mkdirSync(resolve(extract), { recursive: true });
    const result = await node.read(source, {
      dryRun: booleanOption(ctx.values, 'dry-run'),
      onItem: (line, body) => {
        // JSON items, and the documents the node opened from sealed items (a filed report's XML or PDF).
        if (extract && (body.kind === 'json' || body.bytes)) writeFileSync(join(resolve(extract), line.id), body.bytes!, { mode: 0o600 });
      },
    });
    const m = result.verified.manifest;
    const rows = Object.entries(result.verified.counts).map(([type, c]) => [type, String(c?.count ?? 0), String(c?.bytes ?? 0)]);
    const text = `Outbound bundle ${m.sequence} from ${m.sender.name} (${m.sender.id}) verified${result.accepted ? ' and taken' : ' (dry run: not recorded)'}.\nBundle hash ${result.verified.bundleHash}\n${table(['TYPE', 'COUNT', 'BYTES'], rows)}`;
    return ok({ manifest: m, bundleHash: result.verified.bundleHash, items: result.items.map((i) => ({ ...i.line, payload: i.payload })), accepted: result.accepted }, text);
  },
};

export const nodeQrCommand: CliCommand = {
  path: ['node', 'qr'],
  args: ['<file>'],
  withoutConsole: true,
  summary: 'A file as animated-QR frames: PNG images (BC-UR ur:bytes for a bundle, or ur:crypto-psbt / ur:psbt for a PSBT)',
  options: { out: { type: 'string', value: 'DIR', description: 'folder for frame-0001.png …, frames.txt and frames.json' }, ...QR_OPTIONS },
  async run(ctx) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(resolve(ctx.args[0]!));
    } catch {
      throw new UsageError(`cannot read ${ctx.args[0] ?? ''}`, 'VALIDATION', '<file>');
    }
    const frames = await writeFrames(bytes, resolve(requiredString(ctx.values, 'out')), ctx.values);
    return ok(frames, `Wrote ${frames.frames} frames (${frames.seqLength} fragments of ${frames.fragmentSize} bytes) to ${frames.folder}; show them at ${frames.framesPerSecond} frames per second.\n`);
  },
};

export const nodeScanCommand: CliCommand = {
  path: ['node', 'scan'],
  withoutConsole: true,
  summary: 'Decode PNG frames of an animated QR code (ur:bytes, ur:crypto-psbt, ur:psbt) back into a file',
  options: { frames: { type: 'string', value: 'DIR', description: 'folder of PNG frames' }, out: { type: 'string', value: 'FILE', description: 'the bundle file to write' } },
  run(ctx) {
    const { bytes, type, used, dropped } = readFrames(resolve(requiredString(ctx.values, 'frames')));
    const out = resolve(requiredString(ctx.values, 'out'));
    writeFileSync(out, bytes, { flag: 'wx' });
    return Promise.resolve(ok({ path: out, bytes: bytes.length, urType: type, framesUsed: used, dropped }, `Wrote ${out} (${bytes.length} bytes, ur:${type}) from ${used} frames.\n`));
  },
};

export const nodeRotateKeyCommand: CliCommand = {
  path: ['node', 'rotate-key'],
  withoutConsole: true,
  summary: 'Announce a new node key in a bundle signed by the current one (the console’s officers approve it)',
  options: {
    ...NODE_DIR,
    'new-key-file': { type: 'string', value: 'PEM', description: 'the new P-256 private key (with --generate-key to make it)' },
    'generate-key': KEY_OPTIONS['generate-key'],
    'key-encrypted': KEY_OPTIONS['key-encrypted'],
    reason: { type: 'string', value: 'TEXT', description: 'why the key changes' },
    out: { type: 'string', value: 'DIR', description: 'folder to write the bundle to' },
    ...KEY_SECRETS,
  },
  async run(ctx) {
    const node = new OnlineNode(nodeDir(ctx), systemClock);
    const next = await keySourceFrom(ctx, 'new-');
    const made = await node.rotateKey(next, requiredString(ctx.values, 'reason'), outFolder(ctx), secretsFor(ctx));
    return ok(made, `Rotation bundle ${made.sequence} written to ${made.path}.\nOnce two officers at the console approve it, run "vaultline node activate-key".\n`);
  },
};

export const nodeActivateKeyCommand: CliCommand = {
  path: ['node', 'activate-key'],
  withoutConsole: true,
  summary: 'Sign with the new key from now on (after the console approved the rotation)',
  options: { ...NODE_DIR },
  run(ctx) {
    const node = new OnlineNode(nodeDir(ctx), systemClock);
    node.activateNextKey();
    const id = node.identity();
    return Promise.resolve(ok(id, `The node now signs with ${id.fingerprint}.\n`));
  },
};

export const nodeEncryptionKeyCommand: CliCommand = {
  path: ['node', 'encryption-key'],
  withoutConsole: true,
  summary: 'Make a new encryption key pair and send its public key to the console (filed reports are sealed to it)',
  options: {
    ...NODE_DIR,
    out: { type: 'string', value: 'DIR', description: 'folder to write the bundle to' },
    ...KEY_SECRETS,
  },
  async run(ctx) {
    const node = new OnlineNode(nodeDir(ctx), systemClock);
    const made = await node.sendEncryptionKey(outFolder(ctx), secretsFor(ctx));
    return ok(made, `Encryption key ${made.fingerprint} sent in bundle ${made.sequence}, written to ${made.path}.\nOnce the console imports it, filed reports are sealed to this key; earlier keys stay in the node directory to open what was sealed to them.\n`);
  },
};

export const NODE_COMMANDS: readonly CliCommand[] = [nodeInitCommand, nodeIdentityCommand, nodeCreateCommand, nodeReadCommand, nodeQrCommand, nodeScanCommand, nodeRotateKeyCommand, nodeActivateKeyCommand, nodeEncryptionKeyCommand];
