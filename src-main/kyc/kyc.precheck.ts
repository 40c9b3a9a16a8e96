/**
 * The KYC gate in the withdrawal workflow (custody/prechecks.ts): a customer whose file is not
 * approved, who has an unresolved or confirmed sanctions hit, or whose review is overdue beyond the
 * grace period (resources/risk-config.json `review.graceDays`) cannot have a withdrawal opened for
 * approval. A treasury withdrawal (no customer) passes.
 */
import type { Precheck } from '../custody/prechecks';
import type { KycService } from './kyc.service';

export function kycGateCheck(kyc: KycService): Precheck {
  return {
    name: 'KYC',
    run(db, d) {
      const gate = kyc.gate(db, d.customerId, d.now);
      return { name: this.name, outcome: gate.withdrawalsAllowed ? 'pass' : 'block', detail: gate.detail };
    },
  };
}
