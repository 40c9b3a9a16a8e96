/**
 * `vaultline kyc …`: screening list imports from a file (the same import a `sanctions-list-update`
 * bundle item makes), the lists and their versions, ad hoc screening of a name or an address, the
 * review queue and the reviews due. Everything else of a KYC file is `vaultline call kyc.…`.
 */
import { readFileSync } from 'node:fs';
import type { CommandInput, CommandOutput } from '../../../../src-shared/commands';
import { failed, fromResult, type CliCommand } from '../command';
import type { WireError } from '../../../../src-shared/errors';
import { withConsole, type CliConsole } from '../cli-console';
import { integerOption, listOption, requiredString, SIGN_IN_OPTIONS, stringOption } from '../options';
import { orDash, table } from '../table';
import { UsageError } from '../usage-error';

type ImportInput = CommandInput<'kyc.lists.import'>;
const FORMATS = ['ofac-sdn-advanced-xml', 'ofac-sdn-csv', 'un-consolidated-xml', 'address-list-json', 'pep-csv'] as const;

function renderImport(v: CommandOutput<'kyc.lists.import'>, job: CommandOutput<'jobs.get'>['job'] | undefined, listId: string): string {
  const r = job?.result as { results?: { listId: string; subjects: number; entriesScreened: number; newHits: number; rescored: number }[] } | undefined;
  const mine = r?.results?.find((x) => x.listId === listId);
  return (
    `List version ${v.version.version} imported: ${v.version.entryCount} entries (${v.version.added} added, ${v.version.changed} changed, ${v.version.removed} removed); ${v.delistedHits} hit(s) on delisted entries.\n` +
    (mine ? `Re-screened ${mine.subjects} customers, beneficial owners and addresses against ${mine.entriesScreened} entries: ${mine.newHits} new hit(s), ${mine.rescored} customer(s) re-scored.\n` : '')
  );
}

/** Wait for a job (the CLI process must not end while it runs), printing its progress to stderr. */
async function waitForJob(cli: CliConsole, ctx: { io: { err(text: string): void }; global: { json: boolean } }, jobId: string): Promise<{ ok: true; job: CommandOutput<'jobs.get'>['job'] } | { ok: false; error: WireError }> {
  let last = '';
  for (;;) {
    const polled = await cli.call('jobs.get', { id: jobId });
    if (!polled.ok) return { ok: false, error: polled.error };
    const { job } = polled.value;
    const line = `${job.step} (${job.done}/${job.total})`;
    if (line !== last && !ctx.global.json) ctx.io.err(`  ${line}\n`);
    last = line;
    if (job.state === 'failed') return { ok: false, error: job.error ?? { code: 'INTERNAL', message: 'The re-screen failed.' } };
    if (job.state === 'done') return { ok: true, job };
    await new Promise((r) => setTimeout(r, 100));
  }
}

function renderLists(v: CommandOutput<'kyc.lists.list'>): string {
  if (v.lists.length === 0) return 'No screening lists yet: import one with "vaultline kyc lists import".\n';
  const rows = v.lists.map((l) => [l.id, l.kind, l.name, orDash(l.active?.version), orDash(l.active?.publishedAt.slice(0, 10)), String(l.currentEntries), String(l.addresses), l.threshold.toFixed(2), String(l.versions.length)]);
  return table(['LIST', 'KIND', 'NAME', 'VERSION', 'PUBLISHED', 'ENTRIES', 'ADDRESSES', 'THRESHOLD', 'VERSIONS'], rows);
}

function renderName(v: CommandOutput<'kyc.screen.name'>): string {
  if (v.matches.length === 0) return `No candidate on the ${v.listsSearched} active list(s).\n`;
  const rows = v.matches.map((m) => [m.score.toFixed(3), m.aboveThreshold ? 'HIT' : 'below', m.listId, m.entryId, m.entryName, m.matchedName, [...m.agreed.map((f) => `+${f.feature}`), ...m.penalised.map((f) => `-${f.feature}`)].join(' ')]);
  return table(['SCORE', '', 'LIST', 'ENTRY', 'NAME', 'MATCHED', 'WHY'], rows);
}

