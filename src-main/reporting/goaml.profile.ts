/**
 * A goAML profile: the FIU's schema and the lookup codes an export picks from it. goAML is one
 * UNODC product, but every FIU publishes its own schema and lookup tables (currencies, countries,
 * funds types, transmission modes, identifier types, report indicators) and tightens fields its own
 * way, so nothing FIU-specific is hard-coded in the exporter: it lives here, next to the schema it
 * was read from.
 */
import { UAE_GOAML_XSD } from './goaml-xsd.generated';
import type { SarIdDocument } from './sar.model';

export interface GoamlProfile {
  /** Which FIU and schema version, for the audit trail ("AE-FIU goAML 5.0.2"). */
  readonly name: string;
  /** The FIU's goAML XSD, as published. */
  readonly xsd: string;
  /** Asset symbol → the FIU's currency code for it. Assets without one are reported in USD only. */
  readonly currencyCodes: Readonly<Record<string, string>>;
  /** `conduction_type` for a transfer between wallets. */
  readonly transmodeCode: string;
  /** `transmode_comment`, for FIUs that restrict it (see the UAE profile). */
  readonly transmodeComment: string;
  /** `funds_type` on both sides of a virtual-asset transfer. */
  readonly fundsCode: string;
  /** The code every goAML lookup table reserves for "unknown". */
  readonly unknown: string;
  /** `tax_reg_number`, required by some FIUs on client persons and entities. */
  readonly taxRegNumber: string;
  /** `identifier_type` for a subject's identity document. */
  identifierType(doc: SarIdDocument): string;
}

/**
 * The UAE FIU's goAML 5.0.2 schema (resources/reporting/README.md). Each choice, from the schema's
 * own enumerations:
 *
 * - `transmode_code` (`conduction_type`): "DAWLT" — "Digital Assets Wallet". The table's other
 *   codes describe bank channels (ATM, branch, teller, SWIFT, cards, online or mobile banking);
 *   DAWLT is the one that names a transfer from or to a virtual-asset wallet.
 * - `transmode_comment`: this schema restricts it to exactly one character, so it cannot carry a
 *   description; "-" (goAML's "unknown/none" marker) satisfies it and the description goes to
 *   `transaction_description`.
 * - `from_funds_code` / `to_funds_code` (`funds_type`): "CRPTC" — "Cryptocurrencies", the only
 *   virtual-asset code; "ELCFT" (electronic funds transfer) would describe fiat rails.
 * - `transaction_type_code` (`transaction_type`): not used. The element is marked
 *   `goaml:supportedIn="5.1"` (newer than this 5.0.2 schema) and its type enumerates nothing.
 * - currencies (`currency_type`): the table carries crypto-asset codes of its own — XBT
 *   "Bitcoin", XET "Ethereum", XEC "Ethereum Classic", XLN "Litecoin", XTC "Bitcoin Cash", XRP
 *   "Ripple", XMR "Monero", XDH "Dash", XZC "Zcash", XLM "Stellar Lumen", XOM "TetherUSD (Omni)".
 *   There is no code for ERC-20 USDT or USDC, so those are reported by their USD value only.
 * - `tax_reg_number`: required on client persons and entities and restricted to one character;
 *   the schema does not say what the character means, so "-" (unknown) is sent. Confirm with the
 *   FIU before production use.
 * - `identifier_type`: PASSP passport, DRIVL driving licence, EID Emirates ID (a national identity
 *   card issued by AE); other documents "-".
 */
export const UAE_GOAML_5_0_2: GoamlProfile = {
  name: 'AE-FIU goAML 5.0.2',
  xsd: UAE_GOAML_XSD,
  currencyCodes: { BTC: 'XBT', ETH: 'XET', ETC: 'XEC', LTC: 'XLN', BCH: 'XTC', XRP: 'XRP', XMR: 'XMR', DASH: 'XDH', ZEC: 'XZC', XLM: 'XLM' },
  transmodeCode: 'DAWLT',
  transmodeComment: '-',
  fundsCode: 'CRPTC',
  unknown: '-',
  taxRegNumber: '-',
  identifierType(doc) {
    switch (doc.type) {
      case 'passport':
        return 'PASSP';
      case 'driving_licence':
        return 'DRIVL';
      case 'national_id':
        return doc.issuingCountry === 'AE' ? 'EID' : '-';
      case 'other':
        return '-';
    }
  },
};
