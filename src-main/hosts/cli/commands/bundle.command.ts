/**
 * `vaultline bundle …`: the console's side of the exchange with the online node, over the bus:
 * the key ceremony, import (preview first, then confirm), export, history, QR frames.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandOutput } from '../../../../src-shared/commands';
import { fromResult, failed, type CliCommand, type Outcome } from '../command';
import { withConsole, type CliConsole } from '../cli-console';
import { booleanOption, integerOption, requiredString, SIGN_IN_OPTIONS, stringOption, type ParsedValues } from '../options';
import { promptVisible } from '../prompt';
import { orDash, table } from '../table';
import { UsageError } from '../usage-error';
import type { CliIo } from '../io';
import { QR_OPTIONS, readFrames, writeFrames } from './qr-frames';

type Preview = CommandOutput<'bundles.preview'>;
type Imported = CommandOutput<'bundles.import'>;
type BundleList = CommandOutput<'bundles.list'>;
type KeyStatus = CommandOutput<'bundles.nodeKey.status'>;

const kib = (n: number): string => (n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1024 / 1024).toFixed(1)} MiB`);

export function renderPreview(p: Preview): string {
  const lines: string[] = [];
  if (p.bundle) {
    const b = p.bundle;
    lines.push(
      `Bundle ${b.bundleId} (${b.fileName}, ${kib(b.fileBytes)})`,
      `  from:       ${b.sender.name} (${b.sender.id})`,
      `  signed by:  ${b.sender.fingerprint}`,
      `  to:         ${b.recipient.name} (${b.recipient.id})`,
      `  sequence:   ${b.sequence} (expected ${p.expectedSequence})`,
      `  follows:    ${b.previousBundleHash.slice(0, 16)}…${p.acceptable ? ' (matches the last imported bundle)' : ''}`,
      `  created:    ${b.createdAt}`,
      `  hash:       ${b.bundleHash}`,
      `  items:      ${b.itemCount} (${kib(b.totalItemBytes)})`,
    );
  }
  if (p.types.length > 0) {
    lines.push('', table(['TYPE', 'COUNT', 'APPLIED', 'DEFERRED', 'MODULE'], p.types.map((t) => [t.type, String(t.count), String(t.applied), String(t.deferred), t.module])).trimEnd());
  }
  for (const w of p.warnings) lines.push(`note: ${w}`);
  lines.push('', p.acceptable ? 'Verdict: acceptable — importing applies exactly this.' : `Verdict: REFUSED (${p.refusal?.code ?? '?'}): ${p.refusal?.message ?? ''}`);
  return `${lines.join('\n')}\n`;
}

function renderImported(v: Imported): string {
  return `Imported bundle ${v.bundle.sequence} (${v.bundle.bundleId}): ${v.applied} applied, ${v.deferred} deferred; acknowledgement ${v.acknowledgementItemId} queued for the next export.\n`;
}

function renderList(v: BundleList): string {
  if (v.bundles.length === 0) return 'No bundles yet.\n';
  return table(
    ['DIRECTION', 'SEQ', 'RECORDED (UTC)', 'ITEMS', 'APPLIED', 'DEFERRED', 'FILE', 'BUNDLE ID'],
    v.bundles.map((b) => [b.direction, String(b.sequence), b.recordedAt, String(b.itemCount), b.direction === 'inbound' ? String(b.applied) : '-', b.direction === 'inbound' ? String(b.deferred) : '-', b.fileName, b.bundleId]),
  );
}

function renderKeys(v: KeyStatus): string {
  const lines = [v.active ? `Pinned online-node key: ${v.active.nodeName} (${v.active.nodeId})\n  ${v.active.fingerprint}\n  since ${v.active.activatedAt}` : 'No online-node key is pinned: run "vaultline bundle pin-node".'];
  for (const k of v.keys.filter((k) => k.status !== 'active')) lines.push(`Earlier key (${k.status} ${orDash(k.endedAt)}): ${k.fingerprint}${k.endReason ? ` — ${k.endReason}` : ''}`);
  for (const r of v.rotations) {
    lines.push(`Rotation ${r.id} [${r.status}] ${r.oldFingerprint.slice(0, 19)}… → ${r.newFingerprint}`, `  reason: ${r.reason}`, `  approvals ${r.approvals.length}/${r.needed}: ${r.approvals.map((a) => a.username).join(', ') || '-'}; statement digest ${r.digest}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The bundle a command reads: a file argument, or PNG frames of an animated QR code. */