function renderAddress(v: CommandOutput<'kyc.screen.address'>): string {
  if (v.hits.length === 0) return `${v.normalised}: not listed (${v.listsSearched} list(s) with addresses searched).\n`;
  return `${v.normalised} IS LISTED:\n${table(['LIST', 'VERSION', 'ENTRY', 'NAME', 'ASSET', 'AS PUBLISHED', 'PROGRAMMES'], v.hits.map((h) => [h.listId, h.listVersion, h.entryId, h.entryName, h.asset, h.address, h.programs.join(', ')]))}`;
}

function renderCustomers(v: { customers: CommandOutput<'kyc.customers.list'>['customers']; total: number }, more?: string): string {
  if (v.customers.length === 0) return 'No customers match.\n';
  const rows = v.customers.map((c) => [c.id, c.legalName, c.type, c.status.replace('_', ' '), orDash(c.riskLevel), c.riskScore === null ? '-' : c.riskScore.toFixed(1), orDash(c.cddLevel), orDash(c.nextReviewAt?.slice(0, 10)), String(c.openHits)]);
  return `${table(['CUSTOMER', 'NAME', 'TYPE', 'STATUS', 'RISK', 'SCORE', 'CDD', 'NEXT REVIEW', 'OPEN HITS'], rows)}${v.customers.length} of ${v.total}${more ?? ''}.\n`;
}

const KIND_OPTIONS = ['sanctions', 'pep'] as const;

export const kycListsImportCommand: CliCommand = {
  path: ['kyc', 'lists', 'import'],
  summary: 'Import a sanctions or PEP list file as a new version, then re-screen every customer and known address',
  args: ['<file>'],
  details:
    'Formats: ofac-sdn-advanced-xml (OFAC sdn_advanced.xml, plain or .bz2), ofac-sdn-csv (OFAC sdn.csv), un-consolidated-xml, address-list-json (an object of OFAC asset codes to address arrays), pep-csv (id,name,aliases,birthDate,country,position). ' +
    'A version must be published after the current one of the list; a malformed file changes nothing. Needs a compliance analyst or officer.',
  options: {
    list: { type: 'string', value: 'ID', description: 'list id, e.g. ofac-sdn, un-consolidated, pep-eu' },
    format: { type: 'string', value: 'FORMAT', description: FORMATS.join(' | ') },
    version: { type: 'string', value: 'LABEL', description: 'the version label (e.g. the issue date)' },
    'published-at': { type: 'string', value: 'TIME', description: 'publication time (UTC, 2025-11-19T00:00:00.000Z)' },
    source: { type: 'string', value: 'TEXT', description: 'who published it (e.g. OFAC)' },
    kind: { type: 'string', value: 'sanctions|pep', description: 'for a list the console does not know yet' },
    name: { type: 'string', value: 'TEXT', description: 'display name, for a new list' },
    checksum: { type: 'string', value: 'FILE', description: 'OFAC sdn_advanced_checksum.txt: refuse the XML if its SHA-256 differs' },
    ...SIGN_IN_OPTIONS,
  },
  run(ctx) {
    const path = ctx.args[0];
    if (!path) throw new UsageError('give the list file: vaultline kyc lists import <file> --list ID --format FORMAT …', 'VALIDATION', '<file>');
    const kind = stringOption(ctx.values, 'kind');
    if (kind !== undefined && !(KIND_OPTIONS as readonly string[]).includes(kind)) throw new UsageError('--kind must be sanctions or pep', 'VALIDATION', '--kind');
    const checksumFile = stringOption(ctx.values, 'checksum');
    let expectedSha256: string | undefined;
    if (checksumFile) {
      expectedSha256 = /\b([0-9a-fA-F]{64})\b/.exec(readFileSync(checksumFile, 'utf8'))?.[1];
      if (!expectedSha256) throw new UsageError(`${checksumFile} holds no SHA-256 (64 hex digits)`, 'VALIDATION', '--checksum');
    }
    const input: ImportInput = {
      path,
      listId: requiredString(ctx.values, 'list'),
      format: requiredString(ctx.values, 'format') as ImportInput['format'],
      version: requiredString(ctx.values, 'version'),
      publishedAt: requiredString(ctx.values, 'published-at'),
      source: requiredString(ctx.values, 'source'),
      ...(kind ? { kind: kind as 'sanctions' | 'pep' } : {}),
      ...(stringOption(ctx.values, 'name') ? { name: stringOption(ctx.values, 'name')! } : {}),
      ...(expectedSha256 ? { expectedSha256 } : {}),
    };
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) => {
      const imported = await cli.callUnchecked('kyc.lists.import', input);
      if (!imported.ok || imported.value.jobId === null) return fromResult(imported, (v) => renderImport(v, undefined, input.listId));
      const waited = await waitForJob(cli, ctx, imported.value.jobId);
      if (!waited.ok) return failed(waited.error);
      return { ok: true, value: { ...imported.value, rescreen: waited.job.result }, text: renderImport(imported.value, waited.job, input.listId) };
    });
  },
};

