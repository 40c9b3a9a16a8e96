/**
 * Demo transaction monitoring, after KYC and custody: a day of deposits (recorded as the node
 * reports them, with the sender and the time seen on chain: `ledger.deposits.record`) and
 * withdrawals (`custody.withdrawals.create`, through the monitoring pre-check) in which every
 * default rule raises at least one alert — high value, rapid succession, a FATF-listed
 * jurisdiction, a Tornado Cash pool, an address on the OFAC SDN list, structuring below 3 000 USD,
 * a rapid round trip, a behavioural spike, a new account used as a money mule, a PEP
 * counterparty. Some alerts are then worked: assigned, and closed with each outcome.
 */
import { createHash } from 'node:crypto';
import type { CommandInput } from '../../src-shared/commands';
import mixers from '../../resources/monitoring/mixers.json';
import type { DemoContext, DemoInvoke, DemoStep } from './demo-step';
import { DEMO_SANCTIONED_WALLET } from './kyc.demo-step';
import { demoCustomerId } from './ledger.demo-step';

const HOUR = 3_600_000;
const OUR_BTC = 'bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4';
const OUR_ETH = '0x52908400098527886E0F7030069857D2E4169EE7';
/** An external wallet the round-trip customer deposits from and withdraws back to (a valid bech32 address). */
const EXTERNAL_BTC = 'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq';
const TORNADO_1_ETH = mixers.addresses.find((m) => m.label === 'Tornado.Cash: 1 ETH')!.address;
/** The new customer onboarded today whose account is used as a money mule. */
export const DEMO_MULE_CUSTOMER = 'C-0320';

const hex64 = (label: string): string => createHash('sha256').update(label).digest('hex');
/** A synthetic but well-formed sender address (bech32 charset), distinct per label. */
const senderBtc = (label: string): string => `bc1q${hex64(label).replace(/[^02-9ac-hj-np-z]/g, 'q').slice(0, 38)}`;

/** A small well-formed PDF (ISO 32000-1), standing in for a passport scan. */
function passportPdf(): string {
  const text = 'BT /F1 12 Tf 40 100 Td (Passport scan - demo) Tj ET';
  const objects = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>', `<< /Length ${text.length} >>\nstream\n${text}\nendstream`, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1').toString('base64');
}

type Sender = NonNullable<CommandInput<'ledger.deposits.record'>['sender']>;

