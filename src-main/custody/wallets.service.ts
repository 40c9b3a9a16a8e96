/**
 * Wallets. Two key schemes:
 *  - `hsm`: every address has its own secp256k1 key generated in the custody token
 *    (CKA_SENSITIVE, not extractable); signing is CKM_ECDSA in the token.
 *  - `bip32`: a 64-byte HD seed generated in the token and kept only wrapped by the HSM seed key;
 *    addresses come from the account xpub (public derivation, no seed needed); for a signature the
 *    seed is unwrapped inside the signing module, used once, and zeroed.
 * Change (Bitcoin) and the sending account (Ethereum) are purpose `change`, index 0.
 */
import { randomBytes, createHash } from 'node:crypto';
import { BIP32Factory, type BIP32Interface } from 'bip32';
import * as ecc from '@bitcoinerlab/secp256k1';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import type { ReadableDB, WritableDB } from '../db/database';
import { getMeta, setMeta } from '../db/meta.repository';
import { getAsset, type AssetRow } from '../db/ledger.repository';
import { addressesOf, bumpWalletIndex, findWallet, insertAddress, insertWallet, listWallets, type AddressRow, type WalletRow } from '../db/custody.repository';
import { CUSTODY_KEY_LABEL, SEED_KEY_LABEL } from '../hsm/custody.keystore';
import { deriveAddress, type RawSecp256k1Signer } from '../chains';
import type { ConsoleService } from '../services/console.service';
import type { CustodyOutbound } from './custody.item-handlers';

const bip32 = BIP32Factory(ecc);

/** BIP32 version bytes: mainnet xpub/xprv, testnet tpub/tprv (BIP32, SLIP-132 base versions). */
const VERSIONS = {
  mainnet: { wif: 0x80, bip32: { public: 0x0488b21e, private: 0x0488ade4 }, messagePrefix: '', bech32: 'bc', pubKeyHash: 0, scriptHash: 5 },
  testnet: { wif: 0xef, bip32: { public: 0x043587cf, private: 0x04358394 }, messagePrefix: '', bech32: 'tb', pubKeyHash: 0x6f, scriptHash: 0xc4 },
};

/** BIP84 account for Bitcoin (P2WPKH), BIP44 for Ethereum. */
export function accountPath(asset: Pick<AssetRow, 'chain' | 'network'>): string {
  if (asset.chain === 'ethereum') return "m/44'/60'/0'";
  return asset.network === 'mainnet' ? "m/84'/0'/0'" : "m/84'/1'/0'";
}

function versions(asset: Pick<AssetRow, 'chain' | 'network'>) {
  return asset.chain === 'bitcoin' && asset.network !== 'mainnet' ? VERSIONS.testnet : VERSIONS.mainnet;
}

/** Below the account: `0/i` receive, `1/i` change (BIP44); Ethereum sends from `0/0`. */
function childPath(asset: Pick<AssetRow, 'chain'>, purpose: 'deposit' | 'change', index: number): string {
  if (asset.chain === 'ethereum') return purpose === 'change' ? '0/0' : `0/${index + 1}`;
  return `${purpose === 'change' ? 1 : 0}/${index}`;
}

/** Compressed forms already computed, by the uncompressed point: a pure function, so never stale. */
const compressed = new Map<string, Uint8Array>();

export function compressPoint(point: Uint8Array): Uint8Array {
  const key = Buffer.from(point).toString('hex');
  const known = compressed.get(key);
  if (known) return Uint8Array.from(known);
  const value = secp256k1.Point.fromBytes(point).toBytes(true);
  if (compressed.size >= 10_000) compressed.clear();
  compressed.set(key, value);
  return Uint8Array.from(value);
}

export interface KeyInventoryEntry {
  readonly walletId: string;
  readonly scheme: 'hsm' | 'bip32';
  readonly reference: string;
  readonly publicKey: string;
  readonly fingerprint: string;
  readonly address: string | null;
}

export class WalletsService {
  constructor(
    private readonly clock: Clock,
    private readonly console: ConsoleService,
    private readonly outbound: CustodyOutbound,
  ) {}

