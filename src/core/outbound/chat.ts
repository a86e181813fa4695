// Status updates for chat: a Slack incoming-webhook message (text + Block Kit sections) and a Microsoft Teams
// Workflows message (an Adaptive Card in a `message` attachment), with the limits their published references
// state and the escaping each markup needs. The body is the text the responder saw and edited, so its own
// Markdown emphasis is kept; what could reach past the message (Slack's <!channel>, <@U…> and <url|label>, a
// card's {{DATE()}} functions, a Teams <at> mention) is neutralised everywhere, and the title, in the heading, is plain.
import { cut } from './pagerduty';
import { checkShape, type Shape } from './shape';

// Slack Block Kit: a header's plain_text holds 150 characters, a section's text 3,000, a message 50 blocks;
// the top-level `text` (the notification and fallback) is cut by Slack after 40,000.
export const SLACK_HEADER_MAX = 150;
export const SLACK_SECTION_MAX = 3000;
export const SLACK_BLOCKS_MAX = 50;
export const SLACK_TEXT_MAX = 40000;

export interface SlackTextObject {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
}
export type SlackBlock = { type: 'header'; text: SlackTextObject } | { type: 'section'; text: SlackTextObject } | { type: 'context'; elements: SlackTextObject[] };
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Slack's three control characters; with them escaped no text can open a mention, a link or a channel ping. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack mrkdwn for a Markdown status update: **bold** → *bold*, escaped. */
export function slackMrkdwn(markdown: string): string {
  return escapeSlack(markdown).replace(/\*\*([^*\n]+)\*\*/g, '*$1*');
}

/** Splits at line ends into pieces of at most `max` code points (a longer line is cut where it must). */
export function splitText(text: string, max: number): string[] {
  const pieces: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    let rest = line;
    while ([...rest].length > max) {
      if (current) pieces.push(current);
      current = '';
      const points = [...rest];
      pieces.push(points.slice(0, max).join(''));
      rest = points.slice(max).join('');
    }
    const joined = current ? `${current}\n${rest}` : rest;
    if ([...joined].length > max) {
      pieces.push(current);
      current = rest;
    } else current = joined;
  }
  if (current.trim()) pieces.push(current);
  return pieces.filter((p) => p.trim());
}

export function slackMessage(title: string, body: string): SlackMessage {
  const sections = splitText(slackMrkdwn(body), SLACK_SECTION_MAX);
  const room = SLACK_BLOCKS_MAX - 2;
  const kept = sections.slice(0, room);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: cut(escapeSlack(title.replace(/\s+/g, ' ').trim() || 'Status update'), SLACK_HEADER_MAX), emoji: false } },
    ...kept.map((text): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text } })),
  ];
  if (sections.length > room) blocks.push({ type: 'context', elements: [{ type: 'plain_text', text: `${sections.length - room} more part(s) left out: Slack takes ${SLACK_BLOCKS_MAX} blocks.`, emoji: false }] });
  return { text: cut(`${escapeSlack(title)}\n${slackMrkdwn(body)}`, SLACK_TEXT_MAX), blocks };
}

const slackTextShape = (max: number, type?: 'plain_text' | 'mrkdwn'): Shape => ({
  type: 'object',
  required: ['type', 'text'],
  properties: { type: { type: 'string', enum: type ? [type] : ['plain_text', 'mrkdwn'] }, text: { type: 'string', minLength: 1, maxLength: max }, emoji: { type: 'boolean' } },
  additionalProperties: false,
});