function sourceFrom(values: ParsedValues, args: readonly string[]): { source: { path: string } | { base64: string; fileName?: string }; note: string } {
  const frames = stringOption(values, 'qr-frames');
  const file = args[0];
  if (frames !== undefined) {
    if (file !== undefined && file !== '-') throw new UsageError('give a bundle file or --qr-frames DIR, not both', 'VALIDATION', '--qr-frames');
    const { bytes, type, used, dropped } = readFrames(resolve(frames));
    if (type !== 'bytes') throw new UsageError(`the frames carry a PSBT (ur:${type}), not a bundle; "vaultline node scan" writes it to a file`, 'VALIDATION', '--qr-frames');
    return { source: { base64: bytes.toString('base64'), fileName: 'qr-frames.zip' }, note: `Decoded ${bytes.length} bytes from ${used} QR frames (${dropped} dropped).\n` };
  }
  if (file === undefined || file === '-') throw new UsageError('give the bundle file (or --qr-frames DIR)', 'VALIDATION', '<file>');
  return { source: { path: resolve(file) }, note: '' };
}

const SOURCE_OPTIONS = { 'qr-frames': { type: 'string', value: 'DIR', description: 'read the bundle from PNG frames of an animated QR code instead of a file ("-" as the file)' } } as const;

async function confirm(io: CliIo, question: string): Promise<boolean> {
  if (!io.interactive) return false;
  return /^y(es)?$/i.test(await promptVisible(io.stdin, question));
}

export const bundlePreviewCommand: CliCommand = {
  path: ['bundle', 'preview'],
  args: ['<file>'],
  summary: 'Check an inbound bundle and show what importing it would do (changes nothing)',
  options: { ...SOURCE_OPTIONS, ...SIGN_IN_OPTIONS },
  run(ctx) {
    const { source, note } = sourceFrom(ctx.values, ctx.args);
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) => fromResult(await cli.call('bundles.preview', { source }), (p) => note + renderPreview(p), (p) => (p.acceptable ? 0 : 1)));
  },
};

export const bundleImportCommand: CliCommand = {
  path: ['bundle', 'import'],
  args: ['<file>'],
  summary: 'Import an inbound bundle: preview, confirm, then all or nothing',
  details: 'Shows the preview and asks to confirm; --yes confirms without asking (scripts). The import takes exactly the previewed bundle.',
  options: { yes: { type: 'boolean', description: 'import without asking, if the preview is acceptable' }, ...SOURCE_OPTIONS, ...SIGN_IN_OPTIONS },
  run(ctx) {
    const { source, note } = sourceFrom(ctx.values, ctx.args);
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli): Promise<Outcome> => {
      const preview = await cli.call('bundles.preview', { source });
      if (!preview.ok) return failed(preview.error);
      const p = preview.value;
      if (!p.acceptable || !p.bundle) return { ok: false, error: { code: p.refusal?.code ?? 'BUNDLE_MALFORMED', message: p.refusal?.message ?? 'The bundle cannot be imported.' } };
      if (!ctx.global.json) ctx.io.err(note + renderPreview(p));
      if (!booleanOption(ctx.values, 'yes') && !(await confirm(ctx.io, `Import bundle ${p.bundle.sequence} with ${p.bundle.itemCount} items? [y/N] `))) {
        throw new UsageError('not imported: confirm with --yes, or answer "y" at the prompt');
      }
      return fromResult(await cli.call('bundles.import', { source, expectedBundleHash: p.bundle.bundleHash }), renderImported);
    });
  },
};

export const bundleExportCommand: CliCommand = {
  path: ['bundle', 'export'],
  summary: 'Put everything waiting for the online node into one signed bundle, written to a folder',
  options: { out: { type: 'string', value: 'DIR', description: 'folder to write the bundle to (removable media)' }, ...SIGN_IN_OPTIONS },
  run(ctx) {
    const out = requiredString(ctx.values, 'out');
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) =>
      fromResult(await cli.call('bundles.export', { folder: resolve(out) }), (v) => `Exported bundle ${v.bundle.sequence} (${v.bundle.itemCount} items) to ${v.savedTo?.path ?? '-'} (${kib(v.savedTo?.bytes ?? 0)}).\n`),
    );
  },
};

export const bundleSaveCommand: CliCommand = {
  path: ['bundle', 'save'],
  args: ['<bundle-id>'],
  summary: 'Write a recorded outbound bundle to a folder again',
  options: { out: { type: 'string', value: 'DIR', description: 'folder to write it to' }, ...SIGN_IN_OPTIONS },
  run(ctx) {
    const out = requiredString(ctx.values, 'out');
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) => fromResult(await cli.call('bundles.save', { bundleId: ctx.args[0]!, folder: resolve(out) }), (v) => `Wrote ${v.path} (${kib(v.bytes)}).\n`));
  },
};