  private seedKeyId(db: WritableDB): string {
    const known = getMeta(db, 'seed_kek_id');
    if (known) return known;
    const id = this.console.custody().ensureWrappingKey(SEED_KEY_LABEL);
    setMeta(db, 'seed_kek_id', id);
    return id;
  }

  requireWallet(db: ReadableDB, id: string): { wallet: WalletRow; asset: AssetRow } {
    const wallet = findWallet(db, id);
    if (!wallet) throw new VaultlineError('NOT_FOUND', `No wallet ${id}.`);
    const asset = getAsset(db, wallet.assetId)!;
    return { wallet, asset };
  }

  list(db: ReadableDB): WalletRow[] {
    return listWallets(db);
  }

  create(db: WritableDB, input: { assetId: string; role: 'hot' | 'cold'; scheme: 'hsm' | 'bip32'; label: string }, createdBy: string): { wallet: WalletRow; change: AddressRow } {
    const asset = getAsset(db, input.assetId);
    if (!asset) throw new VaultlineError('NOT_FOUND', `Unknown asset "${input.assetId}".`, { issues: [{ path: 'assetId', message: 'unknown asset' }] });
    if (asset.contractAddress) throw new VaultlineError('VALIDATION', `${asset.id} is a token; its wallet is the wallet of its chain’s native asset.`);
    const id = `wal_${randomBytes(8).toString('hex')}`;
    const row: WalletRow = {
      id,
      assetId: asset.id,
      chain: asset.chain,
      network: asset.network,
      role: input.role,
      scheme: input.scheme,
      label: input.label,
      wrappedSeed: null,
      seedKeyId: null,
      accountPath: null,
      accountXpub: null,
      nextIndex: 0,
      createdAt: this.clock.now().toISOString(),
      createdBy,
    };
    if (input.scheme === 'bip32') {
      const seedKeyId = this.seedKeyId(db);
      const { wrapped, value: seed } = this.console.custody().newSeedAndWrapped(SEED_KEY_LABEL, seedKeyId);
      try {
        const path = accountPath(asset);
        const account = bip32.fromSeed(seed, versions(asset)).derivePath(path);
        Object.assign(row, { wrappedSeed: wrapped, seedKeyId, accountPath: path, accountXpub: account.neutered().toBase58() });
      } finally {
        seed.fill(0);
      }
    }
    insertWallet(db, row);
    const change = this.addAddress(db, row, asset, 'change', 0, null);
    // The node watches the change address (Bitcoin) or the account (Ethereum), and gets the xpub.
    this.outbound.addresses(db, row.id, [change]);
    return { wallet: row, change };
  }

  /** New deposit addresses: new HSM keys, or the next children of the account xpub. */
  newAddresses(db: WritableDB, walletId: string, count: number, customerId: string | null): AddressRow[] {
    const { wallet, asset } = this.requireWallet(db, walletId);
    const made: AddressRow[] = [];
    for (let i = 0; i < count; i++) made.push(this.addAddress(db, wallet, asset, 'deposit', wallet.nextIndex + i, customerId));
    bumpWalletIndex(db, wallet.id, wallet.nextIndex + count);
    this.outbound.addresses(db, wallet.id, made);
    return made;
  }

  private addAddress(db: WritableDB, wallet: WalletRow, asset: AssetRow, purpose: 'deposit' | 'change', index: number, customerId: string | null): AddressRow {
    let publicKey: Uint8Array;
    let hsmKeyId: string | null = null;
    let path: string | null = null;
    if (wallet.scheme === 'hsm') {
      const key = this.console.custody().generateCustodyKey(CUSTODY_KEY_LABEL);
      publicKey = compressPoint(key.point);
      hsmKeyId = key.idHex;
    } else {
      path = childPath(asset, purpose, index);
      publicKey = this.xpubChild(wallet, asset, path).publicKey;
    }
    const row: AddressRow = {
      address: deriveAddress(asset.chain, asset.network, publicKey),
      walletId: wallet.id,
      index,
      purpose,
      publicKey: Buffer.from(publicKey).toString('hex'),
      hsmKeyId,
      path,
      customerId,
      exportedAt: null,
      createdAt: this.clock.now().toISOString(),
    };
    insertAddress(db, row);
    return row;
  }

