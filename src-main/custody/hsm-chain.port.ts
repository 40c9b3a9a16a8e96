/**
 * Builds, checks and signs a withdrawal for its chain with the wallet's keys. Called only by the
 * signing module after the quorum check. Everything the check relies on is re-derived here from
 * key material: the change script and the scripts of the coins spent come from the HSM keys (or
 * the account xpub), never from the PSBT or the database alone.
 */
import fees from '../../resources/fee-rates.json';
import { VaultlineError } from '../errors';
import type { Clock } from '../platform/clock';
import type { WritableDB } from '../db/database';
import { getAsset, type AssetRow } from '../db/ledger.repository';
import { availableUtxos, findAddress, findWallet, getNonce, setNonce, setUtxoStatus, upsertUtxo, type WalletRow, type WithdrawalRow } from '../db/custody.repository';
import { bitcoinNetwork, buildEthereumTx, buildPsbt, ethereumChain, p2wpkhScript, signEthereumTx, signPsbt, type NetworkKey } from '../chains';
import type { ChainSigningPort } from './chain-port';
import type { WalletsService } from './wallets.service';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b));

export class HsmChainPort implements ChainSigningPort {
  constructor(
    private readonly clock: Clock,
    private readonly wallets: WalletsService,
  ) {}

  signWithdrawal(db: WritableDB, w: WithdrawalRow): { signedTx: string; txid: string; networkFee: bigint } {
    const wallet = findWallet(db, w.walletId);
    const asset = getAsset(db, w.assetId);
    if (!wallet || !asset) throw new VaultlineError('NOT_FOUND', `Withdrawal ${w.id} names a wallet or asset that does not exist.`);
    if (wallet.network !== asset.network || wallet.chain !== asset.chain) throw new VaultlineError('INTEGRITY_FAILURE', `Wallet ${wallet.id} is on ${wallet.chain} ${wallet.network}, the withdrawal on ${asset.chain} ${asset.network}.`);
    return asset.chain === 'bitcoin' ? this.bitcoin(db, w, wallet, asset) : this.ethereum(db, w, wallet, asset);
  }

  private bitcoin(db: WritableDB, w: WithdrawalRow, wallet: WalletRow, asset: AssetRow) {
    const network = bitcoinNetwork(asset.network);
    // Largest first, just enough to cover the amount and the fee cap: the builder then parses a few
    // previous transactions, not the whole wallet.
    const needed = BigInt(w.amount) + BigInt(w.feeCap);
    const utxos: ReturnType<typeof availableUtxos> = [];
    let covered = 0n;
    // Read in growing pages: a wallet with thousands of coins is not loaded whole for each signature.
    for (let offset = 0, page = 8; covered < needed; offset += page, page *= 4) {
      const rows = availableUtxos(db, wallet.id, page, offset);
      for (const u of rows) {
        if (covered >= needed) break;
        utxos.push(u);
        covered += BigInt(u.amount);
      }
      if (rows.length < page) break;
    }
    if (utxos.length === 0) throw new VaultlineError('INSUFFICIENT_FUNDS', `Wallet ${wallet.label} has no spendable coins recorded; import its UTXOs from the online node.`);
    const change = this.wallets.changeAddress(db, wallet.id);
    const changeScript = p2wpkhScript(this.wallets.rederivePublicKey(wallet, asset, change));
    // The wallet's own scripts, each from its key material, for the coins we may spend.
    const owned = new Map<string, { address: NonNullable<ReturnType<typeof findAddress>>; script: Uint8Array }>();
    for (const u of utxos) {
      if (owned.has(u.address)) continue;
      const address = findAddress(db, u.address);
      if (!address || address.walletId !== wallet.id) continue;
      owned.set(u.address, { address, script: p2wpkhScript(this.wallets.rederivePublicKey(wallet, asset, address)) });
    }
    const feeRates = fees.bitcoin as Record<string, number>;
    const built = buildPsbt(network, {
      utxos: utxos.filter((u) => owned.has(u.address)).map((u) => ({ prevTx: Buffer.from(u.prevTxHex, 'hex'), vout: u.vout, txid: u.txid })),
      destination: w.destination,
      amount: BigInt(w.amount),
      feeRate: BigInt(feeRates[asset.network] ?? 1),
      maxFee: BigInt(w.feeCap),
      changeAddress: change.address,
    });
    const expected = {
      destination: w.destination,
      amount: BigInt(w.amount),
      maxFee: BigInt(w.feeCap),
      isOwnChangeScript: (script: Uint8Array) => sameBytes(script, changeScript),
      isOwnInputScript: (script: Uint8Array) => [...owned.values()].some((o) => sameBytes(o.script, script)),
    };
    const keys: NetworkKey<typeof network.name>[] = [...owned.values()].map((o) => ({ network: network.name, signer: this.wallets.signerFor(db, wallet, asset, o.address) }));
    const signed = signPsbt(network, built.psbt, expected, keys);
    const now = this.clock.now().toISOString();
    for (const input of signed.checked.inputs) setUtxoStatus(db, input.txid, input.vout, 'spent', w.id);
    // Our change is spendable at once: the signed transaction is its full previous transaction.
    for (const c of signed.checked.change) {
      upsertUtxo(db, { txid: signed.txid, vout: c.index, walletId: wallet.id, address: change.address, amount: c.amount.toString(), prevTxHex: hex(signed.raw), status: 'available', reservedBy: null, seenAt: now });
    }
    return { signedTx: hex(signed.raw), txid: signed.txid, networkFee: signed.checked.fee };
  }

  private ethereum(db: WritableDB, w: WithdrawalRow, wallet: WalletRow, asset: AssetRow) {
    const chain = ethereumChain(asset.network);
    const account = this.wallets.changeAddress(db, wallet.id);
    const nonce = getNonce(db, account.address.toLowerCase());
    if (nonce === undefined) throw new VaultlineError('CONFLICT', `The next nonce of ${account.address} is not known; import the account state from the online node.`);
    const gasLimit = BigInt(fees.ethereum.gasLimitEth);
    const maxFeePerGas = BigInt(w.feeCap) / gasLimit;
    const tip = BigInt(fees.ethereum.maxPriorityFeePerGas);
    const transfer = { asset: 'ETH' as const, to: w.destination, amount: BigInt(w.amount) };
    const built = buildEthereumTx(chain, { transfer, nonce: BigInt(nonce), maxFeePerGas, maxPriorityFeePerGas: tip < maxFeePerGas ? tip : maxFeePerGas, gasLimit, maxFee: BigInt(w.feeCap) });
    const signed = signEthereumTx(chain, built.unsigned, { transfer, nonce: BigInt(nonce), maxFee: BigInt(w.feeCap) }, [{ network: chain.name, signer: this.wallets.signerFor(db, wallet, asset, account) }]);
    if (signed.from.toLowerCase() !== account.address.toLowerCase()) throw new VaultlineError('INTEGRITY_FAILURE', `The signature recovers to ${signed.from}, not the wallet account ${account.address}.`);
    setNonce(db, account.address.toLowerCase(), nonce + 1, this.clock.now().toISOString());
    return { signedTx: hex(signed.raw), txid: signed.txid, networkFee: built.maxFee };
  }
}