export const bundleQrCommand: CliCommand = {
  path: ['bundle', 'qr'],
  args: ['<bundle-id>'],
  summary: 'A recorded outbound bundle as animated-QR frames (PNG files, BC-UR ur:bytes)',
  options: { out: { type: 'string', value: 'DIR', description: 'folder for frame-0001.png …' }, ...QR_OPTIONS, ...SIGN_IN_OPTIONS },
  run(ctx) {
    const out = resolve(requiredString(ctx.values, 'out'));
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) => {
      const file = await cli.call('bundles.file', { bundleId: ctx.args[0]! });
      if (!file.ok) return failed(file.error);
      const frames = await writeFrames(Buffer.from(file.value.base64, 'base64'), out, ctx.values);
      return { ok: true, value: frames, text: `Wrote ${frames.frames} frames (${frames.seqLength} fragments of ${frames.fragmentSize} bytes) to ${out}; show them at ${frames.framesPerSecond} frames per second.\n` };
    });
  },
};

export const bundleListCommand: CliCommand = {
  path: ['bundle', 'list'],
  summary: 'The history of bundles in and out, newest first',
  options: { direction: { type: 'string', value: 'inbound|outbound', description: 'only one direction' }, limit: { type: 'string', value: 'N', description: 'at most N (default 100)' }, ...SIGN_IN_OPTIONS },
  run(ctx) {
    const input = { direction: stringOption(ctx.values, 'direction'), limit: integerOption(ctx.values, 'limit') };
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) => fromResult(await cli.callUnchecked('bundles.list', Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined))), renderList));
  },
};

export const bundleShowCommand: CliCommand = {
  path: ['bundle', 'show'],
  args: ['<bundle-id>'],
  summary: 'One bundle and its items',
  options: { ...SIGN_IN_OPTIONS },
  run: (ctx) =>
    withConsole(ctx, { unlock: true, signIn: true }, async (cli) =>
      fromResult(await cli.callUnchecked('bundles.get', { bundleId: ctx.args[0] }), (v) => {
        const b = v.bundle;
        const head = `${b.direction} bundle ${b.sequence} ${b.bundleId}\n  hash ${b.bundleHash}\n  from ${b.sender.name} ${b.sender.fingerprint}\n  recorded ${b.recordedAt}, ${b.itemCount} items\n\n`;
        return head + table(['ITEM', 'TYPE', 'SIZE', 'STATUS', 'MODULE', 'NOTE'], v.items.map((i) => [i.itemId, i.type, String(i.size), i.status, i.module, orDash(i.note)]));
      }),
    ),
};

export const bundleIdentityCommand: CliCommand = {
  path: ['bundle', 'identity'],
  summary: 'The console’s identity card for the online node (id, name, public key, fingerprint)',
  options: { out: { type: 'string', value: 'FILE', description: 'also write the card as JSON (for "vaultline node init --console-identity")' }, ...SIGN_IN_OPTIONS },
  run(ctx) {
    const out = stringOption(ctx.values, 'out');
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) => {
      const card = await cli.call('bundles.identity', {});
      if (card.ok && out) writeFileSync(resolve(out), `${JSON.stringify(card.value, null, 2)}\n`);
      return fromResult(card, (c) => `${c.consoleName} (${c.consoleId})\nFingerprint (compare on the online node):\n  ${c.fingerprint}\n${out ? `Card written to ${resolve(out)}\n` : c.publicKeyPem}`);
    });
  },
};

/** A node identity card as `vaultline node identity --out` writes it. */
function readNodeCard(path: string): { nodeId: string; nodeName: string; publicKeyPem: string; fingerprint: string } {
  let card: unknown;
  try {
    card = JSON.parse(readFileSync(resolve(path), 'utf8'));
  } catch {
    throw new UsageError(`${path} is not a readable JSON identity card`, 'VALIDATION', '--identity');
  }
  const c = card as Record<string, unknown>;
  if (typeof c.nodeId !== 'string' || typeof c.nodeName !== 'string' || typeof c.publicKeyPem !== 'string' || typeof c.fingerprint !== 'string') {
    throw new UsageError(`${path} is not an online-node identity card (nodeId, nodeName, publicKeyPem, fingerprint)`, 'VALIDATION', '--identity');
  }
  return { nodeId: c.nodeId, nodeName: c.nodeName, publicKeyPem: c.publicKeyPem, fingerprint: c.fingerprint };
}

