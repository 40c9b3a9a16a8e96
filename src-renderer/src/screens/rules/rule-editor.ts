/**
 * The rule-set editor's own check, before anything is sent: the text must be JSON and the JSON a
 * rule set by the shared grammar (src-shared/monitoring/rule-set.schema.ts, the same zod schema
 * the core compiles from). Each issue carries its path (`$.rules[3].when.field`) so the editor can
 * say where. The core checks again (unknown aggregates, non-terminating `use` chains) and answers
 * VALIDATION with its own paths; `issuesOfError` reads those.
 */
import { ruleSet, type RuleSet } from '../../../../src-shared/monitoring/rule-set.schema';

export interface DocumentIssue {
  readonly path: string;
  readonly message: string;
}

export type EditorCheck = { readonly ok: true; readonly document: RuleSet } | { readonly ok: false; readonly issues: readonly DocumentIssue[] };

/** `['rules', 3, 'when']` → `$.rules[3].when`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  let out = '$';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : /^[A-Za-z_$][\w$]*$/.test(String(part)) ? `.${String(part)}` : `[${JSON.stringify(String(part))}]`;
  return out;
}

/** Where in the text a JSON.parse error points, from its message ("… at position 42 (line 3 column 5)"). */
function parsePosition(message: string): string {
  const line = /line (\d+) column (\d+)/.exec(message);
  if (line) return `line ${line[1]}, column ${line[2]}`;
  const position = /position (\d+)/.exec(message);
  return position ? `character ${position[1]}` : 'the text';
}

export function checkRuleText(text: string): EditorCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, issues: [{ path: parsePosition(message), message: `not valid JSON: ${message.replace(/^JSON\.parse: /, '')}` }] };
  }
  const parsed = ruleSet.safeParse(json);
  if (parsed.success) return { ok: true, document: parsed.data };
  // A failed union reports every branch; the deepest issue per path says most.
  const seen = new Set<string>();
  const issues: DocumentIssue[] = [];
  for (const issue of parsed.error.issues) {
    const path = jsonPath(issue.path);
    const key = `${path} ${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ path, message: issue.message });
  }
  return { ok: false, issues };
}

/**
 * A wire issue's dotted path (`document.rules.3.when`, src-shared/errors.ts fieldIssues) as the
 * editor's JSON path (`$.rules[3].when`): the `document` input field is the editor's root.
 */
export function dottedPath(path: string): string {
  const parts = path.split('.').filter((p) => p !== '');
  if (parts[0] === 'document') parts.shift();
  return jsonPath(parts.map((p) => (/^\d+$/.test(p) ? Number(p) : p)));
}

/** The issues of a refused draft as the core sent them (`issues: [{ path, message }]`), or the message alone. */
export function issuesOfError(error: { readonly message: string; readonly issues?: readonly { readonly path?: unknown; readonly message?: unknown }[] | undefined }): readonly DocumentIssue[] {
  const list = error.issues ?? [];
  const out = list
    .filter((i) => typeof i.message === 'string')
    .map((i) => ({ path: Array.isArray(i.path) ? jsonPath(i.path as PropertyKey[]) : typeof i.path === 'string' ? dottedPath(i.path) : '$', message: i.message as string }));
  return out.length > 0 ? out : [{ path: '$', message: error.message }];
}

/** A rule set as the editor shows it: two-space JSON, keys in the order the document has them. */
export const prettyDocument = (document: unknown): string => JSON.stringify(document, null, 2);
