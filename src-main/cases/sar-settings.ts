/**
 * SAR filing settings, kept in the console's meta table: the filing deadline (days from detection,
 * 30 by default), the FIU's jurisdiction, the reporting entity and person that every goAML report
 * names, default report indicators, and the FinCEN filer details. Each part is checked with the
 * same schema the exports use before it is stored, so a bad setting is refused when it is set,
 * not when an MLRO is exporting under a deadline.
 */
import { fieldIssues, type FieldIssue } from '../../src-shared/errors';
import { DEFAULT_SAR_DEADLINE_DAYS } from '../../src-shared/commands/cases.commands';
import { VaultlineError } from '../errors';
import type { ReadableDB, WritableDB } from '../db/database';
import { getMeta, setMeta } from '../db/meta.repository';
import { sarDraftSchema } from '../reporting/sar.model';
import { fincenOptionsSchema } from '../reporting/fincen-sar.export';

export interface SarSettings {
  readonly deadlineDays: number;
  /** The FIU's country (the shipped goAML profile is the UAE's). */
  readonly jurisdiction: string;
  readonly reportingEntity: Record<string, unknown> | null;
  readonly defaultIndicators: readonly string[];
  readonly fincen: Record<string, unknown> | null;
}

const KEYS = {
  deadlineDays: 'sar_deadline_days',
  jurisdiction: 'sar_jurisdiction',
  reportingEntity: 'sar_reporting_entity',
  defaultIndicators: 'sar_default_indicators',
  fincen: 'sar_fincen_options',
} as const;

/** The jurisdiction of the goAML profile shipped with the console (UAE_GOAML_5_0_2, resources/reporting/goaml). */
export const DEFAULT_JURISDICTION = 'AE';

function json<T>(db: ReadableDB, key: string): T | null {
  const text = getMeta(db, key);
  return text === undefined ? null : (JSON.parse(text) as T);
}

export function readSarSettings(db: ReadableDB): SarSettings {
  const days = getMeta(db, KEYS.deadlineDays);
  return {
    deadlineDays: days === undefined ? DEFAULT_SAR_DEADLINE_DAYS : Number(days),
    jurisdiction: getMeta(db, KEYS.jurisdiction) ?? DEFAULT_JURISDICTION,
    reportingEntity: json<Record<string, unknown>>(db, KEYS.reportingEntity),
    defaultIndicators: json<string[]>(db, KEYS.defaultIndicators) ?? [],
    fincen: json<Record<string, unknown>>(db, KEYS.fincen),
  };
}

export interface SarSettingsPatch {
  readonly deadlineDays?: number | undefined;
  readonly jurisdiction?: string | undefined;
  readonly reportingEntity?: Record<string, unknown> | undefined;
  readonly defaultIndicators?: readonly string[] | undefined;
  readonly fincen?: Record<string, unknown> | undefined;
}

/** Check every part first; store only when all of it is valid. */
export function saveSarSettings(db: WritableDB, patch: SarSettingsPatch): void {
  const issues: FieldIssue[] = [];
  if (patch.reportingEntity !== undefined) {
    const checked = sarDraftSchema.shape.reportingEntity.safeParse(patch.reportingEntity);
    if (!checked.success) issues.push(...fieldIssues(checked.error, 'reportingEntity'));
  }
  if (patch.fincen !== undefined) {
    const checked = fincenOptionsSchema.safeParse(patch.fincen);
    if (!checked.success) issues.push(...fieldIssues(checked.error, 'fincen'));
  }
  if (issues.length > 0) throw new VaultlineError('VALIDATION', 'The SAR settings are not valid; nothing was saved. See the fields listed.', { issues });
  if (patch.deadlineDays !== undefined) setMeta(db, KEYS.deadlineDays, String(patch.deadlineDays));
  if (patch.jurisdiction !== undefined) setMeta(db, KEYS.jurisdiction, patch.jurisdiction);
  if (patch.reportingEntity !== undefined) setMeta(db, KEYS.reportingEntity, JSON.stringify(patch.reportingEntity));
  if (patch.defaultIndicators !== undefined) setMeta(db, KEYS.defaultIndicators, JSON.stringify(patch.defaultIndicators));
  if (patch.fincen !== undefined) setMeta(db, KEYS.fincen, JSON.stringify(patch.fincen));
}
