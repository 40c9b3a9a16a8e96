import { Button, Group, SegmentedControl, TextInput } from '@mantine/core';
import { DatePickerInput } from '@mantine/dates';
import { IconCalendar, IconEye, IconHash } from '@tabler/icons-react';
import { FILTER_ATTRIBUTE } from '../../hooks/useGlobalShortcuts';
import { SCOPE_KINDS, type ScopeForm } from './evidence-scope';
import { StepCard } from './StepCard';

interface Props {
  readonly form: ScopeForm;
  readonly onChange: (form: ScopeForm) => void;
  readonly onPreview: () => void;
  readonly previewing: boolean;
  readonly error: { readonly field: 'id' | 'period'; readonly message: string } | undefined;
}

/** Step 1: what the package covers — a customer, a case, a withdrawal, or records created in a period. */
export function ScopeCard({ form, onChange, onPreview, previewing, error }: Props) {
  const kind = SCOPE_KINDS.find((k) => k.value === form.kind) ?? SCOPE_KINDS[0]!;
  return (
    <StepCard step={1} title="Scope" description="What the package covers: a customer, a case, a withdrawal, or every record created in a period." testId="evidence-scope">
      <Group gap="sm" align="flex-start" wrap="wrap">
        <SegmentedControl
          value={form.kind}
          onChange={(value) => onChange({ ...form, kind: value })}
          data={SCOPE_KINDS.map((k) => ({ value: k.value, label: k.label }))}
          data-testid="scope-kind"
          mt={1}
        />
        {form.kind === 'period' ? (
          <DatePickerInput
            type="range"
            aria-label="Period (UTC days)"
            placeholder="First and last day (UTC)"
            leftSection={<IconCalendar size={15} />}
            w={280}
            clearable
            allowSingleDateInRange
            valueFormat="YYYY-MM-DD"
            value={[form.fromDay, form.toDay]}
            onChange={([fromDay, toDay]) => onChange({ ...form, fromDay, toDay })}
            error={error?.field === 'period' ? error.message : undefined}
            data-testid="scope-period"
          />
        ) : (
          <TextInput
            aria-label={kind.noun}
            placeholder={`${kind.label} id, e.g. ${kind.example}`}
            leftSection={<IconHash size={15} />}
            w={280}
            value={form.id}
            onChange={(e) => onChange({ ...form, id: e.currentTarget.value })}
            onKeyDown={(e) => {
              if (e.key === 'Enter') onPreview();
            }}
            error={error?.field === 'id' ? error.message : undefined}
            spellCheck={false}
            data-testid="scope-id"
            {...{ [FILTER_ATTRIBUTE]: '' }}
          />
        )}
        <Button leftSection={<IconEye size={16} />} onClick={onPreview} loading={previewing} data-testid="scope-preview">
          Preview
        </Button>
      </Group>
    </StepCard>
  );
}
