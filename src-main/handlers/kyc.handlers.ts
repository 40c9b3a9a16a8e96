import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { VaultlineError } from '../errors';
import type { Bus, HandlerContext } from '../bus/bus';
import type { Clock } from '../platform/clock';
import type { ConsoleService } from '../services/console.service';
import { countCustomers, countReviewsDue, customersByIds, listCustomers, reviewsDue } from '../db/kyc.repository';
import { findCustomer } from '../db/kyc.repository';
import type { z } from 'zod';
import { KYC_DOCUMENT_MAX_BYTES, type documentInput } from '../../src-shared/commands/kyc.commands';
import type { KycService, NewDocument } from '../kyc/kyc.service';
import { customerDetailOf, customerSummaryOf, documentViewOf, hitViewOf, listSummaryView } from '../kyc/kyc.views';
import { actor } from './session.handlers';

const DAY = 86_400_000;

/** The first bytes of a file (its signature), read before the file is streamed into the vault. */
function fileHead(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(16);
    return head.subarray(0, readSync(fd, head, 0, 16, 0));
  } finally {
    closeSync(fd);
  }
}

export function registerKycHandlers(bus: Bus, console: ConsoleService, kyc: KycService, clock: Clock): void {
  const db = () => console.requireDb();
  const by = (ctx: HandlerContext) => `operator:${actor(ctx).username}`;
  const detail = (id: string) => customerDetailOf(db(), kyc, kyc.require(db(), id), clock.now());

  bus.register('kyc.customers.list', (input) => {
    const reviewBefore = input.reviewDue ? new Date(clock.now().getTime() + input.reviewWithinDays * DAY).toISOString() : undefined;
    const filter = { status: input.reviewDue ? (['approved'] as const) : input.status, riskLevel: input.riskLevel, reviewBefore, search: input.search };
    const rows = listCustomers(db(), filter, input.afterId, input.limit + 1);
    const page = rows.slice(0, input.limit);
    return { customers: page.map(listSummaryView), total: countCustomers(db(), filter), nextAfterId: rows.length > input.limit ? page[page.length - 1]!.id : null };
  });

  bus.register('kyc.customers.get', (input) => detail(input.customerId));

  /** A document from the window (bytes) or from a file on this machine (streamed into the vault). */
  const documentOf = async (input: z.infer<typeof documentInput>, path: string): Promise<NewDocument> => {
    const base = { kind: input.kind, fileName: input.fileName, contentType: input.contentType, description: input.description };
    if ('base64' in input.content) return { ...base, content: Buffer.from(input.content.base64, 'base64') };
    const file = input.content.path;
    let size: number;
    try {
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      size = info.size;
    } catch {
      throw new VaultlineError('IO', `Cannot read a file at ${file}.`, { issues: [{ path, message: 'is not a readable file' }] });
    }
    if (size > KYC_DOCUMENT_MAX_BYTES) throw new VaultlineError('VALIDATION', `${file} is ${(size / 1024 / 1024).toFixed(1)} MB; a KYC document may be at most 25 MB. Nothing was changed.`, { issues: [{ path, message: 'file exceeds 25 MB' }] });
    return { ...base, content: { size, head: size > 0 ? fileHead(file) : Buffer.alloc(0), chunks: createReadStream(file, { highWaterMark: 64 * 1024 }) } };
  };

  bus.register('kyc.customers.create', async (input, ctx) => {
    const documents: NewDocument[] = [];
    for (const [i, d] of (input.documents ?? []).entries()) documents.push(await documentOf(d, `documents.${i}.content.path`));
    await kyc.create(db(), input.customerId, input.profile, by(ctx), { kind: 'console' }, documents);
    return detail(input.customerId);
  });

  bus.register('kyc.customers.update', (input, ctx) => {
    kyc.update(db(), input.customerId, input.profile, input.reason, by(ctx), { kind: 'console' });
    return detail(input.customerId);
  });

  bus.register('kyc.documents.add', async (input, ctx) => {
    const { customerId, ...doc } = input;
    const document = await kyc.addDocument(db(), customerId, await documentOf(doc, 'content.path'), by(ctx), { kind: 'console' });
    return { document: documentViewOf(document), customer: customerSummaryOf(db(), kyc.require(db(), customerId)) };
  });

  bus.register('kyc.documents.read', (input, ctx) => {
    const operator = actor(ctx);
    const { document, content } = kyc.readDocument(db(), input.documentId, { operatorId: operator.id, username: operator.username, purpose: input.purpose }, (w) => ctx.onFailure(w));
    return { document: documentViewOf(document), contentBase64: content.toString('base64') };
  });

  bus.register('kyc.hits.resolve', (input, ctx) => {
    const hit = kyc.resolveHit(db(), input.hitId, input.resolution, input.reason, by(ctx));
    const customer = hit.customerId ? findCustomer(db(), hit.customerId) : undefined;
    return { hit: hitViewOf(db(), hit), customer: customer ? customerSummaryOf(db(), customer) : null };
  });

  bus.register('kyc.customers.approve', (input, ctx) => {
    kyc.approve(db(), input.customerId, actor(ctx), input.note, input.edd);
    return detail(input.customerId);
  });

  bus.register('kyc.customers.reject', (input, ctx) => ({ customer: customerSummaryOf(db(), kyc.reject(db(), input.customerId, input.reason, by(ctx))) }));

  bus.register('kyc.customers.requestInformation', (input, ctx) => ({ customer: customerSummaryOf(db(), kyc.requestInformation(db(), input.customerId, input.reason, by(ctx))) }));

  bus.register('kyc.customers.reverify', (input, ctx) => {
    kyc.startReview(db(), input.customerId, input.reason, by(ctx));
    return detail(input.customerId);
  });

  bus.register('kyc.reviews.due', (input) => {
    const now = clock.now();
    const before = new Date(now.getTime() + input.withinDays * DAY).toISOString();
    const rows = reviewsDue(db(), before, input.limit);
    return {
      reviews: rows.map((r) => ({
        ...listSummaryView(r),
        overdueDays: r.nextReviewAt && r.nextReviewAt < now.toISOString() ? Math.floor((now.getTime() - new Date(r.nextReviewAt).getTime()) / DAY) : 0,
        blocksWithdrawals: !kyc.gate(db(), r.id, now).withdrawalsAllowed,
      })),
      total: countReviewsDue(db(), before),
      graceDays: kyc.risk.config.review.graceDays,
    };
  });

  bus.register('kyc.customers.status', (input) => {
    const now = clock.now();
    const rows = new Map(customersByIds(db(), input.customerIds).map((r) => [r.id, r]));
    return {
      statuses: input.customerIds.map((id) => {
        const r = rows.get(id);
        return { customerId: id, known: r !== undefined, status: r?.status ?? null, riskLevel: r?.riskLevel ?? null, nextReviewAt: r?.nextReviewAt ?? null, ...kyc.gate(db(), id, now) };
      }),
    };
  });
}
