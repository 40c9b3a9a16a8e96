import { Alert, Anchor, Stack, Tabs } from '@mantine/core';
import { IconAlertOctagon, IconPackageExport, IconSearch, IconShieldSearch } from '@tabler/icons-react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { formatCount } from '../../lib/format';
import { useSession } from '../../stores/session.store';
import { useOpenAlerts } from '../audit/useOpenAlerts';
import { ALERT_READERS, holdsAny } from './evidence-roles';
import { ExportTab } from './ExportTab';
import { SearchTab } from './SearchTab';
import { VerifyTab } from './VerifyTab';
import classes from './evidence.module.css';

const TABS = ['export', 'search', 'verify'] as const;
type Tab = (typeof TABS)[number];

/**
 * Evidence: what auditors and regulators take away. Signed packages for a customer, case,
 * withdrawal or period that anyone can verify with openssl and sha256sum; the 314(a)-style record
 * search with every hit logged; and verification of any package file.
 */
export function EvidenceScreen() {
  const roles = useSession((s) => s.operator?.roles ?? []);
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const tab: Tab = TABS.find((t) => t === params.get('tab')) ?? 'export';
  const openAlerts = useOpenAlerts(holdsAny(roles, ALERT_READERS), 0);

  return (
    <Stack gap={0} h="100%" style={{ minHeight: 0 }} data-testid="evidence-screen">
      <PageHeader
        title="Evidence"
        description="Signed evidence packages anyone can verify with standard tools, and the record search for regulators' requests. Every read and every hit is logged. Times are UTC."
      />
      {openAlerts !== undefined && openAlerts > 0 && (
        <Alert variant="light" color="red" icon={<IconAlertOctagon size={18} />} mb="sm" title={`${formatCount(openAlerts)} open integrity ${openAlerts === 1 ? 'alert' : 'alerts'}`} data-testid="evidence-integrity-notice">
          A record or other data failed its integrity check: packages and reads never include data that fails. See{' '}
          <Anchor component="button" size="sm" onClick={() => void navigate('/audit?tab=alerts')}>
            Audit › Integrity alerts
          </Anchor>
          .
        </Alert>
      )}
      <Tabs
        value={tab}
        onChange={(v) => setParams(v && v !== 'export' ? { tab: v } : {})}
        keepMounted={false}
        style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}
        styles={{ panel: { flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', paddingTop: 'var(--mantine-spacing-md)' } }}
      >
        <Tabs.List>
          <Tabs.Tab value="export" leftSection={<IconPackageExport size={15} />} data-testid="evidence-tab-export">
            Export a package
          </Tabs.Tab>
          <Tabs.Tab value="search" leftSection={<IconSearch size={15} />} data-testid="evidence-tab-search">
            Search records (314(a))
          </Tabs.Tab>
          <Tabs.Tab value="verify" leftSection={<IconShieldSearch size={15} />} data-testid="evidence-tab-verify">
            Verify a package
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="export">
          <div className={classes.panel}>
            <ExportTab />
          </div>
        </Tabs.Panel>
        <Tabs.Panel value="search">
          <SearchTab />
        </Tabs.Panel>
        <Tabs.Panel value="verify">
          <div className={classes.panel}>
            <VerifyTab />
          </div>
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
