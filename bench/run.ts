/** `npm run bench`: runs every benchmark the issues ask for and writes bench-results.json. */
import { join } from 'node:path';
import { foundationBenchmarks } from './foundation.bench';
import { ledgerBenchmarks } from './ledger.bench';
import { vaultBenchmarks } from './vault.bench';
import { custodyBenchmarks } from './custody.bench';
import { bundlesBenchmarks } from './bundles.bench';
import { screeningBenchmarks } from './screening.bench';
import { kycBenchmarks } from './kyc.bench';
import { monitoringBenchmarks } from './monitoring.bench';
import { alertsUiBenchmarks } from './alerts-ui.bench';
import { report, type Figure } from './harness';

const suites: Record<string, () => Promise<Figure[]>> = {
  foundation: foundationBenchmarks,
  ledger: ledgerBenchmarks,
  vault: vaultBenchmarks,
  custody: custodyBenchmarks,
  bundles: bundlesBenchmarks,
  screening: screeningBenchmarks,
  kyc: kycBenchmarks,
  monitoring: monitoringBenchmarks,
  'alerts-ui': alertsUiBenchmarks,
};

const only = process.argv.slice(2);
const figures: Figure[] = [];
for (const [name, suite] of Object.entries(suites)) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stdout.write(`\n## ${name}\n`);
  figures.push(...(await suite()));
}
process.stdout.write('\n');
report(figures, join(import.meta.dirname, '../bench-results.json'));
