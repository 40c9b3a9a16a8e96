/**
 * Demo cases and a STR. Two cases, made through the bus as the demo's compliance staff:
 *
 * - C-0042 makes three deposits of 0.3 BTC (18 375 USD each) from one unhosted wallet within a few
 *   minutes; the default rules raise a high-value alert on each. Anil (analyst) opens a case from
 *   them, notes what does not fit, escalates; Maria (MLRO) decides to file; Anil drafts the STR from
 *   the case, completes what the KYC file does not hold and writes the narrative; Maria approves it
 *   and it is exported as goAML XML (validated against the FIU's schema, sealed in the vault). It
 *   is approved, not yet filed: filing is the next step for the window.
 * - C-0048 received a deposit from a politically exposed person 27 days before the demo's present (a
 *   PEP-counterparty alert, raised during the ledger history by `withEarlyAlert`); its case is under
 *   investigation with 3 to 4 days left before the SAR deadline.
 */
import { createHash } from 'node:crypto';
import type { DemoContext, DemoStep } from './demo-step';
import { DEMO_HISTORY_DAYS } from './demo';
import { demoCustomerId } from './ledger.demo-step';

const DAY = 86_400_000;
/** A demo deposit address of ours (any of the demo's is fine: monitoring reads the sender). */
const OUR_BTC = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
/** The unhosted wallet C-0042's deposits come from. */
const UNHOSTED = 'bc1q9h7garjdlqw8xlh6l5c8q3dfd0lqp2t0d6xkpr';
/** The wallet of a politically exposed person (Travel Rule originator data) behind the early deposit. */
const PEP_SENDER = 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh';
export const SAR_CUSTOMER = demoCustomerId(41);
export const DEADLINE_CUSTOMER = demoCustomerId(47);
/** How long before the demo's present the early alert is raised (a ledger morning: they come every 3 days from day 0). */
const EARLY_ALERT_AGE_DAYS = 27;

const hex64 = (label: string): string => createHash('sha256').update(label).digest('hex');

export const DEMO_REPORTING_ENTITY = {
  rentityId: 4711,
  branch: 'Head office',
  name: 'Vaultline Demo Custody Ltd',
  reportingPerson: {
    firstName: 'Maria',
    lastName: 'Moreno',
    title: 'MLRO',
    email: 'mlro@vaultline-demo.example',
    phone: '+971 4 555 0100',
    address: { line: 'Gate Village 10, Level 3', city: 'Dubai', state: 'Dubai', country: 'AE' },
  },
};

async function earlyAlert(ctx: DemoContext): Promise<void> {
  const carla = await ctx.as('carla.custody');
  await carla('ledger.deposits.record', {
    assetId: 'BTC',
    txid: hex64('cases-demo-early-1'),
    outputIndex: 0,
    address: OUR_BTC,
    customerId: DEADLINE_CUSTOMER,
    amount: '0.05',
    confirmations: 6,
    sender: { address: PEP_SENDER, pep: true },
  });
}

/**
 * The ledger step spans the demo's 90 days and the clock only moves forward, so an alert 27 days
 * old has to be raised while that history is being made: this runs `step` and, the first time its
 * clock reaches that day, records one deposit from a PEP's wallet before carrying on.
 */
export function withEarlyAlert(step: DemoStep): DemoStep {
  return {
    name: step.name,
    async run(ctx) {
      const due = ctx.now().getTime() + (DEMO_HISTORY_DAYS - EARLY_ALERT_AGE_DAYS) * DAY;
      let done = false;
      const proxy: DemoContext = {
        ...ctx,
        now: () => ctx.now(),
        at: (time) => ctx.at(time),
        progress: (line) => ctx.progress(line),
        async as(username) {
          if (!done && ctx.now().getTime() >= due) {
            done = true;
            await earlyAlert(ctx);
          }
          return ctx.as(username);
        },
      };
      await step.run(proxy);
      if (!done) await earlyAlert(ctx);
    },
  };
}

/**
 * FinCEN filer details (sar.settings `fincen`) so a demo SAR also exports as FinCEN SAR XML.
 * Invented, clearly demo values: the TIN/EIN and Transmitter Control Code are not real registrations.
 */
export const DEMO_FINCEN_FILER = {
  transmitter: {
    name: 'Vaultline Demo Custody US LLC',
    tin: '000000001',
    tcc: 'PDEMO001',
    address: { street: '1 Demo Plaza, Suite 100', city: 'New York', state: 'NY', zip: '10004' },
    phone: '2125550100',
    contactName: 'Maria Moreno',
  },
  filingInstitution: {
    legalName: 'Vaultline Demo Custody US LLC',
    tin: '000000001',
    address: { street: '1 Demo Plaza, Suite 100', city: 'New York', state: 'NY', zip: '10004' },
  },
  contactOffice: { name: 'BSA/AML Compliance Office', phone: '2125550101' },
};

