import {
  IconAlertTriangle,
  IconArrowUpRight,
  IconBook2,
  IconFileCertificate,
  IconFolders,
  IconId,
  IconListCheck,
  IconPackages,
  IconSettings,
  IconUsers,
  type Icon,
} from '@tabler/icons-react';
import type { ModuleKey } from '../lib/modules';

export const MODULE_ICONS: Readonly<Record<ModuleKey, Icon>> = {
  kyc: IconId,
  alerts: IconAlertTriangle,
  cases: IconFolders,
  withdrawals: IconArrowUpRight,
  ledger: IconBook2,
  bundles: IconPackages,
  evidence: IconFileCertificate,
  audit: IconListCheck,
  operators: IconUsers,
  settings: IconSettings,
};
