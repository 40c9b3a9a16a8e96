import type { ReactNode } from 'react';
import { Badge, Card, Group, MultiSelect, NumberInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { ACTIONS, ALERT_LEVELS, LISTS } from '../../../../src-shared/monitoring/rule-set.schema';
import { jsonPath, type DocumentIssue } from './rule-editor';
import { actionsOf, actionTypes, aggregateKind, alertLevel, constantIssue, enumValues, fieldKind, getAt, LIST_NAMES, OPS, setAt, type ConstantKind, type Path } from './rule-form';

interface FormProps {
  readonly doc: unknown;
  readonly issues: readonly DocumentIssue[];
  readonly onChange: (doc: unknown) => void;
}

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? `${v}` : '');

/** The schema's issues at this path or below it, and the form's own, as one line for the field. */
function issueAt(issues: readonly DocumentIssue[], path: Path, own?: string): string | undefined {
  const at = jsonPath(path);
  const found = issues.filter((i) => i.path === at || i.path.startsWith(`${at}.`) || i.path.startsWith(`${at}[`)).map((i) => i.message);
  if (own) found.unshift(own);
  return found.length > 0 ? [...new Set(found)].join('; ') : undefined;
}

function ConstantInput({ kind, path, field, form }: { readonly kind: ConstantKind; readonly path: Path; readonly field?: unknown; readonly form: FormProps }) {
  const value = getAt(form.doc, path);
  const error = issueAt(form.issues, path, constantIssue({ path, kind, value }));
  const set = (v: unknown): void => form.onChange(setAt(form.doc, path, v));
  const common = { size: 'xs' as const, error, 'data-testid': 'rule-constant', 'data-path': jsonPath(path), 'aria-label': jsonPath(path), style: { display: 'inline-block', verticalAlign: 'middle' } };
  switch (kind) {
    case 'usd':
      return <TextInput {...common} w={130} value={text(value)} onChange={(e) => set(e.currentTarget.value.trim())} rightSection={<Text size="xs" c="dimmed">USD</Text>} rightSectionWidth={36} inputMode="decimal" />;
    case 'count':
    case 'number':
      return <NumberInput {...common} w={90} value={typeof value === 'number' ? value : ''} onChange={(v) => set(v)} allowDecimal={kind === 'number'} allowNegative={false} hideControls />;
    case 'list':
      return <Select {...common} w={230} value={text(value)} data={LIST_NAMES.map((l) => ({ value: l, label: l }))} title={LISTS[text(value) as keyof typeof LISTS]} onChange={(v) => v && set(v)} allowDeselect={false} />;
    case 'boolean':
      return <Select {...common} w={90} value={text(value)} data={['true', 'false']} onChange={(v) => v && set(v === 'true')} allowDeselect={false} />;
    case 'enum':
      return <Select {...common} w={130} value={text(value)} data={[...enumValues(field)]} onChange={(v) => v && set(v)} allowDeselect={false} />;
    default:
      return <TextInput {...common} w={kind === 'factor' ? 70 : 160} value={text(value)} onChange={(e) => set(e.currentTarget.value)} />;
  }
}