export const kycListsCommand: CliCommand = {
  path: ['kyc', 'lists'],
  summary: 'Screening lists: kind, active version, entries, addresses, threshold',
  options: { ...SIGN_IN_OPTIONS },
  run: (ctx) => withConsole(ctx, { unlock: true, signIn: true }, async (cli) => fromResult(await cli.call('kyc.lists.list', {}), renderLists)),
};

export const kycScreenNameCommand: CliCommand = {
  path: ['kyc', 'screen', 'name'],
  summary: 'Screen a name against every active sanctions and PEP list, with the reasons for each score',
  args: ['<name>'],
  options: {
    'birth-date': { type: 'string', value: 'DATE', description: 'YYYY, YYYY-MM or YYYY-MM-DD' },
    country: { type: 'string', multiple: true, value: 'CC', description: 'ISO 3166-1 alpha-2 (repeatable)' },
    kind: { type: 'string', value: 'individual|entity', description: 'what the name belongs to' },
    limit: { type: 'string', value: 'N', description: 'at most N candidates (default 10)' },
    ...SIGN_IN_OPTIONS,
  },
  run(ctx) {
    const name = ctx.args.join(' ').trim();
    if (!name) throw new UsageError('give the name: vaultline kyc screen name "Given Surname"', 'VALIDATION', '<name>');
    const countries = listOption(ctx.values, 'country');
    const input = { name, birthDate: stringOption(ctx.values, 'birth-date'), kind: stringOption(ctx.values, 'kind'), limit: integerOption(ctx.values, 'limit'), ...(countries.length > 0 ? { countries } : {}) };
    const present = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) => fromResult(await cli.callUnchecked('kyc.screen.name', present), renderName));
  },
};

export const kycScreenAddressCommand: CliCommand = {
  path: ['kyc', 'screen', 'address'],
  summary: 'Screen a wallet address against every active list that carries addresses',
  args: ['<address>'],
  options: { chain: { type: 'string', value: 'bitcoin|ethereum', description: 'the address’s chain' }, ...SIGN_IN_OPTIONS },
  run(ctx) {
    const address = ctx.args[0];
    if (!address) throw new UsageError('give the address: vaultline kyc screen address <address> --chain bitcoin', 'VALIDATION', '<address>');
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) => fromResult(await cli.callUnchecked('kyc.screen.address', { chain: requiredString(ctx.values, 'chain'), address }), renderAddress));
  },
};

