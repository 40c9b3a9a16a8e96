/**
 * Test helper: reads XML back into a small element tree with saxes — a strict, maintained XML
 * parser independent of the builder that wrote it — so tests assert what a receiver would parse.
 */
import { SaxesParser } from 'saxes';

export interface XmlNode {
  /** Local name (namespace prefix dropped). */
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlNode[];
  text: string;
}

export function parseXml(xml: string): XmlNode {
  const parser = new SaxesParser({ xmlns: true });
  const root: XmlNode = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlNode[] = [root];
  parser.on('opentag', (tag) => {
    const attributes: Record<string, string> = {};
    for (const [key, attr] of Object.entries(tag.attributes)) attributes[key] = typeof attr === 'string' ? attr : attr.value;
    const node: XmlNode = { name: tag.local ?? tag.name, attributes, children: [], text: '' };
    stack[stack.length - 1]!.children.push(node);
    stack.push(node);
  });
  parser.on('text', (t) => {
    stack[stack.length - 1]!.text += t;
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  return root.children[0]!;
}

export function child(node: XmlNode, name: string): XmlNode {
  const found = node.children.find((c) => c.name === name);
  if (!found) throw new Error(`<${node.name}> has no <${name}>`);
  return found;
}

export function children(node: XmlNode, name: string): XmlNode[] {
  return node.children.filter((c) => c.name === name);
}

/** The text of a simple child element. */
export function textOf(node: XmlNode, name: string): string {
  return child(node, name).text;
}
