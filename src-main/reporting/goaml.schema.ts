/**
 * Validation of goAML reports against the FIU's XSD with libxml2 (xmllint-wasm: libxml2 compiled to
 * WebAssembly, run in a worker thread, so no native build and no blocking of the event loop).
 *
 * goAML schemas are written for the FIU's .NET validator and carry two .NET/JavaScript regular-
 * expression habits that an XSD 1.0 validator reads differently (XML Schema Part 2, Appendix F:
 * every pattern is implicitly anchored to the whole value, `^` and `$` are ordinary characters, and
 * a `-` may stand in a character class only first, last, or as a range):
 *  - `^…$` anchors: libxml2 would demand literal "^" and "$" around every name;
 *  - a literal hyphen right after a range (`[_a-zA-Z0-9-+]`): not a valid XSD 1.0 class.
 * `xsd10Compatible` rewrites exactly those into their XSD 1.0 equivalents (anchors dropped, hyphen
 * moved to the end of its class), in memory; the shipped schema stays as the FIU published it.
 */
import { validateXML } from 'xmllint-wasm';
import { VaultlineError } from '../errors';

export interface XsdIssue {
  readonly line: number | null;
  /** The element libxml2 names ("Element 'first_name': …"), when it names one. */
  readonly element: string | null;
  readonly message: string;
}

export interface Xsd10Rewrite {
  readonly text: string;
  readonly anchorsDropped: number;
  readonly hyphensMoved: number;
}

/** `[_a-zA-Z0-9-+]` → `[_a-zA-Z0-9+-]`: a hyphen straight after a range is literal in .NET; XSD 1.0 wants it last. */
function moveLiteralHyphens(pattern: string): { pattern: string; moved: number } {
  let moved = 0;
  const out = pattern.replace(/\[((?:\\.|[^\]\\])*)\]/g, (whole, body: string) => {
    const tokens = body.match(/\\.|[\s\S]/g) ?? [];
    const kept: string[] = [];
    let hyphen = false;
    tokens.forEach((t, i) => {
      if (t === '-' && i >= 3 && tokens[i - 2] === '-' && i < tokens.length - 1) hyphen = true;
      else kept.push(t);
    });
    if (!hyphen) return whole;
    moved++;
    return `[${kept.join('')}-]`;
  });
  return { pattern: out, moved };
}

/** The XSD 1.0 reading of a goAML schema (see the file comment). Comments are left alone. */
export function xsd10Compatible(xsd: string): Xsd10Rewrite {
  let anchorsDropped = 0;
  let hyphensMoved = 0;
  const text = xsd.replace(/<!--[\s\S]*?-->|(<xs:pattern\s+value=")([^"]*)(")/g, (whole, open?: string, value?: string, close?: string) => {
    if (open === undefined || value === undefined || close === undefined) return whole;
    let pattern = value;
    if (pattern.length >= 2 && pattern.startsWith('^') && pattern.endsWith('$') && !pattern.endsWith('\\$')) {
      pattern = pattern.slice(1, -1);
      anchorsDropped++;
    }
    const hyphens = moveLiteralHyphens(pattern);
    hyphensMoved += hyphens.moved;
    return `${open}${hyphens.pattern}${close}`;
  });
  return { text, anchorsDropped, hyphensMoved };
}

const compatible = new Map<string, string>();

/**
 * Validates `xml` against the (XSD 1.0-adjusted) schema `xsd`. Returns the issues; none means it
 * validates. A schema libxml2 cannot compile is a fault of the product, not of the report.
 */
export async function validateAgainstXsd(xml: string, xsd: string): Promise<readonly XsdIssue[]> {
  let schema = compatible.get(xsd);
  if (schema === undefined) {
    schema = xsd10Compatible(xsd).text;
    compatible.clear();
    compatible.set(xsd, schema);
  }
  let result;
  try {
    result = await validateXML({
      xml: { fileName: 'report.xml', contents: xml },
      schema: { fileName: 'schema.xsd', contents: schema },
      // 64 MiB: a report with thousands of transactions is a few MB; the schema compiles in ~10.
      maxMemoryPages: 1024,
    });
  } catch (error) {
    throw new VaultlineError('INTERNAL', 'The goAML schema could not be loaded by the validator.', { detail: error instanceof Error ? error.message : String(error), cause: error });
  }
  if (result.valid) return [];
  const issues = result.errors.map((e): XsdIssue => {
    const element = /Element '([^']+)'/.exec(e.message)?.[1] ?? null;
    return { line: e.loc?.lineNumber ?? null, element, message: e.message };
  });
  // An invalid result always carries at least one message; never report "invalid" without one.
  return issues.length > 0 ? issues : [{ line: null, element: null, message: result.rawOutput.trim() || 'the report does not validate against the schema' }];
}
