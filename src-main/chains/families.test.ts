import { describe, expect, it } from 'vitest';
import { computeAddress } from 'ethers';
import { bytesToHex } from './bytes';
import { CHAIN_IDS, deriveAddress, families, family, validateAddress } from './families';
import { softwareSigner } from './software.signer.testkit';
import { fakePrevTx, wallet } from './bitcoin/bitcoin.testkit';
import { BITCOIN_TESTNET } from './bitcoin/network';
import { ethWallet, RECIPIENT } from './ethereum/ethereum.testkit';
import { ETHEREUM_SEPOLIA } from './ethereum/chain';
import type { ChainId } from './chain.family';

const key = softwareSigner('a1'.repeat(32));

describe('chain family registry', () => {
  it('lists each family once, under its own id', () => {
    expect(CHAIN_IDS).toEqual(['bitcoin', 'ethereum']);
    for (const id of CHAIN_IDS) expect(families[id].id).toBe(id);
    expect(() => family('solana' as ChainId)).toThrow(/chain: must be one of bitcoin, ethereum/);
  });

  it('derives and validates addresses by chain and network name, without knowing the chain', () => {
    expect(deriveAddress('bitcoin', 'mainnet', key.publicKey())).toMatch(/^bc1q/);
    expect(deriveAddress('bitcoin', 'testnet', key.publicKey())).toMatch(/^tb1q/);
    expect(deriveAddress('bitcoin', 'regtest', key.publicKey())).toMatch(/^bcrt1q/);
    expect(deriveAddress('ethereum', 'holesky', key.publicKey())).toBe(computeAddress(`0x${bytesToHex(key.publicKey())}`));
    expect(() => deriveAddress('ethereum', 'ropsten', key.publicKey())).toThrow(/network: must be one of mainnet, sepolia, holesky/);
    expect(validateAddress('bitcoin', 'mainnet', deriveAddress('bitcoin', 'testnet', key.publicKey()))).toMatchObject({ ok: false, code: 'WRONG_NETWORK' });
    expect(validateAddress('ethereum', 'mainnet', RECIPIENT.toLowerCase())).toEqual({ ok: true, address: RECIPIENT });
    expect(validateAddress('ethereum', 'mainnet', RECIPIENT.replace('a', 'A'))).toMatchObject({ ok: false, code: 'BAD_CHECKSUM' });
  });

  it('runs the same build → check → sign flow for both families', () => {
    const btc = family('bitcoin');
    const net = btc.network('testnet');
    const w = wallet(BITCOIN_TESTNET);
    const prev = fakePrevTx([{ amount: 50_000n, script: w.receive.script }], 'registry');
    const expected = { destination: 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', amount: 20_000n, maxFee: 5_000n, isOwnChangeScript: w.isOwnChangeScript, isOwnInputScript: w.isOwnInputScript };
    const built = btc.buildWithdrawal(net, { utxos: [{ prevTx: prev, vout: 0 }], destination: expected.destination, amount: 20_000n, feeRate: 3n, maxFee: 5_000n, changeAddress: w.changeAddress });
    expect(btc.checkWithdrawal(net, built.unsigned, expected).ok).toBe(true);
    expect(btc.sign(net, built.unsigned, expected, w.keys).txid).toMatch(/^[0-9a-f]{64}$/);

    const eth = family('ethereum');
    const chain = eth.network('sepolia');
    const ew = ethWallet(ETHEREUM_SEPOLIA);
    const transfer = { asset: 'ETH', to: RECIPIENT, amount: 1n } as const;
    const tx = eth.buildWithdrawal(chain, { transfer, nonce: 0n, maxFeePerGas: 10n, maxPriorityFeePerGas: 1n, gasLimit: 21_000n, maxFee: 210_000n });
    const exp = { transfer, nonce: 0n, maxFee: 210_000n };
    expect(eth.checkWithdrawal(chain, tx.unsigned, exp).ok).toBe(true);
    expect(eth.sign(chain, tx.unsigned, exp, ew.keys).from).toBe(ew.address);
  });
});
