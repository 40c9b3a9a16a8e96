import { useState } from 'react';
import { Stack } from '@mantine/core';
import { invoke, type WireError } from '../../api';
import { canSeeSars } from '../../../../src-shared/roles';
import { useSession } from '../../stores/session.store';
import { EMPTY_SCOPE, sameScope, scopeOf, type EvidenceScope, type ScopeForm } from './evidence-scope';
import { ExportCard } from './ExportCard';
import { PreviewCard, type Preview } from './PreviewCard';
import { RecordDrawer, type RecordRef } from './RecordDrawer';
import { ScopeCard } from './ScopeCard';

interface Previewed {
  readonly scope: EvidenceScope;
  readonly preview: Preview;
}

/**
 * Export an evidence package: choose the scope, see what goes in, export to a folder with progress,
 * and verify what was written with the same checks VERIFY.txt gives anyone.
 */
export function ExportTab() {
  const roles = useSession((s) => s.operator?.roles ?? []);
  const [form, setForm] = useState<ScopeForm>(EMPTY_SCOPE);
  const [formError, setFormError] = useState<{ field: 'id' | 'period'; message: string } | undefined>();
  const [previewing, setPreviewing] = useState(false);
  const [previewed, setPreviewed] = useState<Previewed | undefined>();
  const [previewError, setPreviewError] = useState<WireError | undefined>();
  const [open, setOpen] = useState<RecordRef | null>(null);

  const change = (next: ScopeForm): void => {
    setForm(next);
    setFormError(undefined);
    // A preview belongs to the scope it was made for; a changed scope needs a new one.
    const check = scopeOf(next);
    if (!check.ok || !sameScope(check.scope, previewed?.scope)) {
      setPreviewed(undefined);
      setPreviewError(undefined);
    }
  };

  const preview = async (): Promise<void> => {
    const check = scopeOf(form);
    if (!check.ok) {
      setFormError({ field: check.field, message: check.message });
      return;
    }
    setPreviewing(true);
    const result = await invoke('evidence.preview', { scope: check.scope });
    setPreviewing(false);
    if (!result.ok) {
      setPreviewed(undefined);
      setPreviewError(result.error);
      return;
    }
    setPreviewError(undefined);
    setPreviewed({ scope: check.scope, preview: result.value });
  };

  return (
    <Stack gap="md" maw={1240} pb="lg">
      <ScopeCard form={form} onChange={change} onPreview={() => void preview()} previewing={previewing} error={formError} />
      <PreviewCard
        scope={previewed?.scope}
        preview={previewed?.preview}
        error={previewError}
        sarsHidden={!canSeeSars(roles)}
        onOpenRecord={(r) => setOpen(previewed && previewed.scope.kind !== 'period' ? { ...r, subject: { type: previewed.scope.kind, id: previewed.scope.id } } : r)}
      />
      <ExportCard scope={previewed?.scope} />
      {/* No purpose is suggested here: a read's purpose is the operator's own statement. */}
      <RecordDrawer target={open} defaultPurpose="" onClose={() => setOpen(null)} />
    </Stack>
  );
}
