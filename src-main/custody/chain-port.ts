/** What the signing module needs from the chains: build, check and sign one withdrawal. */
import type { WritableDB } from '../db/database';
import type { WithdrawalRow } from '../db/custody.repository';

export interface SignedWithdrawal {
  readonly signedTx: string;
  readonly txid: string;
  readonly networkFee: bigint;
  readonly replayed: boolean;
}

export interface ChainSigningPort {
  /** hazmat: called only by SigningModule, after the quorum check. */
  signWithdrawal(db: WritableDB, w: WithdrawalRow): Omit<SignedWithdrawal, 'replayed'>;
}