  private xpubChild(wallet: WalletRow, asset: AssetRow, path: string): BIP32Interface {
    if (!wallet.accountXpub) throw new VaultlineError('INTERNAL', `Wallet ${wallet.id} has no account xpub.`);
    return bip32.fromBase58(wallet.accountXpub, versions(asset)).derivePath(path);
  }

  /**
   * The public key of an address, re-derived from the key material (the HSM key, or the account
   * xpub) rather than read from the database: what the signing module trusts for change and inputs.
   */
  rederivePublicKey(wallet: WalletRow, asset: AssetRow, address: AddressRow): Uint8Array {
    if (wallet.scheme === 'hsm') {
      if (!address.hsmKeyId) throw new VaultlineError('INTERNAL', `Address ${address.address} has no HSM key.`);
      return compressPoint(this.console.custody().custodyKey(CUSTODY_KEY_LABEL, address.hsmKeyId).point);
    }
    if (!address.path) throw new VaultlineError('INTERNAL', `Address ${address.address} has no derivation path.`);
    return this.xpubChild(wallet, asset, address.path).publicKey;
  }

  /**
   * hazmat: a signer for one address. For `hsm`, raw CKM_ECDSA in the token. For `bip32`, each
   * signature unwraps the seed, derives the key, signs, and zeroes what JavaScript lets us zero
   * (the seed buffer and the derived private key bytes; JS gives no stronger guarantee).
   */
  signerFor(db: ReadableDB, wallet: WalletRow, asset: AssetRow, address: AddressRow): RawSecp256k1Signer {
    const publicKey = this.rederivePublicKey(wallet, asset, address);
    if (Buffer.from(publicKey).toString('hex') !== address.publicKey) {
      throw new VaultlineError('INTEGRITY_FAILURE', `The key material of ${address.address} does not match its recorded public key.`);
    }
    if (wallet.scheme === 'hsm') {
      const key = this.console.custody().custodyKey(CUSTODY_KEY_LABEL, address.hsmKeyId!);
      return { publicKey: () => publicKey, signDigest: (digest) => key.signDigest(digest) };
    }
    const custody = this.console.custody();
    return {
      publicKey: () => publicKey,
      signDigest: (digest) => {
        const seed = custody.unwrapSecretWith(SEED_KEY_LABEL, wallet.seedKeyId!, wallet.wrappedSeed!);
        let privateKey: Uint8Array | undefined;
        try {
          const node = bip32.fromSeed(seed, versions(asset)).derivePath(`${wallet.accountPath!}/${address.path!}`);
          privateKey = node.privateKey;
          if (!privateKey) throw new VaultlineError('INTERNAL', 'The derived node has no private key.');
          return secp256k1.sign(digest, privateKey, { prehash: false, lowS: false, format: 'compact' });
        } finally {
          seed.fill(0);
          privateKey?.fill(0);
        }
      },
    };
  }

  addresses(db: ReadableDB, walletId: string, purpose?: 'deposit' | 'change'): AddressRow[] {
    return addressesOf(db, walletId, purpose);
  }

  changeAddress(db: ReadableDB, walletId: string): AddressRow {
    const change = addressesOf(db, walletId, 'change')[0];
    if (!change) throw new VaultlineError('INTERNAL', `Wallet ${walletId} has no change address.`);
    return change;
  }

  inventory(db: ReadableDB): KeyInventoryEntry[] {
    return listWallets(db).flatMap((w) =>
      addressesOf(db, w.id).map((a) => ({
        walletId: w.id,
        scheme: w.scheme,
        reference: w.scheme === 'hsm' ? `HSM key ${a.hsmKeyId ?? '?'}` : `${w.accountPath ?? ''}/${a.path ?? ''}`,
        publicKey: a.publicKey,
        fingerprint: createHash('sha256').update(Buffer.from(a.publicKey, 'hex')).digest('hex').slice(0, 16),
        address: a.address,
      })),
    );
  }
}
