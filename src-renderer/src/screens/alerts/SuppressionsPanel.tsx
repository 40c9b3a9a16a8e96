/**
 * Suppressions, never silent: every suppression (active first, then past), who made it from which
 * case and why, until when, who revoked it and why, and how many hits it has swallowed (alerts
 * recorded in state 'suppressed' under it). Compliance analysts and officers revoke with a reason;
 * auditors read.
 */
import { useCallback, useEffect, useState } from 'react';
import { Anchor, Button, Group, Loader, Modal, ScrollArea, Stack, Table, Text, Textarea } from '@mantine/core';
import { IconVolume } from '@tabler/icons-react';
import { useNavigate } from 'react-router-dom';
import { invoke, type CommandOutput, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatUtc } from '../../lib/format';
import { useSession } from '../../stores/session.store';
import { operatorName, useOperatorDirectory } from '../cases/operator-directory';
import { MIN_REASON } from './alert-format';
import { ALERT_WORKERS, holdsAny } from './alert-roles';

type Suppression = CommandOutput<'monitoring.suppressions.list'>['suppressions'][number];

export function SuppressionsPanel({ revision, onChanged }: { readonly revision: number; readonly onChanged: () => void }) {
  const me = useSession((s) => s.operator);
  const canWork = me ? holdsAny(me.roles, ALERT_WORKERS) : false;
  const directory = useOperatorDirectory();
  const navigate = useNavigate();
  const [rows, setRows] = useState<readonly Suppression[] | undefined>();
  const [error, setError] = useState<WireError | undefined>();
  const [reload, setReload] = useState(0);
  const [revoking, setRevoking] = useState<Suppression | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [revokeError, setRevokeError] = useState<WireError | undefined>();

  useEffect(() => {
    let live = true;
    void invoke('monitoring.suppressions.list', {}).then((result) => {
      if (!live) return;
      if (result.ok) {
        setRows(result.value.suppressions);
        setError(undefined);
      } else setError(result.error);
    });
    return () => {
      live = false;
    };
  }, [revision, reload]);

  const revoke = useCallback(async (): Promise<void> => {
    if (!revoking) return;
    setBusy(true);
    const result = await invoke('monitoring.suppressions.revoke', { id: revoking.id, reason: reason.trim() });
    setBusy(false);
    if (!result.ok) return setRevokeError(result.error);
    setRevoking(null);
    setReason('');
    setRevokeError(undefined);
    setReload((r) => r + 1);
    onChanged();
  }, [revoking, reason, onChanged]);

  const active = rows?.filter((s) => s.active).length ?? 0;
  return (
    <Stack gap="sm" pt="sm" style={{ flex: 1, minHeight: 0 }} data-testid="suppressions-panel">
      <Text size="sm" c="dimmed">
        A suppression stops one rule from queueing alerts for one customer until a date; every hit it swallows is still recorded (state “suppressed”). {rows ? `${active} active, ${rows.length - active} past.` : ''}
      </Text>
      <ErrorAlert message={error?.message} title="Could not load the suppressions" />
      {!rows ? (
        !error && <Loader size="sm" />
      ) : rows.length === 0 ? (
        <Text size="sm" c="dimmed" data-testid="suppressions-empty">
          No suppressions. A rule is suppressed for a customer from the alert drawer, once a case has reviewed it.
        </Text>
      ) : (
        <ScrollArea style={{ flex: 1 }}>
          <Table verticalSpacing={4} fz="sm" striped data-testid="suppressions-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>State</Table.Th>
                <Table.Th>Customer</Table.Th>
                <Table.Th>Rule</Table.Th>
                <Table.Th>Until (UTC)</Table.Th>
                <Table.Th style={{ textAlign: 'right' }}>Hits swallowed</Table.Th>
                <Table.Th>Case</Table.Th>
                <Table.Th>Reason</Table.Th>
                <Table.Th>Made by</Table.Th>
                <Table.Th>Revoked</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((s) => (
                <Table.Tr key={s.id} data-testid="suppression-row" data-suppression-id={s.id} data-active={s.active ? 'true' : 'false'} data-hits={s.hits}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Text size="sm" fw={600} c={s.active ? 'grape' : 'dimmed'}>
                      {s.active ? 'Active' : s.revokedAt ? 'Revoked' : 'Expired'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Anchor component="button" type="button" size="sm" className="mono" onClick={() => void navigate(`/kyc?id=${encodeURIComponent(s.customerId)}`)}>
                      {s.customerId}
                    </Anchor>
                  </Table.Td>
                  <Table.Td className="mono">{s.ruleId}</Table.Td>
                  <Table.Td className="mono" style={{ whiteSpace: 'nowrap' }}>
                    {formatUtc(s.until)}
                  </Table.Td>
                  <Table.Td className="mono" style={{ textAlign: 'right' }}>
                    {s.hits > 0 ? (
                      <Anchor component="button" type="button" size="sm" onClick={() => void navigate(`/alerts?state=suppressed&customer=${encodeURIComponent(s.customerId)}&rule=${encodeURIComponent(s.ruleId)}`)} data-testid="suppression-hits">
                        {s.hits}
                      </Anchor>
                    ) : (
                      <span data-testid="suppression-hits">0</span>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Anchor component="button" type="button" size="sm" className="mono" style={{ whiteSpace: 'nowrap' }} onClick={() => void navigate(`/cases?id=${encodeURIComponent(s.caseId)}`)}>
                      {s.caseId}
                    </Anchor>
                  </Table.Td>
                  <Table.Td style={{ maxWidth: 280 }}>{s.reason}</Table.Td>
                  <Table.Td>
                    {operatorName(directory, s.createdBy)}
                    <Text size="xs" c="dimmed" className="mono">
                      {formatUtc(s.createdAt)}
                    </Text>
                  </Table.Td>
                  <Table.Td style={{ maxWidth: 260 }} data-testid="suppression-revoked">
                    {s.revokedAt ? (
                      <>
                        {operatorName(directory, s.revokedBy)}: {s.revokeReason}
                        <Text size="xs" c="dimmed" className="mono">
                          {formatUtc(s.revokedAt)}
                        </Text>
                      </>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>
                    {canWork && s.active && (
                      <Button size="xs" variant="light" color="grape" leftSection={<IconVolume size={14} />} onClick={() => setRevoking(s)} data-testid="suppression-revoke">
                        Revoke…
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      <Modal opened={revoking !== null} onClose={() => setRevoking(null)} title="Revoke the suppression" data-testid="suppression-revoke-modal">
        {revoking && (
          <Stack gap="sm">
            <Text size="sm">
              Rule <b className="mono">{revoking.ruleId}</b> for customer <b className="mono">{revoking.customerId}</b> queues alerts again from now on. Hits already swallowed stay recorded as suppressed.
            </Text>
            <Textarea
              label="Reason"
              description={`At least ${MIN_REASON} characters; kept with the suppression and in the audit trail.`}
              autosize
              minRows={2}
              value={reason}
              onChange={(e) => setReason(e.currentTarget.value)}
              data-testid="suppression-revoke-reason"
            />
            <ErrorAlert message={revokeError?.message} onClose={() => setRevokeError(undefined)} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRevoking(null)}>
                Cancel
              </Button>
              <Button color="grape" disabled={reason.trim().length < MIN_REASON} loading={busy} onClick={() => void revoke()} data-testid="suppression-revoke-confirm">
                Revoke
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
