import * as assert from 'assert';
import { checkSlackMessage, checkTeamsMessage, escapeCardText, escapeSlack, slackMessage, splitText, SLACK_SECTION_MAX, teamsMessage } from '../../../../src/core/outbound/chat';

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

  it('the schemas catch a broken message', () => {
    assert.deepStrictEqual(checkSlackMessage({ blocks: [] }), ['text: required']);
    const teams = teamsMessage('t', 'b');
    assert.ok(checkTeamsMessage({ ...teams, type: 'card' }).includes('type: must be one of message'));
    assert.ok(checkTeamsMessage({ ...teams, attachments: [] }).includes('attachments: at least 1 items'));
  });
});
