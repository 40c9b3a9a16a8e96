import { Table, Text } from '@mantine/core';
import { formatUtc } from '../../lib/format';
import { operatorName, type Directory } from '../cases/operator-directory';

export interface HistoryEvent {
  readonly at: string;
  readonly by: string;
  readonly action: string;
  readonly detail: string;
}

/** An alert's or a case's history: when, who (by name), what, and the detail the core recorded. */
export function EventHistory({ events, directory, rowTestId }: { events: readonly HistoryEvent[]; directory: Directory; rowTestId: string }) {
  if (events.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Nothing done yet.
      </Text>
    );
  }
  return (
    <Table verticalSpacing={3} fz="sm">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>When (UTC)</Table.Th>
          <Table.Th>Who</Table.Th>
          <Table.Th>What</Table.Th>
          <Table.Th>Detail</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {events.map((h, i) => (
          <Table.Tr key={i} data-testid={rowTestId}>
            <Table.Td className="mono" style={{ whiteSpace: 'nowrap' }}>
              {formatUtc(h.at)}
            </Table.Td>
            <Table.Td>{operatorName(directory, h.by)}</Table.Td>
            <Table.Td>{h.action.replace(/[._]/g, ' ')}</Table.Td>
            <Table.Td>{h.detail}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