/** An aggregate in words with its window editable: "sum of tx.usd per customer over [1] [hours]". Windows are shared by every rule using the aggregate. */
function AggregateWords({ id, form }: { readonly id: unknown; readonly form: FormProps }) {
  const list = getAt(form.doc, ['aggregates']);
  const index = Array.isArray(list) ? list.findIndex((a) => isNode(a) && a.id === id) : -1;
  const spec = index >= 0 ? (getAt(form.doc, ['aggregates', index]) as Node) : undefined;
  if (!spec) return <span className="mono">{text(id)} (unknown aggregate)</span>;
  const window = isNode(spec.window) ? spec.window : {};
  const unit = 'days' in window ? 'days' : 'hours';
  const path: Path = ['aggregates', index, 'window'];
  const amount = window[unit];
  const error = issueAt(form.issues, path, typeof amount === 'number' && Number.isInteger(amount) ? undefined : 'must be a whole number');
  return (
    <span title={`${text(spec.description)} — the window is shared by every rule that uses ${text(id)}`}>
      <span className="mono">{text(id)}</span> ({text(spec.fn)}
      {spec.field ? ` of ${text(spec.field)}` : ''} per {text(spec.per)} over{' '}
      <NumberInput size="xs" w={70} hideControls allowDecimal={false} allowNegative={false} value={typeof amount === 'number' ? amount : ''} onChange={(v) => form.onChange(setAt(form.doc, path, { [unit]: v }))} error={error} style={{ display: 'inline-block', verticalAlign: 'middle' }} data-testid="rule-window" data-path={jsonPath(path)} aria-label={`${jsonPath(path)} length`} />{' '}
      <Select size="xs" w={90} data={['hours', 'days']} value={unit} allowDeselect={false} onChange={(u) => u && form.onChange(setAt(form.doc, path, { [u]: amount }))} style={{ display: 'inline-block', verticalAlign: 'middle' }} data-testid="rule-window-unit" aria-label={`${jsonPath(path)} unit`} />)
    </span>
  );
}

/** A condition tree in words, its constants as inputs in place. */
function ConditionWords({ path, form }: { readonly path: Path; readonly form: FormProps }): ReactNode {
  const node = getAt(form.doc, path);
  const wrong = issueAt(form.issues, path);
  if (!isNode(node)) return <Text size="sm" c="red.8">{wrong ?? 'not a condition'}</Text>;
  const group = (key: 'all' | 'any', label: string) => (
    <Stack gap={4}>
      <Text size="sm">{label}</Text>
      <Stack gap={4} pl="md" style={{ borderLeft: '2px solid var(--mantine-color-gray-3)' }}>
        {(node[key] as unknown[]).map((_, i) => (
          <ConditionWords key={i} path={[...path, key, i]} form={form} />
        ))}
      </Stack>
    </Stack>
  );
  if (Array.isArray(node.all)) return group('all', 'all of:');
  if (Array.isArray(node.any)) return group('any', 'any of:');
  if ('not' in node)
    return (
      <Group gap={6} wrap="nowrap" align="flex-start">
        <Text size="sm">not</Text>
        <ConditionWords path={[...path, 'not']} form={form} />
      </Group>
    );
  if ('use' in node) {
    const named = getAt(form.doc, ['conditions', text(node.use)]);
    return (
      <Text size="sm" title={JSON.stringify(named)}>
        <span className="mono">{text(node.use)}</span> <Text span size="xs" c="dimmed">(named condition, edited in JSON)</Text>
      </Text>
    );
  }
  const op = OPS[text(node.op)] ?? text(node.op);
  const field = <span className="mono">{text(node.field)}</span>;
  let body: ReactNode;
  if ('factor' in node)
    body = (
      <>
        {field} {op} <ConstantInput kind="factor" path={[...path, 'factor']} form={form} /> × <AggregateWords id={node.aggregate} form={form} />
      </>
    );
  else if ('aggregate' in node)
    body = (
      <>
        <AggregateWords id={node.aggregate} form={form} /> {op} <ConstantInput kind={aggregateKind(getAt(form.doc, ['aggregates']), node.aggregate)} path={[...path, 'value']} form={form} />
      </>
    );
  else if ('list' in node)
    body = (
      <>
        {field} {op} <ConstantInput kind="list" path={[...path, 'list']} form={form} />
      </>
    );
  else if (node.op === 'between')
    body = (
      <>
        {field} between <ConstantInput kind={fieldKind(node.field)} path={[...path, 'min']} form={form} /> and <ConstantInput kind={fieldKind(node.field)} path={[...path, 'max']} form={form} />
      </>
    );
  else if ('values' in node)
    body = (
      <>
        {field} {op} <span className="mono">{Array.isArray(node.values) ? node.values.map(text).join(', ') : ''}</span> <Text span size="xs" c="dimmed">(list edited in JSON)</Text>
      </>
    );
  else
    body = (
      <>
        {field} {op} <ConstantInput kind={fieldKind(node.field)} path={[...path, 'value']} field={node.field} form={form} />
      </>
    );
  return (
    <Text size="sm" component="div" style={{ lineHeight: 2.2 }}>
      {body}
      {wrong && !('value' in node || 'list' in node || 'factor' in node || 'min' in node) && (
        <Text span size="xs" c="red.8" ml={6}>
          {wrong}
        </Text>
      )}
    </Text>
  );
}

