import { useCallback, useEffect, useState } from 'react';
import { Badge, Button, Stack, Tabs } from '@mantine/core';
import { IconAlertOctagon, IconList, IconRefresh, IconSignature } from '@tabler/icons-react';
import { useSearchParams } from 'react-router-dom';
import { invoke, type WireError } from '../../api';
import { PageHeader } from '../../components/PageHeader';
import { formatCount } from '../../lib/format';
import { useSession } from '../../stores/session.store';
import { ALERT_ACKNOWLEDGERS, ALERT_READERS, holdsAny } from '../evidence/evidence-roles';
import { ChainStatus, type Verdict } from './ChainStatus';
import { CheckpointsTab, type Checkpoint } from './CheckpointsTab';
import { IntegrityAlertsTab } from './IntegrityAlertsTab';
import { TrailTab } from './TrailTab';
import { useOpenAlerts } from './useOpenAlerts';

const TABS = ['trail', 'checkpoints', 'alerts'] as const;
type Tab = (typeof TABS)[number];

/**
 * Audit: the chain's verification with its signed checkpoints on top; below it the trail, the list
 * of checkpoints, and the integrity alerts. The tab lives in the URL (`?tab=`), so Back works and a
 * link can open the alerts directly.
 */
export function AuditScreen() {
  const roles = useSession((s) => s.operator?.roles ?? []);
  const [params, setParams] = useSearchParams();
  const tab: Tab = TABS.find((t) => t === params.get('tab')) ?? 'trail';
  const [revision, setRevision] = useState(0);
  const [checkpoints, setCheckpoints] = useState<readonly Checkpoint[] | undefined>();
  const [checkpointsError, setCheckpointsError] = useState<WireError | undefined>();
  const [verdict, setVerdict] = useState<Verdict | undefined>();
  const alertReader = holdsAny(roles, ALERT_READERS);
  const openAlerts = useOpenAlerts(alertReader, revision);

  const refresh = useCallback(() => setRevision((r) => r + 1), []);
  const setTab = (next: Tab): void => setParams(next === 'trail' ? {} : { tab: next });

  useEffect(() => {
    let live = true;
    void invoke('audit.checkpoints.list', {}).then((result) => {
      if (!live) return;
      if (result.ok) {
        setCheckpoints(result.value.checkpoints);
        setCheckpointsError(undefined);
      } else setCheckpointsError(result.error);
    });
    return () => {
      live = false;
    };
  }, [revision]);

  return (
    <Stack gap="md" h="100%" style={{ minHeight: 0 }}>
      <PageHeader
        title="Audit trail"
        description="Every command that passed through the console, hash-chained and signed at checkpoints by the console identity key, newest first. Times are UTC."
        actions={
          <Button variant="default" leftSection={<IconRefresh size={16} />} onClick={refresh} data-testid="audit-refresh">
            Refresh
          </Button>
        }
      />
      <ChainStatus refreshKey={revision} checkpoints={checkpoints} onSigned={refresh} onShowCheckpoints={() => setTab('checkpoints')} onVerdict={setVerdict} />

      <Tabs
        value={tab}
        onChange={(v) => setTab(TABS.find((t) => t === v) ?? 'trail')}
        keepMounted={false}
        style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0 }}
        styles={{ panel: { flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column', paddingTop: 'var(--mantine-spacing-sm)' } }}
      >
        <Tabs.List>
          <Tabs.Tab value="trail" leftSection={<IconList size={15} />} data-testid="audit-tab-trail">
            Trail
          </Tabs.Tab>
          <Tabs.Tab
            value="checkpoints"
            leftSection={<IconSignature size={15} />}
            rightSection={
              checkpoints ? (
                <Badge size="xs" variant="light" color={verdict?.firstBadCheckpointSeq != null ? 'red' : 'gray'} data-testid="checkpoints-badge">
                  {formatCount(checkpoints.length)}
                </Badge>
              ) : undefined
            }
            data-testid="audit-tab-checkpoints"
          >
            Checkpoints
          </Tabs.Tab>
          {alertReader && (
            <Tabs.Tab
              value="alerts"
              leftSection={<IconAlertOctagon size={15} />}
              rightSection={
                openAlerts ? (
                  <Badge size="xs" circle color="red" data-testid="open-alerts-badge">
                    {openAlerts}
                  </Badge>
                ) : undefined
              }
              data-testid="audit-tab-alerts"
            >
              Integrity alerts
            </Tabs.Tab>
          )}
        </Tabs.List>
        <Tabs.Panel value="trail">
          <TrailTab revision={revision} onRefresh={refresh} />
        </Tabs.Panel>
        <Tabs.Panel value="checkpoints">
          <CheckpointsTab
            checkpoints={checkpoints}
            error={checkpointsError}
            firstBadSeq={verdict?.firstBadCheckpointSeq}
            verifiedUpTo={verdict?.lastCheckpointSeq}
            problem={verdict?.checkpointProblem ?? null}
          />
        </Tabs.Panel>
        {alertReader && (
          <Tabs.Panel value="alerts">
            <IntegrityAlertsTab canAcknowledge={holdsAny(roles, ALERT_ACKNOWLEDGERS)} revision={revision} onChanged={refresh} />
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
