import type { types } from '@slack/bolt';

export type KnownBlock = types.KnownBlock;

/** Block Kit limits (docs.slack.dev block reference; `cumulative` is the undocumented ~12k). */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  header: 150,
  contextElements: 10,
  buttonText: 75,
  buttonValue: 2000,
  blockId: 255,
  /** Top-level `text`: chat.update refuses more (msg_too_long). */
  text: 4000,
  /** Text in all blocks together, with room left for the containers. */
  cumulative: 11_000,
} as const;

/** Characters of text a block carries, as Slack counts them towards the cumulative limit. */
export function blockChars(block: KnownBlock): number {
  let n = 0;
  const visit = (v: unknown): void => {
    if (typeof v === 'string') n += v.length;
    else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k !== 'type' && k !== 'block_id' && k !== 'action_id' && k !== 'style') visit(x);
      }
    }
  };
  visit(block);
  return n;
}

/** Blocks added only while they fit the message's block count and character budget. */
export class BlockBudget {
  readonly blocks: KnownBlock[] = [];
  private used = 0;

  constructor(
    private readonly maxBlocks: number,
    private readonly maxChars: number,
  ) {}

  get charsLeft(): number {
    return this.maxChars - this.used;
  }

  get blocksLeft(): number {
    return this.maxBlocks - this.blocks.length;
  }

  add(block: KnownBlock): boolean {
    const size = blockChars(block);
    if (this.blocks.length >= this.maxBlocks || this.used + size > this.maxChars) return false;
    this.blocks.push(block);
    this.used += size;
    return true;
  }
}

export function section(text: string): KnownBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

export function context(...texts: string[]): KnownBlock {
  return { type: 'context', elements: texts.map((text) => ({ type: 'mrkdwn', text })) };
}
