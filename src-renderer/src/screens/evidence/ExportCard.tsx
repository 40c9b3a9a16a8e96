import { useEffect, useState } from 'react';
import { ActionIcon, Alert, Button, CopyButton, Group, Progress, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { IconCheck, IconCopy, IconFolder, IconPackageExport, IconShieldSearch } from '@tabler/icons-react';
import { invoke, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { fieldErrors } from '../../lib/errors';
import { formatCount } from '../../lib/format';
import { useSession } from '../../stores/session.store';
import { scopeLabel, type EvidenceScope } from './evidence-scope';
import { useExportStore, type ActiveExport } from './export.store';
import { lastFolder, rememberFolder } from './last-folder';
import { resultCount, useJobProgress, writtenPath } from './useJobProgress';
import { StepCard } from './StepCard';
import { VerifyReport, type Verdict } from './VerifyReport';
import classes from './evidence.module.css';

/** The progress, outcome and verification of one export job. */
function ExportJob({ active, fingerprint }: { active: ActiveExport; fingerprint: string | undefined }) {
  const { job, error } = useJobProgress(active.jobId);
  const [verifying, setVerifying] = useState(false);
  const [verdict, setVerdict] = useState<Verdict | undefined>();
  const [verifyError, setVerifyError] = useState<WireError | undefined>();
  const path = writtenPath(job);

  const verify = async (): Promise<void> => {
    if (!path) return;
    setVerifying(true);
    const result = await invoke('evidence.verify', { path, ...(fingerprint ? { expectedFingerprint: fingerprint } : {}) });
    setVerifying(false);
    if (result.ok) {
      setVerdict(result.value);
      setVerifyError(undefined);
    } else setVerifyError(result.error);
  };

  if (error) return <ErrorAlert message={error.message} title="Could not follow the export" />;
  const running = !job || job.state === 'running';
  const percent = job && job.total > 0 ? Math.min(100, Math.round((job.done / job.total) * 100)) : 0;

  return (
    <Stack gap="sm" data-testid="export-job" data-state={job?.state ?? 'starting'}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm">
            {running ? 'Exporting' : job.state === 'done' ? 'Exported' : 'Export failed:'} {active.scopeLabel}
            <Text span c="dimmed">
              {' '}
              · {active.packageId}
            </Text>
          </Text>
          <Text size="sm" c="dimmed" className="mono" data-testid="export-progress-text">
            {job && job.total > 0 ? `${formatCount(job.done)} / ${formatCount(job.total)}` : ''}
          </Text>
        </Group>
        <Progress
          value={job?.state === 'done' ? 100 : percent}
          color={job?.state === 'failed' ? 'red' : job?.state === 'done' ? 'teal' : 'vault'}
          striped={running}
          animated={running}
          size="lg"
          radius="sm"
          data-testid="export-progress"
          aria-label="Export progress"
        />
        {running && (
          <Text size="xs" c="dimmed" className="mono" truncate data-testid="export-step">
            {job?.step ?? 'starting'}
          </Text>
        )}
      </Stack>

      {job?.state === 'failed' && <ErrorAlert message={job.error?.message ?? 'The export failed.'} title="No package was written" />}

      {job?.state === 'done' && path && (
        <Alert variant="light" color="teal" icon={<IconCheck size={18} />} title="Package written" data-testid="export-done">
          <Stack gap={8}>
            <Group gap={6} wrap="nowrap" align="flex-start">
              <Text className={classes.path} data-testid="export-path">
                {path}
              </Text>
              <CopyButton value={path} timeout={1500}>
                {({ copied, copy }) => (
                  <Tooltip label={copied ? 'Copied' : 'Copy the path'}>
                    <ActionIcon size="sm" variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label="Copy the path">
                      {copied ? <IconCheck size={14} /> : <IconCopy size={14} />}
                    </ActionIcon>
                  </Tooltip>
                )}
              </CopyButton>
            </Group>
            <Text size="sm">
              {formatCount(resultCount(job, 'records') ?? 0)} records and {formatCount(resultCount(job, 'auditEntries') ?? 0)} audit entries, signed by the console identity key. Give the recipient the
              console’s fingerprint through another channel so they can check the key.
            </Text>
            <Group>
              <Button leftSection={<IconShieldSearch size={16} />} loading={verifying} onClick={() => void verify()} data-testid="export-verify">
                {verdict ? 'Verify again' : 'Verify'}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      <ErrorAlert message={verifyError?.message} title="Could not verify the package" />
      {verdict && <VerifyReport verdict={verdict} checkedAgainst={fingerprint} />}
    </Stack>
  );
}

/** Step 3: export to a folder (a job with progress), then verify what was written. */
export function ExportCard({ scope }: { scope: EvidenceScope | undefined }) {
  const operator = useSession((s) => s.operator);
  const fingerprint = useSession((s) => s.status?.identityFingerprint);
  const operatorId = operator?.id ?? '';
  const active = useExportStore((s) => s.active);
  const begin = useExportStore((s) => s.begin);
  const clear = useExportStore((s) => s.clear);
  const [folder, setFolder] = useState(() => lastFolder(operatorId));
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<WireError | undefined>();
  const mine = active && active.operatorId === operatorId ? active : null;

  // An export another operator started in this window is not theirs to follow (jobs.get would refuse).
  useEffect(() => {
    if (active && active.operatorId !== operatorId) clear();
  }, [active, operatorId, clear]);

  const start = async (): Promise<void> => {
    if (!scope) return;
    const directory = folder.trim();
    if (directory === '') {
      setError({ code: 'VALIDATION', message: 'Choose where to write the package.', issues: [{ path: 'directory', message: 'enter a folder path' }] });
      return;
    }
    setStarting(true);
    const result = await invoke('evidence.export', { scope, directory });
    setStarting(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(undefined);
    rememberFolder(operatorId, directory);
    begin({ operatorId, jobId: result.value.jobId, packageId: result.value.packageId, fileName: result.value.fileName, directory, scopeLabel: scopeLabel(scope) });
  };

  const directoryError = fieldErrors(error).directory;
  return (
    <StepCard step={3} title="Export and verify" description="The package is written whole or not at all: a complete signed ZIP appears in the folder, never a partial one." muted={!scope && !mine} testId="evidence-export">
      <Group gap="sm" align="flex-start" wrap="nowrap">
        <TextInput
          aria-label="Folder"
          placeholder="Folder on this workstation, e.g. /media/evidence-usb"
          leftSection={<IconFolder size={15} />}
          style={{ flex: 1, maxWidth: 620 }}
          value={folder}
          onChange={(e) => setFolder(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && scope) void start();
          }}
          error={directoryError ? error?.message : undefined}
          disabled={!scope}
          spellCheck={false}
          data-testid="export-folder"
        />
        <Button leftSection={<IconPackageExport size={16} />} onClick={() => void start()} loading={starting} disabled={!scope} data-testid="export-start">
          Export package
        </Button>
      </Group>
      {!scope && !mine && (
        <Text size="sm" c="dimmed">
          Preview a scope first.
        </Text>
      )}
      {error && !directoryError && <ErrorAlert message={error.message} title="The export did not start" />}
      {mine && <ExportJob key={mine.jobId} active={mine} fingerprint={fingerprint} />}
    </StepCard>
  );
}
