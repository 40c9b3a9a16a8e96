/**
 * How a refused command is shown: its safe message at the top of the form, and each field issue
 * next to the field it names. Field paths come from the command's zod schema (dotted).
 */
import type { WireError } from '../../../src-shared/errors';

export type FieldErrors = Readonly<Record<string, string>>;

/** Field issues keyed by path; the first message wins when a field has several. */
export function fieldErrors(error: WireError | undefined): FieldErrors {
  const out: Record<string, string> = {};
  for (const issue of error?.issues ?? []) {
    if (issue.path !== '' && out[issue.path] === undefined) out[issue.path] = capitalise(issue.message);
  }
  return out;
}

/**
 * The message to show above a form. A validation error whose every issue is shown beside a field
 * of that form gets a short summary instead of repeating them all.
 */
export function formMessage(error: WireError | undefined, fieldsOnForm: readonly string[]): string | undefined {
  if (!error) return undefined;
  if (error.code === 'VALIDATION' && error.issues && error.issues.length > 0 && error.issues.every((i) => fieldsOnForm.includes(i.path))) {
    return 'Some fields need attention.';
  }
  return error.message;
}

function capitalise(text: string): string {
  return text.length === 0 ? text : text[0]!.toUpperCase() + text.slice(1);
}