export const kycCustomersCommand: CliCommand = {
  path: ['kyc', 'customers'],
  summary: 'The KYC queue and book: customers by status, risk level or name',
  options: {
    status: { type: 'string', multiple: true, value: 'STATUS', description: 'pending_review | information_requested | approved | rejected (repeatable)' },
    risk: { type: 'string', multiple: true, value: 'LEVEL', description: 'low | medium | high (repeatable)' },
    search: { type: 'string', value: 'TEXT', description: 'a customer id or part of the name' },
    after: { type: 'string', value: 'ID', description: 'the page after this customer id' },
    limit: { type: 'string', value: 'N', description: 'at most N (default 100)' },
    ...SIGN_IN_OPTIONS,
  },
  run(ctx) {
    const status = listOption(ctx.values, 'status');
    const risk = listOption(ctx.values, 'risk');
    const input = { ...(status.length ? { status } : {}), ...(risk.length ? { riskLevel: risk } : {}), search: stringOption(ctx.values, 'search'), afterId: stringOption(ctx.values, 'after'), limit: integerOption(ctx.values, 'limit') };
    const present = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) =>
      fromResult(await cli.callUnchecked('kyc.customers.list', present), (v) => renderCustomers(v, v.nextAfterId ? `; more with --after ${v.nextAfterId}` : '')),
    );
  },
};

export const kycReviewsDueCommand: CliCommand = {
  path: ['kyc', 'reviews', 'due'],
  summary: 'Approved customers whose review is due (overdue first), and whether withdrawals are blocked',
  options: { within: { type: 'string', value: 'DAYS', description: 'due within DAYS (default 30)' }, ...SIGN_IN_OPTIONS },
  run(ctx) {
    const within = integerOption(ctx.values, 'within');
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) =>
      fromResult(await cli.callUnchecked('kyc.reviews.due', within === undefined ? {} : { withinDays: within }), (v) => {
        if (v.reviews.length === 0) return 'No reviews due.\n';
        const rows = v.reviews.map((r) => [r.id, r.legalName, orDash(r.riskLevel), orDash(r.nextReviewAt?.slice(0, 10)), r.overdueDays > 0 ? `${r.overdueDays} d` : '-', r.blocksWithdrawals ? 'BLOCKED' : 'ok', orDash(r.reviewReason)]);
        return `${table(['CUSTOMER', 'NAME', 'RISK', 'DUE', 'OVERDUE', 'WITHDRAWALS', 'WHY'], rows)}${v.reviews.length} of ${v.total}; withdrawals stop ${v.graceDays} days after the due date.\n`;
      }),
    );
  },
};

export const kycRescreenCommand: CliCommand = {
  path: ['kyc', 'rescreen'],
  summary: 'Re-screen every customer, beneficial owner and known address against the whole of every active list (or one), and wait for it',
  details: 'Needs a compliance officer. Runs as a job; its progress is printed to stderr. A re-screen cut short (the console closed or locked) resumes at the next unlock.',
  options: {
    reason: { type: 'string', value: 'TEXT', description: 'why (recorded with the re-screen)' },
    list: { type: 'string', value: 'ID', description: 'only this list' },
    ...SIGN_IN_OPTIONS,
  },
  run(ctx) {
    const listId = stringOption(ctx.values, 'list');
    const input = { reason: requiredString(ctx.values, 'reason'), ...(listId ? { listId } : {}) };
    return withConsole(ctx, { unlock: true, signIn: true }, async (cli) => {
      const started = await cli.callUnchecked('kyc.rescreen.start', input);
      if (!started.ok) return failed(started.error);
      const waited = await waitForJob(cli, ctx, started.value.job.id);
      if (!waited.ok) return failed(waited.error);
      const results = (waited.job.result as { results?: { listId: string; version: string; subjects: number; entriesScreened: number; newHits: number; rescored: number }[] } | null)?.results ?? [];
      const text = results.map((r) => `${r.listId} ${r.version}: ${r.subjects} customers, beneficial owners and addresses against ${r.entriesScreened} entries: ${r.newHits} new hit(s), ${r.rescored} customer(s) re-scored.\n`).join('');
      return { ok: true, value: { lists: started.value.lists, job: waited.job }, text: text || 'Nothing to re-screen.\n' };
    });
  },
};

export const KYC_COMMANDS: readonly CliCommand[] = [kycCustomersCommand, kycReviewsDueCommand, kycListsCommand, kycListsImportCommand, kycRescreenCommand, kycScreenNameCommand, kycScreenAddressCommand];