export const casesDemoStep: DemoStep = {
  name: 'cases',
  async run(ctx) {
    const carla = await ctx.as('carla.custody');
    const anil = await ctx.as('anil.analyst');
    const maria = await ctx.as('maria.mlro');
    await maria('sar.settings.set', { reportingEntity: DEMO_REPORTING_ENTITY, defaultIndicators: ['IUVC6'], fincen: DEMO_FINCEN_FILER });

    // The near-deadline case: the early alert, under investigation.
    const early = await anil('monitoring.alerts.list', { limit: 10, filter: { state: 'open', customerId: DEADLINE_CUSTOMER } });
    const earlyIds = early.rows.map((a) => a.id);
    if (earlyIds.length === 0) throw new Error(`the demo's early alert for ${DEADLINE_CUSTOMER} is missing`);
    const near = (await anil('cases.create', { alertIds: earlyIds, title: `${DEADLINE_CUSTOMER}: deposit from a politically exposed person` })).case;
    await anil('cases.transition', { id: near.id, to: 'investigating', reason: 'Asked the customer how they know the sender and what the payment was for' });

    // The STR case: three high-value deposits from one unhosted wallet.
    for (const n of [1, 2, 3]) {
      ctx.at(new Date(ctx.now().getTime() + 3 * 60_000));
      await carla('ledger.deposits.record', { assetId: 'BTC', txid: hex64(`cases-demo-${n}`), outputIndex: 0, address: OUR_BTC, customerId: SAR_CUSTOMER, amount: '0.3', confirmations: 6, sender: { address: UNHOSTED, country: 'AE' } });
    }
    const anil2 = await ctx.as('anil.analyst');
    const maria2 = await ctx.as('maria.mlro');
    const alerts = await anil2('monitoring.alerts.list', { limit: 50, filter: { state: 'open', customerId: SAR_CUSTOMER } });
    const ids = alerts.rows.map((a) => a.id);
    if (ids.length === 0) throw new Error(`the demo deposits of ${SAR_CUSTOMER} raised no alert`);
    const kase = (await anil2('cases.create', { alertIds: ids, title: `${SAR_CUSTOMER}: three high-value deposits from one unhosted wallet` })).case;
    await anil2('cases.note', {
      id: kase.id,
      text: 'The customer declared a salary and a monthly volume of a few thousand USD; 55 125 USD arrived in under ten minutes from one unhosted wallet with no identified VASP. No explanation on file.',
    });
    await anil2('cases.transition', { id: kase.id, to: 'investigating', reason: 'Reviewing the deposits against the KYC file' });
    await anil2('cases.transition', { id: kase.id, to: 'escalated', reason: 'Activity far beyond the declared profile; for the MLRO' });
    await maria2('cases.transition', { id: kase.id, to: 'decision', decision: 'sar', reason: 'Unexplained funds far beyond the declared income, from an unhosted wallet: file a STR.' });

    const drafted = (await anil2('sar.draft', { caseId: kase.id, kind: 'STR' })).sar;
    const subjects = (drafted.draft.subjects as Record<string, unknown>[]).map((s) => ({
      ...s,
      // KYC keeps the passport's expiry only; the analyst reads the issue date off the scan.
      idDocument: { ...(s.idDocument as Record<string, unknown>), issueDate: '2019-06-30' },
    }));
    const narrative = [
      `WHO. ${DEMO_REPORTING_ENTITY.name} reports on its customer ${SAR_CUSTOMER}, identified by passport (details in the subject section).`,
      '',
      `WHAT. Three bitcoin deposits of 0.3 BTC each (18 375.00 USD each, 55 125.00 USD in total) within ten minutes, all from the unhosted wallet ${UNHOSTED}.`,
      '',
      'WHEN. On the day of this report; detected the same day by the firm’s transaction monitoring (rule high-value, three alerts).',
      '',
      'WHY. The customer declared a salary and an expected monthly volume of a few thousand USD. The deposits exceed that profile more than tenfold, arrive in quick succession from a wallet with no identified VASP, and the customer has given no explanation of their source.',
      '',
      'HOW. The three transfers come from the same address; no earlier deposits from it. Chain analysis shows the wallet funded shortly before the transfers.',
      '',
      'ACTION TAKEN. Account under enhanced monitoring; source of funds requested from the customer.',
    ].join('\n');
    await anil2('sar.update', { id: drafted.id, subjects, narrative, actionTaken: 'Account under enhanced monitoring; source of funds requested from the customer.' });
    // Maria's own token signs the approval (the demo PINs are published with the demo set-up).
    const mariaPin = ctx.credentials.operators.find((o) => o.username === 'maria.mlro')!.tokenPin;
    await maria2('sar.approve', { id: drafted.id, tokenPin: mariaPin });
    const exported = await anil2('sar.export', { id: drafted.id, format: 'goaml' });
    // The FinCEN XML and the PDF work from the same approved report (the filer details are set above).
    await anil2('sar.export', { id: drafted.id, format: 'fincen' });
    await anil2('sar.export', { id: drafted.id, format: 'pdf' });
    ctx.progress(`  ${kase.id}: ${ids.length} alerts, STR ${drafted.id} approved and exported (${exported.fileName}, sha256 ${exported.sha256.slice(0, 12)}…); ${near.id}: ${near.daysLeft} days to the SAR deadline`);
  },
};
