import * as assert from 'assert';
import { checkSlackMessage, checkTeamsMessage, cutEscaped, escapeCardText, escapeSlack, slackMessage, splitText, SLACK_HEADER_MAX, SLACK_SECTION_MAX, teamsMessage, TEAMS_MESSAGE_MAX_BYTES } from '../../../../src/core/outbound/chat';
import { jsonBytes } from '../../../../src/core/outbound/shape';

const update = '**Status**: Investigating\n**Impact**: checkout slow for EU users\n\n- 10:00 - declared';

describe('Chat status updates', () => {
  it('a Slack message is text plus a header and mrkdwn sections, within Block Kit limits', () => {
    const message = slackMessage('Checkout latency', update);
    assert.deepStrictEqual(checkSlackMessage(message), []);
    assert.deepStrictEqual(message.blocks[0], { type: 'header', text: { type: 'plain_text', text: 'Checkout latency', emoji: false } });
    assert.strictEqual(message.blocks[1].type, 'section');
    assert.match(JSON.stringify(message.blocks[1]), /\*Status\*: Investigating/);
  });

  it("a long update is split into sections of at most 3,000 characters and the blocks stay within 50", () => {
    const long = Array.from({ length: 4000 }, (_, i) => `line ${i} ${'x'.repeat(40)}`).join('\n');
    const message = slackMessage('Long one', long);
    assert.deepStrictEqual(checkSlackMessage(message), []);
    assert.strictEqual(message.blocks.length, 50);
    assert.match(JSON.stringify(message.blocks[49]), /more part\(s\) left out/);
    assert.ok(splitText('y'.repeat(7000), SLACK_SECTION_MAX).every((p) => p.length <= SLACK_SECTION_MAX));
  });

  it("a title with Slack markup can ping nobody and link nowhere", () => {
    const hostile = '<!channel> <@U024BE7LH> <https://evil.example|click> & *bold*';
    assert.strictEqual(escapeSlack(hostile), '&lt;!channel&gt; &lt;@U024BE7LH&gt; &lt;https://evil.example|click&gt; &amp; *bold*');
    const message = slackMessage(hostile, `Title: ${hostile}`);
    const serialized = JSON.stringify(message);
    assert.ok(!serialized.includes('<!channel>'));
    assert.ok(!serialized.includes('<https://evil'));
    assert.deepStrictEqual(message.blocks[0], { type: 'header', text: { type: 'plain_text', text: escapeSlack(hostile), emoji: false } });
  });

  it('a Teams message is an Adaptive Card in a message attachment', () => {
    const message = teamsMessage('Checkout latency', update);
    assert.deepStrictEqual(checkTeamsMessage(message), []);
    assert.strictEqual(message.attachments[0].contentType, 'application/vnd.microsoft.card.adaptive');
    assert.strictEqual(message.attachments[0].content.version, '1.4');
    assert.match(message.attachments[0].content.body[1].text, /\*\*Status\*\*: Investigating\n\n\*\*Impact\*\*/);
  });

  it('a title with card markup is shown as written: emphasis, links and date functions are inert', () => {
    const hostile = '**[click](https://evil.example)** {{DATE(2026-12-01T10:00:00Z)}} <at>everyone</at>';
    const escaped = escapeCardText(hostile);
    assert.strictEqual(escaped, '\\*\\*\\[click\\]\\(https://evil\\.example\\)\\*\\* {\u200B{DATE\\(2026\\-12\\-01T10:00:00Z\\)}} \\<at\\>everyone\\</at\\>');
    const body = teamsMessage(hostile, `Title: ${hostile}`).attachments[0].content.body;
    assert.strictEqual(body[0].text, escaped);
    assert.ok(!body[1].text.includes('{{'));
    assert.ok(!/(^|[^\\])<at>/.test(body[1].text));
  });

  // Titles and bodies at the edges: long, all markup, empty, multi-byte. Every message must fit its published limits.
  const titles = ['Checkout latency', '', '   ', '&'.repeat(400), '<'.repeat(149) + 'x', '🔥'.repeat(300), 'x'.repeat(10_000), '<!here> *x* _y_ ~z~ `c` <@U1> <#C1> {{TIME(2026-01-01T00:00:00Z)}} [a](b) **b**'];
  const bodies = ['', '   \n  ', update, '&'.repeat(7000), `${'x'.repeat(2999)}&amp;`, Array.from({ length: 3000 }, (_, i) => `line ${i} & <${'y'.repeat(40)}>`).join('\n'), '🔥'.repeat(20_000), '**'.repeat(2000)];

  it('every Slack message the builder makes fits Block Kit, whatever the title and body', () => {
    for (const title of titles) {
      for (const body of bodies) {
        const message = slackMessage(title, body);
        assert.deepStrictEqual(checkSlackMessage(message), [], `${JSON.stringify(title.slice(0, 20))} / ${JSON.stringify(body.slice(0, 20))}`);
        // No piece ends in half an entity, which Slack would show as written.
        for (const text of [message.text, ...message.blocks.map((b) => ('text' in b ? b.text.text : ''))]) assert.ok(!/&[a-z]{0,3}(…)?$/.test(text), `cut inside an entity: …${text.slice(-12)}`);
      }
    }
  });

  it('an empty title and body still make a message with text (Slack refuses an empty one)', () => {
    const message = slackMessage('  ', '');
    assert.strictEqual(message.text, 'Status update');
    assert.deepStrictEqual(message.blocks, [{ type: 'header', text: { type: 'plain_text', text: 'Status update', emoji: false } }]);
  });

  it('a header of 150 characters cut from an escaped title keeps its entities whole', () => {
    const header = slackMessage('&'.repeat(400), 'b').blocks[0];
    assert.ok('text' in header);
    assert.ok([...header.text.text].length <= SLACK_HEADER_MAX);
    assert.match(header.text.text, /^(&amp;)+…$/);
    assert.strictEqual(cutEscaped('&lt;&lt;&lt;', 6), '&lt;…');
    assert.ok(splitText('&amp;'.repeat(1000), SLACK_SECTION_MAX).every((p) => /^(&amp;)+$/.test(p)));
  });

  it('emoji goes only with plain_text and verbatim only with mrkdwn, as the text object allows', () => {
    const message = slackMessage('t', 'b');
    const withEmoji = { ...message, blocks: [message.blocks[0], { type: 'section', text: { type: 'mrkdwn', text: 'b', emoji: true } }] };
    assert.strictEqual(checkSlackMessage(withEmoji).length, 1);
    assert.match(checkSlackMessage(withEmoji)[0], /blocks\[1\]: matches none/);
    assert.deepStrictEqual(checkSlackMessage({ ...message, blocks: [message.blocks[0], { type: 'section', text: { type: 'mrkdwn', text: 'b', verbatim: true } }] }), []);
  });

  it('every Teams message the builder makes fits the card schema and about 28 KB, whatever the title and body', () => {
    for (const title of titles) {
      for (const body of bodies) {
        const message = teamsMessage(title, body);
        assert.deepStrictEqual(checkTeamsMessage(message), [], `${JSON.stringify(title.slice(0, 20))} / ${JSON.stringify(body.slice(0, 20))}`);
      }
    }
  });

  it('a long update to Teams is cut to fit, and says so; an empty one is the heading alone', () => {
    const long = teamsMessage('Long one', bodies[5]);
    const blocks = long.attachments[0].content.body;
    assert.ok(jsonBytes(long) <= TEAMS_MESSAGE_MAX_BYTES && jsonBytes(long) > TEAMS_MESSAGE_MAX_BYTES - 200, String(jsonBytes(long)));
    assert.match(blocks[1].text, /…$/);
    assert.match(blocks[2].text, /left out: Teams takes about 28 KB/);
    assert.deepStrictEqual(teamsMessage('Quiet', ' \n ').attachments[0].content.body.map((b) => b.text), ['Quiet']);
  });

  it('the schemas catch a broken message', () => {
    assert.deepStrictEqual(checkSlackMessage({ blocks: [] }), ['text: required']);
    const teams = teamsMessage('t', 'b');
    assert.ok(checkTeamsMessage({ ...teams, type: 'card' }).includes('type: must be one of message'));
    assert.ok(checkTeamsMessage({ ...teams, attachments: [] }).includes('attachments: at least 1 items'));
    const card = teams.attachments[0].content;
    const withBody = (body: unknown[]): unknown => ({ ...teams, attachments: [{ ...teams.attachments[0], content: { ...card, body } }] });
    assert.deepStrictEqual(checkTeamsMessage(withBody([{ type: 'TextBlock', text: '' }])), ['attachments[0].content.body[0].text: at least 1 characters']);
    assert.deepStrictEqual(checkTeamsMessage(withBody([{ type: 'TextBlock', text: 'x', weight: 'Heavy' }])), ['attachments[0].content.body[0].weight: must be one of Default, Lighter, Bolder']);
    assert.deepStrictEqual(checkTeamsMessage({ ...teams, attachments: [{ ...teams.attachments[0], content: { ...card, version: '2.0' } }] }), ['attachments[0].content.version: does not match ^1\\.[0-6]$']);
    assert.deepStrictEqual(checkTeamsMessage(withBody([{ type: 'TextBlock', text: 'x'.repeat(30_000) }])).map((p) => p.replace(/\d+\)$/, 'n)')), [`(body): at most ${TEAMS_MESSAGE_MAX_BYTES} bytes (has n)`]);
  });
});
