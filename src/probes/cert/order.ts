/** The order the server sends its chain in: leaf, then each issuer in turn, nothing else. */
import { finding } from '../findings.js';
import type { Finding } from '../types.js';
import type { Element } from './chain.js';
import { shortName } from './dn.js';

export function orderFindings(sent: readonly Element[], path: readonly Element[]): Finding[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  const onPath: Element[] = [];
  for (const el of sent) {
    const fp = el.info.facts.fingerprint256;
    const first = seen.get(fp);
    if (first !== undefined) problems.push(`#${el.index} is a duplicate of #${first}`);
    else if (el.pathPosition === null)
      problems.push(`#${el.index} ${name(el)} is not part of the chain`);
    else onPath.push(el);
    if (first === undefined) seen.set(fp, el.index as number);
  }
  const ordered = onPath.every(
    (el, i) => i === 0 || (el.pathPosition as number) >= (onPath[i - 1]?.pathPosition as number),
  );
  if (!ordered) {
    problems.unshift(
      `sent order is ${sent.map((el) => `#${el.index} ${name(el)}`).join(', ')}; the chain is ${path
        .map(name)
        .join(' → ')}`,
    );
  }
  if (problems.length === 0) return [];
  return [finding('CHAIN_ORDER', problems.join('; '))];
}

export function sentRootFindings(sent: readonly Element[]): Finding[] {
  return sent
    .filter((el) => el.index !== 0 && el.role === 'root')
    .map((el) =>
      finding(
        'CHAIN_HAS_ROOT',
        `the server sends the self-signed root ${name(el)} (#${el.index}); clients only use their own copy`,
      ),
    );
}

function name(el: Element): string {
  return shortName(el.info.facts.subject);
}