function RuleCard({ index, form }: { readonly index: number; readonly form: FormProps }) {
  const base: Path = ['rules', index];
  const rule = getAt(form.doc, base);
  if (!isNode(rule)) return null;
  const set = (key: string, v: unknown): void => form.onChange(setAt(form.doc, [...base, key], v));
  const level = alertLevel(rule.actions);
  const types = actionTypes(rule.actions);
  const enabled = rule.enabled !== false;
  return (
    <Card withBorder radius="sm" padding="xs" data-testid="rule-form-rule" data-rule-id={text(rule.id)} style={{ opacity: enabled ? 1 : 0.6 }}>
      <Group gap="sm" align="flex-start" wrap="nowrap">
        <Switch mt={6} checked={enabled} onChange={(e) => set('enabled', e.currentTarget.checked)} aria-label={`${text(rule.id)} enabled`} data-testid="rule-enabled" />
        <Badge variant="light" color="gray" tt="none" mt={6} className="mono" style={{ flexShrink: 0 }}>
          {text(rule.id)}
        </Badge>
        <TextInput size="xs" style={{ flex: 1 }} value={text(rule.name)} onChange={(e) => set('name', e.currentTarget.value)} error={issueAt(form.issues, [...base, 'name'])} aria-label="Title" data-testid="rule-title" />
        <Select size="xs" w={120} data={[...ALERT_LEVELS]} value={level ?? null} placeholder="no alert" disabled={!level} onChange={(v) => v && set('actions', actionsOf(types, v))} allowDeselect={false} aria-label="Alert level" data-testid="rule-level" />
        <MultiSelect size="xs" w={330} data={[...ACTIONS]} value={types} onChange={(v) => set('actions', actionsOf(v, level))} error={issueAt(form.issues, [...base, 'actions'])} aria-label="Actions" data-testid="rule-actions" />
      </Group>
      <Stack gap={2} mt={6} pl={4}>
        <Text size="xs" c="dimmed">
          when
        </Text>
        <ConditionWords path={[...base, 'when']} form={form} />
      </Stack>
    </Card>
  );
}

/**
 * The form editor: each rule's switch, title, alert level, actions and the constants of its
 * conditions, in words with inputs in place; each aggregate's filter below. Edits go to the same
 * draft document the JSON tab shows; new rules and new structure are written in JSON.
 */
export function RuleForm(form: FormProps) {
  const rules = getAt(form.doc, ['rules']);
  const aggregates = getAt(form.doc, ['aggregates']);
  const filtered = Array.isArray(aggregates) ? aggregates.map((a, i) => [a, i] as const).filter(([a]) => isNode(a) && 'where' in a) : [];
  return (
    <Stack gap="xs" data-testid="rule-form">
      <Text size="xs" c="dimmed">
        Thresholds, lists, windows, levels and actions are edited here; to add a rule or change how conditions combine, use the JSON tab. Disabling a rule keeps it in the document.
      </Text>
      {Array.isArray(rules) ? rules.map((_, i) => <RuleCard key={i} index={i} form={form} />) : <Text c="red.8">The document has no rules list.</Text>}
      {filtered.length > 0 && (
        <Card withBorder radius="sm" padding="xs">
          <Text size="xs" fw={600} tt="uppercase" c="gray.7" mb={4}>
            Aggregate filters
          </Text>
          {filtered.map(([a, i]) => (
            <Stack key={i} gap={0}>
              <Text size="sm" component="div">
                <AggregateWords id={(a as Node).id} form={form} /> counts only transfers where
              </Text>
              <Stack pl="md">
                <ConditionWords path={['aggregates', i, 'where']} form={form} />
              </Stack>
            </Stack>
          ))}
        </Card>
      )}
    </Stack>
  );
}
