import { useState } from 'react';
import { Button, Checkbox, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconFileZip, IconShieldSearch } from '@tabler/icons-react';
import { invoke, type WireError } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { HashText } from '../../components/HashText';
import { useSession } from '../../stores/session.store';
import { VerifyReport, type Verdict } from './VerifyReport';

/**
 * Check any evidence package file on this workstation — one exported earlier, or one handed back by
 * a regulator — with the same checks as `vaultline evidence verify` and VERIFY.txt.
 */
export function VerifyTab() {
  const fingerprint = useSession((s) => s.status?.identityFingerprint);
  const [path, setPath] = useState('');
  const [requireOurs, setRequireOurs] = useState(true);
  const [verifying, setVerifying] = useState(false);
  const [verdict, setVerdict] = useState<{ readonly value: Verdict; readonly against: string | undefined } | undefined>();
  const [error, setError] = useState<WireError | undefined>();

  const verify = async (): Promise<void> => {
    const file = path.trim();
    if (file === '') {
      setError({ code: 'VALIDATION', message: 'Enter the path of a package (.zip) on this workstation.' });
      return;
    }
    const against = requireOurs ? fingerprint : undefined;
    setVerifying(true);
    const result = await invoke('evidence.verify', { path: file, ...(against ? { expectedFingerprint: against } : {}) });
    setVerifying(false);
    if (!result.ok) {
      setVerdict(undefined);
      setError(result.error);
      return;
    }
    setError(undefined);
    setVerdict({ value: result.value, against });
  };

  return (
    <Stack gap="md" maw={1240} pb="lg">
      <Stack gap="xs">
        <Group gap="sm" align="flex-start" wrap="nowrap">
          <TextInput
            aria-label="Package file"
            placeholder="/media/evidence-usb/evidence_customer_C-0001_….zip"
            leftSection={<IconFileZip size={15} />}
            style={{ flex: 1, maxWidth: 720 }}
            value={path}
            onChange={(e) => setPath(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') void verify();
            }}
            error={error?.code === 'VALIDATION' ? error.message : undefined}
            spellCheck={false}
            data-testid="verify-path"
          />
          <Button leftSection={<IconShieldSearch size={16} />} loading={verifying} onClick={() => void verify()} data-testid="verify-submit">
            Verify
          </Button>
        </Group>
        <Checkbox
          checked={requireOurs}
          onChange={(e) => setRequireOurs(e.currentTarget.checked)}
          disabled={!fingerprint}
          label={
            <Group gap={6} wrap="nowrap">
              <Text size="sm">Require this console’s identity key</Text>
              <HashText value={fingerprint?.replace(/\s+/g, '')} size="xs" copy={false} />
            </Group>
          }
          description="Without it, the package is checked only against the key it carries, which proves integrity but not who signed it."
        />
      </Stack>
      {error && error.code !== 'VALIDATION' && <ErrorAlert message={error.message} title="Could not verify" />}
      {verdict && <VerifyReport verdict={verdict.value} checkedAgainst={verdict.against} />}
    </Stack>
  );
}
