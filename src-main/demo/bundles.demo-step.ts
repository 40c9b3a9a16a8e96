/**
 * Demo exchange with an online node. The demo directory gets its own online node (online-node/,
 * a software key — a real node keeps its key in a token), pinned by the administrator's key
 * ceremony. The node's first bundle (its encryption key for sealed reports, prices, deposits) is imported; its second
 * waits in inbox/ for someone to import from the Bundles screen. After custody has signed, the
 * outbound bundle — signed transactions, address pools, acknowledgements — is written to outbound/.
 */
import { generateKeyPairSync, createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { jsonItem } from '../bundles/bundle.writer';
import { NodeDir } from '../online-node/node-config';
import { OnlineNode, type NodeSecrets } from '../online-node/online-node';
import { systemClock } from '../platform/clock';
import type { DemoContext, DemoStep } from './demo-step';
import { demoCustomerId } from './ledger.demo-step';
import { DEMO_DESTINATIONS } from './custody.demo-step';

const NO_SECRETS: NodeSecrets = {
  keyPassphrase: () => Promise.reject(new Error('the demo node key has no passphrase')),
  tokenPin: () => Promise.reject(new Error('the demo node has no token')),
};

const root = (ctx: DemoContext): string => ctx.dataDir;
const hex64 = (label: string): string => createHash('sha256').update(label).digest('hex');

function demoNode(dataDir: string): OnlineNode {
  return new OnlineNode(new NodeDir(join(dataDir, 'online-node')), systemClock);
}

export const onlineNodeDemoStep: DemoStep = {
  name: 'online node',
  async run(ctx) {
    const dataDir = root(ctx);
    const nodeDir = join(dataDir, 'online-node');
    mkdirSync(nodeDir, { recursive: true, mode: 0o700 });
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const keyPath = join(nodeDir, 'node-key.pem');
    writeFileSync(keyPath, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const card = await ctx.admin('bundles.identity', {});
    OnlineNode.init(new NodeDir(nodeDir), {
      nodeId: 'demo-online-node',
      nodeName: 'Demo online node',
      key: { kind: 'pem', path: keyPath, encrypted: false, spki: publicKey.export({ type: 'spki', format: 'der' }).toString('base64') },
      console: { consoleId: card.consoleId, consoleName: card.consoleName, publicKeyPem: card.publicKeyPem, fingerprintHex: card.fingerprintHex },
    });
    const node = demoNode(dataDir);
    const id = node.identity();
    mkdirSync(join(dataDir, 'inbox'), { recursive: true });
    mkdirSync(join(dataDir, 'outbound'), { recursive: true });
    await ctx.admin('bundles.nodeKey.pin', { nodeId: id.nodeId, nodeName: id.nodeName, publicKeyPem: id.publicKeyPem, confirmFingerprint: id.fingerprint });

    const now = ctx.now().toISOString();
    const deposits = [0, 1, 2].map((i) =>
      jsonItem(`dep-node-${i}`, 'chain-event', { kind: 'deposit', assetId: 'BTC', txid: hex64(`node-dep-${i}`), outputIndex: 0, address: 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4', customerId: demoCustomerId(20 + i), amount: '0.0125', confirmations: 6, finalized: false }),
    );
    // The first bundle also carries the node's encryption key: the cases step's filed STR is sealed to it.
    const first = await node.sendEncryptionKey(join(dataDir, 'inbox'), NO_SECRETS, [
      jsonItem('prices-node-1', 'market-prices', { asOf: now, source: 'demo exchange feed', quote: 'USD', prices: [{ assetId: 'BTC', price: '61250' }, { assetId: 'ETH', price: '3120.5' }] }),
      ...deposits,
    ]);
    const carla = await ctx.as('carla.custody');
    const preview = await carla('bundles.preview', { source: { path: first.path } });
    await carla('bundles.import', { source: { path: first.path }, expectedBundleHash: preview.bundle!.bundleHash });
    ctx.progress(`  online node pinned (fingerprint ${id.fingerprint}); first bundle, with its encryption key, imported`);
  },
};

export const outboundDemoStep: DemoStep = {
  name: 'outbound bundle',
  async run(ctx) {
    const dataDir = root(ctx);
    const node = demoNode(dataDir);
    // The node's next bundle waits in inbox/: a withdrawal request and a deposit to import by hand.
    await node.createBundle(
      [
        jsonItem('wreq-node-1', 'withdrawal-request', { requestId: 'NODE-REQ-1', customerId: demoCustomerId(11), assetId: 'BTC', amount: '0.015', destination: DEMO_DESTINATIONS.btc, feeCap: '0.0002', requestedAt: ctx.now().toISOString() }),
        jsonItem('dep-node-9', 'chain-event', { kind: 'deposit', assetId: 'ETH', txid: `0x${hex64('node-dep-9')}`, outputIndex: 0, address: DEMO_DESTINATIONS.eth, customerId: demoCustomerId(12), amount: '0.75', confirmations: 70, finalized: true }),
      ],
      join(dataDir, 'inbox'),
      NO_SECRETS,
    );
    const carla = await ctx.as('carla.custody');
    const exported = await carla('bundles.export', { folder: join(dataDir, 'outbound') });
    ctx.progress(`  outbound bundle ${exported.bundle.sequence} written to ${exported.savedTo?.path ?? '(not saved)'}`);
  },
};
