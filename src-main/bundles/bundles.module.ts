/** The bundles module, built once by the composition root: keys, handlers, outbox, import, export. */
import type { Clock } from '../platform/clock';
import type { ConsoleService } from '../services/console.service';
import type { LedgerModule } from '../ledger/ledger.module';
import { defaultModulePath } from '../services/data-dir';
import { BundleExportService } from './bundle-export.service';
import { BundleImportService } from './bundle-import.service';
import { consoleParty, consoleSigner } from './console-party';
import { ItemHandlerRegistry } from './item-handlers';
import { registerLedgerItemHandlers } from './ledger.item-handlers';
import { NodeKeysService } from './node-keys.service';
import { receiveEncryptionKey } from './node-encryption-keys';
import { OutboxService } from './outbox.service';

export interface BundlesModule {
  readonly nodeKeys: NodeKeysService;
  readonly handlers: ItemHandlerRegistry;
  readonly outbox: OutboxService;
  readonly importer: BundleImportService;
  readonly exporter: BundleExportService;
}

export function createBundlesModule(clock: Clock, console: ConsoleService, ledger: LedgerModule): BundlesModule {
  const nodeKeys = new NodeKeysService(
    clock,
    () => consoleParty(console).id,
    () => console.config?.operatorTokens.modulePath ?? defaultModulePath(),
  );
  const handlers = new ItemHandlerRegistry();
  registerLedgerItemHandlers(handlers, ledger);
  handlers.register({
    type: 'key-rotation',
    module: 'Bundles (key ceremony)',
    apply({ db, manifest, bundleHash, signer, line }, item) {
      const rotation = nodeKeys.propose(db, { bundleId: manifest.bundleId, bundleHash, itemId: line.id, signer }, item);
      return `rotation ${rotation.id} waits for approval`;
    },
  });
  handlers.register({
    type: 'node-encryption-key',
    module: 'Bundles (sealing)',
    apply({ db, manifest, signer, line }, item) {
      return receiveEncryptionKey(db, { nodeId: manifest.sender.id, signingKeyFingerprint: signer.fingerprint, bundleId: manifest.bundleId, itemId: line.id, receivedAt: clock.now().toISOString() }, item);
    },
  });
  const outbox = new OutboxService(clock);
  const party = () => consoleParty(console);
  return {
    nodeKeys,
    handlers,
    outbox,
    importer: new BundleImportService(clock, party, nodeKeys, handlers, outbox),
    exporter: new BundleExportService(clock, party, () => consoleSigner(console)),
  };
}
