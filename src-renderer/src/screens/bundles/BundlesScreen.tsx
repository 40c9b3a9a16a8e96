import { useState } from 'react';
import { Badge, Tabs } from '@mantine/core';
import { IconHistory, IconInbox, IconKey, IconSend } from '@tabler/icons-react';
import { useSearchParams } from 'react-router-dom';
import { PageHeader } from '../../components/PageHeader';
import { useSession } from '../../stores/session.store';
import { APPROVERS, holdsAny, MOVERS } from './bundle-roles';
import { HistoryPanel } from './HistoryPanel';
import { ImportPanel } from './ImportPanel';
import { KeysPanel } from './KeysPanel';
import { SendPanel } from './SendPanel';

const TABS = ['import', 'history', 'send', 'keys'] as const;
type Tab = (typeof TABS)[number];

/**
 * Bundles: the console's only link to the world. Import from removable media or animated QR with a
 * preview first; the history of every bundle in and out; export signed by the console identity key
 * as a file or a QR code; the online node's pinned key and its rotations.
 */
export function BundlesScreen() {
  const operator = useSession((s) => s.operator);
  const roles = operator?.roles ?? [];
  const canMove = holdsAny(roles, MOVERS);
  const [params, setParams] = useSearchParams();
  const requested = TABS.find((t) => t === params.get('tab'));
  const tab: Tab = requested ?? (canMove ? 'import' : 'history');
  const [revision, setRevision] = useState(0);
  const bump = (): void => setRevision((r) => r + 1);

  return (
    <>
      <PageHeader
        title="Bundles"
        description="Signed files and animated QR codes exchanged with the online node. Every bundle is verified, previewed, and taken all or nothing."
        actions={
          canMove ? undefined : (
            <Badge variant="light" color="gray">
              read only
            </Badge>
          )
        }
      />
      <Tabs value={tab} onChange={(v) => setParams(v ? { tab: v } : {})} keepMounted={false}>
        <Tabs.List mb="md">
          {canMove && (
            <Tabs.Tab value="import" leftSection={<IconInbox size={15} />} data-testid="tab-import">
              Import
            </Tabs.Tab>
          )}
          <Tabs.Tab value="history" leftSection={<IconHistory size={15} />} data-testid="tab-history">
            History
          </Tabs.Tab>
          <Tabs.Tab value="send" leftSection={<IconSend size={15} />} data-testid="tab-send">
            Send
          </Tabs.Tab>
          <Tabs.Tab value="keys" leftSection={<IconKey size={15} />} data-testid="tab-keys">
            Online node key
          </Tabs.Tab>
        </Tabs.List>
        {canMove && (
          <Tabs.Panel value="import">
            <ImportPanel onImported={bump} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="history">
          <HistoryPanel revision={revision} />
        </Tabs.Panel>
        <Tabs.Panel value="send">
          <SendPanel revision={revision} onExported={bump} canMove={canMove} />
        </Tabs.Panel>
        <Tabs.Panel value="keys">
          <KeysPanel revision={revision} isAdmin={roles.includes('admin')} canApprove={holdsAny(roles, APPROVERS)} onChanged={bump} />
        </Tabs.Panel>
      </Tabs>
    </>
  );
}
