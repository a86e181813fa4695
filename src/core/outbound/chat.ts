// Status updates for chat: a Slack incoming-webhook message (text + Block Kit sections) and a Microsoft Teams
// Workflows message (an Adaptive Card in a `message` attachment), with the limits their published references
// state and the escaping each markup needs. The body is the text the responder saw and edited, so its own
// Markdown emphasis is kept; what could reach past the message (Slack's <!channel>, <@U…> and <url|label>, a
// card's {{DATE()}} functions, a Teams <at> mention) is neutralised everywhere, and the title, in the heading, is plain.
import { cut } from './pagerduty';
import { checkShape, jsonBytes, utf8Bytes, type Shape } from './shape';

// Slack Block Kit (docs.slack.dev, reference/block-kit: blocks, composition-objects/text-object): a text object's
// text is 1 to 3,000 characters, `emoji` only on plain_text and `verbatim` only on mrkdwn; a header's plain_text
// holds 150, a context block 10 elements, a message 50 blocks; the top-level `text` (the notification and
// fallback) is cut by Slack after 40,000 (messaging/formatting-message-text).
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

/**
 * Cuts Slack-escaped text to `max` characters without leaving half an entity (`&am…` would show as written).
 */
export function cutEscaped(escaped: string, max: number): string {
  const kept = cut(escaped, max);
  return kept === escaped ? escaped : kept.replace(/&[a-z]{0,3}…$/, '…');
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
      // A cut inside an escaped entity (&amp;) moves its start to the next piece.
      const partial = /&[a-z]{0,3}$/.exec(points.slice(0, max).join(''))?.[0].length ?? 0;
      const at = partial < max ? max - partial : max;
      pieces.push(points.slice(0, at).join(''));
      rest = points.slice(at).join('');
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

/** The heading a message shows: the title on one line, or a stand-in when it is empty (a text is never empty). */
const headingOf = (title: string): string => title.replace(/\s+/g, ' ').trim() || 'Status update';

export function slackMessage(title: string, body: string): SlackMessage {
  const sections = splitText(slackMrkdwn(body), SLACK_SECTION_MAX);
  const room = SLACK_BLOCKS_MAX - 2;
  const kept = sections.slice(0, room);
  const heading = escapeSlack(headingOf(title));
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: cutEscaped(heading, SLACK_HEADER_MAX), emoji: false } },
    ...kept.map((text): SlackBlock => ({ type: 'section', text: { type: 'mrkdwn', text } })),
  ];
  if (sections.length > room) blocks.push({ type: 'context', elements: [{ type: 'plain_text', text: `${sections.length - room} more part(s) left out: Slack takes ${SLACK_BLOCKS_MAX} blocks.`, emoji: false }] });
  return { text: cutEscaped(body.trim() ? `${heading}\n${slackMrkdwn(body)}` : heading, SLACK_TEXT_MAX), blocks };
}

const slackTextShape = (max: number, type?: 'plain_text' | 'mrkdwn'): Shape => {
  const text: Shape = { type: 'string', minLength: 1, maxLength: max };
  const plain: Shape = { type: 'object', required: ['type', 'text'], properties: { type: { type: 'string', enum: ['plain_text'] }, text, emoji: { type: 'boolean' } }, additionalProperties: false };
  const mrkdwn: Shape = { type: 'object', required: ['type', 'text'], properties: { type: { type: 'string', enum: ['mrkdwn'] }, text, verbatim: { type: 'boolean' } }, additionalProperties: false };
  return type === 'plain_text' ? plain : type === 'mrkdwn' ? mrkdwn : { anyOf: [plain, mrkdwn] };
};

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

// The message of a Workflows webhook (learn.microsoft.com, "Create incoming webhooks" / the Teams connector's known
// limits): one attachment of contentType application/vnd.microsoft.card.adaptive holding the card, at most about
// 28 KB in all ("Request Entity too large" past it). The card (adaptivecards.io schema, version 1.x): `type` and
// `version` required on the top-level card; a TextBlock requires `text`, with the weight and size enums below.
export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';
/** Below Teams' "about 28 KB", with room for what Workflows wraps around it. */
export const TEAMS_MESSAGE_MAX_BYTES = 27 * 1024;
/** The card version Teams renders in a webhook message. */
export const ADAPTIVE_CARD_VERSION = '1.4';

export interface AdaptiveTextBlock {
  type: 'TextBlock';
  text: string;
  wrap: boolean;
  weight?: 'Bolder';
  size?: 'Medium';
  isSubtle?: boolean;
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

/** The update's text as a card shows it: card functions defused, `<at>` inert, each line its own paragraph. */
function cardBody(body: string): string {
  // A card's Markdown needs a blank line to break a paragraph; the update's lines are kept as lines.
  return defuseCardFunctions(body.replace(/<(?=\/?at\b)/gi, '\\<')).replace(/\n(?!\n)/g, '\n\n');
}

/** The card's body text cut (by code point, at its JSON size) to `room` bytes on the wire, with an ellipsis. */
function cutToBytes(text: string, room: number): string {
  let used = utf8Bytes('…');
  let kept = '';
  for (const point of text) {
    const bytes = utf8Bytes(JSON.stringify(point)) - 2;
    if (used + bytes > room) break;
    used += bytes;
    kept += point;
  }
  return kept + '…';
}

export function teamsMessage(title: string, body: string): TeamsMessage {
  const heading: AdaptiveTextBlock = { type: 'TextBlock', text: escapeCardText(headingOf(title)), wrap: true, weight: 'Bolder', size: 'Medium' };
  const text = cardBody(body);
  // An empty TextBlock is refused by the schema: an update with no text is the heading alone.
  const message = cardMessage(text.trim() ? [heading, { type: 'TextBlock', text, wrap: true }] : [heading]);
  if (jsonBytes(message) <= TEAMS_MESSAGE_MAX_BYTES) return message;
  const note: AdaptiveTextBlock = { type: 'TextBlock', text: 'The rest was left out: Teams takes about 28 KB per message.', wrap: true, isSubtle: true };
  const room = TEAMS_MESSAGE_MAX_BYTES - jsonBytes(cardMessage([heading, { type: 'TextBlock', text: '', wrap: true }, note]));
  return cardMessage([heading, { type: 'TextBlock', text: cutToBytes(text, room), wrap: true }, note]);
}

function cardMessage(body: AdaptiveTextBlock[]): TeamsMessage {
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
          body,
        },
      },
    ],
  };
}

const textBlockShape: Shape = {
  type: 'object',
  required: ['type', 'text'],
  properties: { type: { type: 'string', enum: ['TextBlock'] }, text: { type: 'string', minLength: 1 }, wrap: { type: 'boolean' }, weight: { type: 'string', enum: ['Default', 'Lighter', 'Bolder'] }, size: { type: 'string', enum: ['Default', 'Small', 'Medium', 'Large', 'ExtraLarge'] }, isSubtle: { type: 'boolean' } },
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
  const problems = checkShape(message, teamsMessageShape);
  const bytes = jsonBytes(message);
  if (bytes > TEAMS_MESSAGE_MAX_BYTES) problems.push(`(body): at most ${TEAMS_MESSAGE_MAX_BYTES} bytes (has ${bytes})`);
  return problems;
}
