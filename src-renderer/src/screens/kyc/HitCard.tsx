import { useState, type FormEvent } from 'react';
import { Badge, Button, Card, Group, SegmentedControl, Stack, Text, Textarea, Tooltip } from '@mantine/core';
import { IconCircleCheck, IconCircleMinus } from '@tabler/icons-react';
import { invoke, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { formatUtc } from '../../lib/format';
import { actorName, featureLabel, formatEffect, formatMatchScore, HIT_STATUS_COLORS, HIT_STATUS_LABELS, hitSubjectText, reasonProblem, type HitView, type MatchFeature } from './kyc-format';

function FeatureChip({ feature, agreed }: { feature: MatchFeature; agreed: boolean }) {
  return (
    <Tooltip label={feature.detail} multiline maw={360} withArrow>
      <Badge
        size="md"
        variant="light"
        color={agreed ? 'teal' : 'red'}
        tt="none"
        leftSection={agreed ? <IconCircleCheck size={12} /> : <IconCircleMinus size={12} />}
        data-testid={agreed ? 'hit-agreed' : 'hit-penalised'}
        data-feature={feature.feature}
      >
        {featureLabel(feature.feature)} <span className="mono">{formatEffect(feature.effect)}</span>
      </Badge>
    </Tooltip>
  );
}

/** The features, each with the core's own words beside it (the chips' tooltips say the same). */
function Evidence({ hit }: { hit: HitView }) {
  const all = [...hit.agreed.map((f) => ({ f, agreed: true })), ...hit.penalised.map((f) => ({ f, agreed: false }))];
  if (all.length === 0) return null;
  return (
    <Stack gap={4}>
      <Group gap={6} wrap="wrap">
        {all.map(({ f, agreed }, i) => (
          <FeatureChip key={`${f.feature}-${i}`} feature={f} agreed={agreed} />
        ))}
      </Group>
      <Stack gap={0}>
        {all.map(({ f, agreed }, i) => (
          <Text key={`${f.feature}-${i}`} size="xs" c={agreed ? 'teal.9' : 'red.8'}>
            {agreed ? 'Agreed' : 'Penalised'} — {featureLabel(f.feature)}: {f.detail}
          </Text>
        ))}
      </Stack>
    </Stack>
  );
}

/**
 * One screening hit: who matched what on which list, with which score and why (features that
 * agreed and that penalised), and, while it is open, its resolution as a true match or a false
 * positive with a reason. A false positive is remembered by the core for this customer and list
 * entry until either changes.
 */
export function HitCard({ hit, canResolve, onResolved }: { hit: HitView; canResolve: boolean; onResolved: (hit: HitView) => void }) {
  const [resolution, setResolution] = useState<'false_positive' | 'true_match'>('false_positive');
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<WireError | undefined>();
  const problem = reasonProblem(reason);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setTouched(true);
    if (problem) return;
    setBusy(true);
    setError(undefined);
    const r = await invoke('kyc.hits.resolve', { hitId: hit.id, resolution, reason: reason.trim() });
    setBusy(false);
    if (r.ok) onResolved(r.value.hit);
    else setError(r.error);
  };

  const open = hit.status === 'open';
  return (
    <Card withBorder radius="sm" padding="sm" data-testid="kyc-hit" data-hit-id={hit.id} data-hit-status={hit.status} data-entry-id={hit.entryId} style={open ? { borderColor: 'var(--mantine-color-red-4)' } : undefined}>
      <Stack gap={8}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Stack gap={2}>
            <Text size="sm">
              <b>{hitSubjectText(hit)}</b> matched <b data-testid="hit-entry-name">{hit.entryName}</b>
              {hit.matchedName !== hit.entryName && (
                <Text span size="sm" c="dimmed">
                  {' '}
                  (as “{hit.matchedName}”)
                </Text>
              )}
            </Text>
            <Text size="xs" c="dimmed">
              {hit.listName} ({hit.listKind === 'pep' ? 'PEP' : 'sanctions'}) version {hit.listVersion} · entry <span className="mono">{hit.entryId}</span> · {hit.entryKind}
              {hit.programs.length > 0 ? ` · ${hit.programs.join(', ')}` : ''}
              {hit.entryCountries.length > 0 ? ` · ${hit.entryCountries.join(', ')}` : ''}
              {hit.entryBirthDates.length > 0 ? ` · born ${hit.entryBirthDates.join(', ')}` : ''}
            </Text>
          </Stack>
          <Group gap={6} wrap="nowrap">
            <Tooltip label="Match score, 0–1: the name's weight plus the evidence's effects">
              <Badge size="lg" variant="outline" color={hit.listKind === 'pep' ? 'grape' : 'red'} className="mono" data-testid="hit-score">
                {formatMatchScore(hit.score)}
              </Badge>
            </Tooltip>
            <Badge size="lg" variant={open ? 'filled' : 'light'} color={HIT_STATUS_COLORS[hit.status]} tt="none" data-testid="hit-status">
              {HIT_STATUS_LABELS[hit.status]}
            </Badge>
          </Group>
        </Group>
        <Evidence hit={hit} />
        {hit.delistedAt && (
          <Text size="xs" c="orange.8">
            The entry was delisted on {formatUtc(hit.delistedAt)} UTC; the hit is kept as history.
          </Text>
        )}
        {!open && (
          <Text size="sm" data-testid="hit-resolution">
            Resolved as <b>{HIT_STATUS_LABELS[hit.status].toLowerCase()}</b> by {actorName(hit.resolvedBy)} on {formatUtc(hit.resolvedAt)} UTC: “{hit.resolutionReason}”
          </Text>
        )}
        {open && canResolve && (
          <form onSubmit={(e) => void submit(e)} data-testid="hit-resolve-form">
            <Stack gap={6}>
              <SegmentedControl
                size="xs"
                value={resolution}
                onChange={(v) => setResolution(v === 'true_match' ? 'true_match' : 'false_positive')}
                data={[
                  { value: 'false_positive', label: 'False positive' },
                  { value: 'true_match', label: 'True match' },
                ]}
                data-testid="hit-resolution-choice"
                w={260}
              />
              <Textarea
                label="Reason"
                description="Why: which evidence shows it is (or is not) the same person or entity. Recorded with your name."
                autosize
                minRows={2}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value)}
                onBlur={() => setTouched(true)}
                error={touched ? problem : undefined}
                data-testid="hit-reason"
              />
              <ErrorAlert message={error?.message} title="The resolution was refused" onClose={() => setError(undefined)} />
              <Group justify="flex-end">
                <Button type="submit" size="xs" loading={busy} color={resolution === 'true_match' ? 'red' : undefined} data-testid="hit-resolve-button">
                  Resolve as {resolution === 'true_match' ? 'true match' : 'false positive'}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
        <Text size="xs" c="dimmed">
          Raised {formatUtc(hit.raisedAt)} UTC by {actorName(hit.raisedBy)}
        </Text>
      </Stack>
    </Card>
  );
}
