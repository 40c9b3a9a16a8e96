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

// KYC comes before the ledger (customers are onboarded before they transact) and its bundle before
// custody: every customer a demo withdrawal is made for must hold an approved KYC file. Monitoring
// follows custody: its deposits and withdrawals are valued at the prices custody sets.
export const DEMO_STEPS: readonly DemoStep[] = [operatorsDemoStep, kycDemoStep, ledgerDemoStep, vaultDemoStep, onlineNodeDemoStep, kycBundleDemoStep, custodyDemoStep, monitoringDemoStep, outboundDemoStep];
