/**
 * The demo data, in the order it is made. Each module that brings demo data (ledger balances,
 * customers and KYC files, alerts, cases, withdrawals awaiting approval…) adds one step here;
 * a step may rely on the ones before it.
 */
import type { DemoStep } from './demo-step';
import { operatorsDemoStep } from './operators.demo-step';
import { ledgerDemoStep } from './ledger.demo-step';
import { vaultDemoStep } from './vault.demo-step';
import { custodyDemoStep } from './custody.demo-step';
import { onlineNodeDemoStep, outboundDemoStep } from './bundles.demo-step';
import { kycBundleDemoStep, kycDemoStep } from './kyc.demo-step';
import { monitoringDemoStep } from './monitoring.demo-step';
import { casesDemoStep, withEarlyAlert } from './cases.demo-step';

// KYC comes before the ledger (customers are onboarded before they transact) and its bundle before
// custody: every customer a demo withdrawal is made for must hold an approved KYC file. Monitoring
// follows custody: its deposits and withdrawals are valued at the prices custody sets.
// Cases follow monitoring; one of their alerts must be 27 days old, so it is raised while the
// ledger step makes its history (withEarlyAlert).
export const DEMO_STEPS: readonly DemoStep[] = [operatorsDemoStep, kycDemoStep, withEarlyAlert(ledgerDemoStep), vaultDemoStep, onlineNodeDemoStep, kycBundleDemoStep, custodyDemoStep, monitoringDemoStep, casesDemoStep, outboundDemoStep];