export const monitoringDemoStep: DemoStep = {
  name: 'monitoring',
  async run(ctx: DemoContext) {
    const base = ctx.now().getTime();
    const when = (hours: number) => new Date(base + hours * HOUR);
    let n = 0;
    const deposit = async (carla: DemoInvoke, customerId: string, assetId: 'BTC' | 'ETH', amount: string, hours: number, sender: Sender) => {
      n += 1;
      await carla('ledger.deposits.record', {
        assetId,
        txid: assetId === 'ETH' ? `0x${hex64(`monitoring-demo-${n}`)}` : hex64(`monitoring-demo-${n}`),
        outputIndex: 0,
        address: assetId === 'ETH' ? OUR_ETH : OUR_BTC,
        customerId,
        amount,
        confirmations: assetId === 'ETH' ? 70 : 6,
        finalized: assetId === 'ETH',
        seenAt: when(hours).toISOString(),
        sender,
      });
    };

    // A new customer onboarded today: the mule account.
    const anil = await ctx.as('anil.analyst');
    await anil('kyc.customers.create', {
      customerId: DEMO_MULE_CUSTOMER,
      profile: {
        type: 'individual',
        legalName: 'Tobias Wren',
        dateOfBirth: '2003-02-11',
        nationality: 'IE',
        residence: 'IE',
        idDocument: { type: 'passport', number: 'PX4410983', issuingCountry: 'IE', expiresOn: new Date(base + 3 * 365 * 24 * HOUR).toISOString().slice(0, 10) },
        address: { line: '14 Harbour Row', city: 'Cork', postalCode: 'T12 X2P4', country: 'IE' },
        expectedProducts: ['custody'],
        expectedMonthlyVolumeUsd: 2_000,
        sourceOfFunds: 'salary',
      },
      documents: [{ kind: 'passport', fileName: 'passport.pdf', contentType: 'application/pdf', content: { base64: passportPdf() } }],
    });
    await anil('kyc.customers.approve', { customerId: DEMO_MULE_CUSTOMER });

    let carla = await ctx.as('carla.custody');
    const c = (i: number) => demoCustomerId(i);
    await deposit(carla, c(100), 'BTC', '0.5', 0.5, { address: senderBtc('hv') }); // high value: 30 625 USD
    for (let k = 0; k < 5; k++) await deposit(carla, c(101), 'BTC', '0.02', 1 + k / 6, { address: senderBtc(`rs-${k}`) }); // five in 40 min, 6 125 USD
    await deposit(carla, c(102), 'BTC', '0.08', 2, { address: senderBtc('kp'), country: 'KP', vasp: 'Pyongyang Digital Exchange' }); // FATF call for action
    await deposit(carla, c(103), 'ETH', '1', 2.5, { address: TORNADO_1_ETH }); // Tornado Cash 1 ETH pool
    await deposit(carla, c(104), 'ETH', '0.4', 3, { address: DEMO_SANCTIONED_WALLET }); // OFAC SDN list
    for (let k = 0; k < 3; k++) await deposit(carla, c(105), 'BTC', '0.047', 3 + k / 2, { address: senderBtc(`st-${k}`) }); // 2 878.75 USD, three in an hour
    await deposit(carla, c(106), 'BTC', '0.2', 5.5, { address: EXTERNAL_BTC }); // round trip: in …
    for (let k = 0; k < 3; k++) await deposit(carla, c(107), 'BTC', '0.004', 4 + k / 2, { address: senderBtc(`bs-${k}`) }); // small, regular …
    await deposit(carla, c(108), 'ETH', '2.5', 5, { address: senderBtc('pep'), pep: true }); // PEP counterparty (Travel Rule originator data)
    for (let k = 0; k < 5; k++) await deposit(carla, DEMO_MULE_CUSTOMER, 'BTC', '0.01', 5 + k / 4, { address: senderBtc(`mule-${k}`) }); // five unrelated senders

    ctx.at(when(6));
    carla = await ctx.as('carla.custody');
    // Withdrawals are valued at a price at most an hour old.
    for (const [assetId, usdPerUnit] of [['BTC', '61250'], ['ETH', '3120.5']] as const) await carla('custody.prices.set', { assetId, usdPerUnit, asOf: ctx.now().toISOString(), source: 'online node price feed' });
    await deposit(carla, c(107), 'BTC', '0.06', 6, { address: senderBtc('bs-spike') }); // … then a spike
    // … and out again to the same wallet within the hour.
    await carla('custody.withdrawals.create', { assetId: 'BTC', amount: '0.15', destination: EXTERNAL_BTC, feeCap: '0.0002', customerId: c(106), requestRef: 'demo-round-trip' });
    // The mule sends everything onward: held by the alert (freeze and review) until compliance decides.
    await carla('custody.withdrawals.create', { assetId: 'BTC', amount: '0.045', destination: 'bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh', feeCap: '0.0002', customerId: DEMO_MULE_CUSTOMER, requestRef: 'demo-mule-out' });

    // Some alerts worked already: assigned, and closed with each outcome.
    ctx.at(when(8));
    const analyst = await ctx.as('anil.analyst');
    const maria = await ctx.as('maria.mlro');
    const of = async (ruleId: string) => (await analyst('monitoring.alerts.list', { limit: 100, filter: { ruleId, state: 'open' } })).rows;
    const ids = (rows: { id: number }[]) => rows.map((r) => r.id);
    await analyst('monitoring.alerts.close', { ids: ids((await of('high-value')).filter((r) => r.customerId === c(100))), outcome: 'false_positive', reason: 'Sale of a property, notarial deed on file; matches the declared source of funds' });
    await analyst('monitoring.alerts.close', { ids: ids(await of('rapid-succession')), outcome: 'valuable', reason: 'Customer split a payment from one exchange; source confirmed, pattern worth keeping an eye on' });
    await maria('monitoring.alerts.close', { ids: ids(await of('high-risk-jurisdiction')), outcome: 'risk_confirmed', reason: 'Funds from a DPRK-based exchange: account frozen, reported' });
    const next = await analyst('monitoring.alerts.next', {});
    const open = await analyst('monitoring.alerts.list', { limit: 1, filter: { state: 'all' } });
    const groups = await analyst('monitoring.alerts.groups', { by: 'rule', filter: { state: 'all' } });
    ctx.progress(`  ${open.total} monitoring alerts (${groups.groups.map((g) => `${g.key} ${g.total}`).join(', ')}); ${open.counts.closed} closed, alert ${next.alert?.id ?? '-'} assigned to Anil`);
  },
};