export const slackMessageShape: Shape = {
  type: 'object',
  required: ['text'],
  properties: {
    text: { type: 'string', minLength: 1, maxLength: SLACK_TEXT_MAX },
    blocks: {
      type: 'array',
      maxItems: SLACK_BLOCKS_MAX,
      items: {
        anyOf: [
          { type: 'object', required: ['type', 'text'], properties: { type: { type: 'string', enum: ['header'] }, text: slackTextShape(SLACK_HEADER_MAX, 'plain_text') }, additionalProperties: false },
          { type: 'object', required: ['type', 'text'], properties: { type: { type: 'string', enum: ['section'] }, text: slackTextShape(SLACK_SECTION_MAX) }, additionalProperties: false },
          { type: 'object', required: ['type', 'elements'], properties: { type: { type: 'string', enum: ['context'] }, elements: { type: 'array', minItems: 1, maxItems: 10, items: slackTextShape(SLACK_SECTION_MAX) } }, additionalProperties: false },
        ],
      },
    },
  },
};

// ---- Microsoft Teams (Workflows "When a Teams webhook request is received") ----------------------------------

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** The card version Teams renders in a webhook message. */
export const ADAPTIVE_CARD_VERSION = '1.4';

export interface AdaptiveTextBlock {
  type: 'TextBlock';
  text: string;
  wrap: boolean;
  weight?: 'Bolder';
  size?: 'Medium';
}
export interface TeamsMessage {
  type: 'message';
  attachments: Array<{
    contentType: typeof ADAPTIVE_CARD_CONTENT_TYPE;
    contentUrl: null;
    content: { $schema: string; type: 'AdaptiveCard'; version: string; body: AdaptiveTextBlock[] };
  }>;
}

/** A card's {{DATE(…)}} / {{TIME(…)}} functions run in any TextBlock: a zero-width space between the braces ends them. */
function defuseCardFunctions(text: string): string {
  return text.replace(/\{\{/g, '{\u200B{');
}

/** Plain text in a TextBlock: the Markdown subset a card renders (emphasis, links, lists, headings) is backslash-escaped. */
export function escapeCardText(text: string): string {
  return defuseCardFunctions(text.replace(/[\\`*_[\]()#+\-.!~|<>]/g, '\\$&'));
}

export function teamsMessage(title: string, body: string): TeamsMessage {
  return {
    type: 'message',
    attachments: [
      {
        contentType: ADAPTIVE_CARD_CONTENT_TYPE,
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: ADAPTIVE_CARD_VERSION,
          body: [
            { type: 'TextBlock', text: escapeCardText(title.replace(/\s+/g, ' ').trim() || 'Status update'), wrap: true, weight: 'Bolder', size: 'Medium' },
            // A card's Markdown needs a blank line to break a paragraph; the update's lines are kept as lines.
            { type: 'TextBlock', text: defuseCardFunctions(body.replace(/<(?=\/?at\b)/gi, '\\<')).replace(/\n(?!\n)/g, '\n\n'), wrap: true },
          ],
        },
      },
    ],
  };
}

const textBlockShape: Shape = {
  type: 'object',
  required: ['type', 'text'],
  properties: { type: { type: 'string', enum: ['TextBlock'] }, text: { type: 'string', minLength: 1 }, wrap: { type: 'boolean' }, weight: { type: 'string', enum: ['Default', 'Lighter', 'Bolder'] }, size: { type: 'string', enum: ['Default', 'Small', 'Medium', 'Large', 'ExtraLarge'] } },
  additionalProperties: false,
};

export const teamsMessageShape: Shape = {
  type: 'object',
  required: ['type', 'attachments'],
  properties: {
    type: { type: 'string', enum: ['message'] },
    attachments: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['contentType', 'content'],
        properties: {
          contentType: { type: 'string', enum: [ADAPTIVE_CARD_CONTENT_TYPE] },
          contentUrl: { type: 'null' },
          content: {
            type: 'object',
            required: ['type', 'version', 'body'],
            properties: { $schema: { type: 'string' }, type: { type: 'string', enum: ['AdaptiveCard'] }, version: { type: 'string', pattern: /^1\.[0-6]$/ }, body: { type: 'array', minItems: 1, items: textBlockShape } },
          },
        },
      },
    },
  },
};

export function checkSlackMessage(message: unknown): string[] {
  return checkShape(message, slackMessageShape);
}

export function checkTeamsMessage(message: unknown): string[] {
  return checkShape(message, teamsMessageShape);
}