export const bundlePinNodeCommand: CliCommand = {
  path: ['bundle', 'pin-node'],
  summary: 'Key ceremony: pin the online node’s public key after comparing its fingerprint by eye (admin)',
  details: [
    'Reads the node’s identity card (vaultline node identity --out card.json). The fingerprint is never',
    'taken from the card: type the one the online node shows on its own screen (--confirm-fingerprint,',
    'or at the prompt). The console refuses a fingerprint that does not match the key.',
  ].join('\n'),
  options: {
    identity: { type: 'string', value: 'FILE', description: 'the online node’s identity card (JSON)' },
    'confirm-fingerprint': { type: 'string', value: 'HEX', description: 'the fingerprint as shown on the online node' },
    ...SIGN_IN_OPTIONS,
  },
  run(ctx) {
    const card = readNodeCard(requiredString(ctx.values, 'identity'));
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) => {
      let typed = stringOption(ctx.values, 'confirm-fingerprint');
      if (typed === undefined) {
        if (!ctx.io.interactive) throw new UsageError('pass --confirm-fingerprint with the fingerprint the online node shows', 'VALIDATION', '--confirm-fingerprint');
        ctx.io.err(`Online node ${card.nodeName} (${card.nodeId}). Read its fingerprint off the online node’s own screen and type it here.\n`);
        typed = await promptVisible(ctx.io.stdin, 'Fingerprint: ');
      }
      return fromResult(await cli.call('bundles.nodeKey.pin', { nodeId: card.nodeId, nodeName: card.nodeName, publicKeyPem: card.publicKeyPem, confirmFingerprint: typed }), (v) => `Pinned ${v.key.nodeName} (${v.key.nodeId}):\n  ${v.key.fingerprint}\n`);
    });
  },
};

export const bundleKeysCommand: CliCommand = {
  path: ['bundle', 'keys'],
  summary: 'The pinned online-node key, earlier keys and key rotations',
  options: { ...SIGN_IN_OPTIONS },
  run: (ctx) => withConsole(ctx, { unlock: true, signIn: true }, async (cli: CliConsole) => fromResult(await cli.call('bundles.nodeKey.status', {}), renderKeys)),
};

export const bundleRevokeNodeCommand: CliCommand = {
  path: ['bundle', 'revoke-node'],
  summary: 'Revoke the online node’s key (admin): nothing inbound is accepted until a new ceremony',
  options: { reason: { type: 'string', value: 'TEXT', description: 'why (at least 10 characters)' }, ...SIGN_IN_OPTIONS },
  run(ctx) {
    const reason = requiredString(ctx.values, 'reason');
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) => fromResult(await cli.call('bundles.nodeKey.revoke', { reason }), (v) => `Revoked ${v.key.fingerprint}.\n`));
  },
};

export const bundleApproveRotationCommand: CliCommand = {
  path: ['bundle', 'approve-rotation'],
  args: ['<rotation-id>'],
  summary: 'Approve an online-node key rotation by signing it with your own token',
  details: 'Your token PIN is asked for again (or read from --token-pin-file / --secrets-stdin): the approval is your token’s signature.',
  options: { ...SIGN_IN_OPTIONS },
  run: (ctx) =>
    withConsole(ctx, { unlock: true, signIn: true }, async (cli) => {
      const tokenPin = await ctx.secrets.get('tokenPin', 'token PIN to sign the approval');
      return fromResult(await cli.call('bundles.rotations.approve', { rotationId: ctx.args[0]!, tokenPin }), (v) =>
        v.activated ? `Approved: the quorum is reached and the new key ${v.rotation.newFingerprint} is now pinned.\n` : `Approved (${v.rotation.approvals.length} of ${v.rotation.needed}); another officer must approve.\n`,
      );
    }),
};

export const bundleRejectRotationCommand: CliCommand = {
  path: ['bundle', 'reject-rotation'],
  args: ['<rotation-id>'],
  summary: 'Reject an online-node key rotation, with the reason',
  options: { reason: { type: 'string', value: 'TEXT', description: 'why (at least 10 characters)' }, ...SIGN_IN_OPTIONS },
  run(ctx) {
    const reason = requiredString(ctx.values, 'reason');
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) => fromResult(await cli.call('bundles.rotations.reject', { rotationId: ctx.args[0]!, reason }), (v) => `Rejected rotation ${v.rotation.id}.\n`));
  },
};

export const BUNDLE_COMMANDS: readonly CliCommand[] = [
  bundleIdentityCommand,
  bundlePinNodeCommand,
  bundleKeysCommand,
  bundleRevokeNodeCommand,
  bundleApproveRotationCommand,
  bundleRejectRotationCommand,
  bundlePreviewCommand,
  bundleImportCommand,
  bundleExportCommand,
  bundleSaveCommand,
  bundleQrCommand,
  bundleListCommand,
  bundleShowCommand,
];
