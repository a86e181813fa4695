import * as assert from 'assert';
import * as http from 'http';
import type { AddressInfo } from 'net';
import { postJson, retryAfterMs, slackWebhookProblem, teamsWebhookProblem } from '../../../src/node/outbound';

type Answer = { status: number; body?: string; headers?: Record<string, string>; hang?: boolean };

async function serve(answer: (body: string) => Answer): Promise<{ url: string; bodies: string[]; close(): Promise<void> }> {
  const bodies: string[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      bodies.push(body);
      const a = answer(body);
      if (a.hang) return;
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      res.end(a.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/services/T0/B0/SeCrEtPaRt`, bodies, close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }) };
}

describe('node/outbound: the HTTP send', () => {
  it('a 2xx is sent, with the JSON body as given', async () => {
    const server = await serve(() => ({ status: 202, body: '{"status":"success"}' }));
    try {
      assert.deepStrictEqual(await postJson(server.url, { a: 1 }), { kind: 'sent', status: 202 });
      assert.deepStrictEqual(server.bodies, ['{"a":1}']);
    } finally {
      await server.close();
    }
  });

  it("a refusal carries the service's message and Retry-After, and never the URL's secret part", async () => {
    const server = await serve(() => ({ status: 400, body: '{"message":"Event object is invalid","errors":["bad /services/T0/B0/SeCrEtPaRt"]}', headers: { 'retry-after': '7' } }));
    try {
      const outcome = await postJson(server.url, {});
      assert.deepStrictEqual(outcome, { kind: 'http', status: 400, message: 'Event object is invalid: bad [webhook path]', retryAfterMs: 7000 });
    } finally {
      await server.close();
    }
  });

  it('a refused connection, a timeout and a cancel are network outcomes', async () => {
    const server = await serve(() => ({ status: 200, hang: true }));
    const url = server.url;
    try {
      const timedOut = await postJson(url, {}, { timeoutMs: 200 });
      assert.deepStrictEqual(timedOut.kind, 'network');
      assert.match(timedOut.kind === 'network' ? timedOut.message : '', /no answer within/);
      const controller = new AbortController();
      const cancelled = postJson(url, {}, { signal: controller.signal });
      setTimeout(() => controller.abort(), 50);
      assert.deepStrictEqual(await cancelled, { kind: 'network', message: 'cancelled' });
    } finally {
      await server.close();
    }
    const refused = await postJson(url, {});
    assert.strictEqual(refused.kind, 'network');
    assert.ok(refused.kind === 'network' && !refused.message.includes('SeCrEtPaRt'), refused.kind === 'network' ? refused.message : '');
  });

  it('Retry-After as seconds or an HTTP date', () => {
    assert.strictEqual(retryAfterMs('120'), 120_000);
    assert.strictEqual(retryAfterMs('Tue, 01 Dec 2026 10:00:30 GMT', Date.parse('2026-12-01T10:00:00Z')), 30_000);
    assert.strictEqual(retryAfterMs('soon'), undefined);
    assert.strictEqual(retryAfterMs(null), undefined);
  });
});

describe('node/outbound: webhook URLs a person pastes', () => {
  const slack = 'https://hooks.slack.com';
  const teams = ['https://*.logic.azure.com', 'https://*.api.powerplatform.com'];
  it('a Slack incoming webhook is accepted; anything else is refused with what to paste', () => {
    assert.strictEqual(slackWebhookProblem('https://hooks.slack.com/services/T0123ABC/B0456DEF/abcDEF123456', slack), undefined);
    assert.match(slackWebhookProblem('hooks.slack.com/services/x', slack) ?? '', /not a URL/);
    assert.match(slackWebhookProblem('https://hooks.slack.com.evil.example/services/T0/B0/x', slack) ?? '', /starts with https:\/\/hooks\.slack\.com\/services\//);
    assert.match(slackWebhookProblem('http://hooks.slack.com/services/T0/B0/x', slack) ?? '', /starts with/);
    assert.match(slackWebhookProblem('https://hooks.slack.com/services/T0/B0', slack) ?? '', /three parts/);
    assert.match(slackWebhookProblem('https://hooks.slack.com/services/T0/B0/x?redirect=https://evil', slack) ?? '', /no user, query/);
    assert.match(slackWebhookProblem('https://user:pw@hooks.slack.com/services/T0/B0/x', slack) ?? '', /no user, query/);
  });

  it('a Teams Workflows webhook is accepted; a retired connector URL or another host is refused', () => {
    const good = 'https://prod-12.westeurope.logic.azure.com:443/workflows/0a1b2c/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=AbC123';
    assert.strictEqual(teamsWebhookProblem(good, teams), undefined);
    assert.strictEqual(teamsWebhookProblem('https://default0a.1b.environment.api.powerplatform.com:443/powerautomate/automations/direct/workflows/9f/triggers/manual/paths/invoke?api-version=1&sig=x', teams), undefined);
    assert.match(teamsWebhookProblem('https://contoso.webhook.office.com/webhookb2/abc/IncomingWebhook/def/ghi', teams) ?? '', /retired/);
    assert.match(teamsWebhookProblem('https://logic.azure.com.evil.example/workflows/1/triggers/m?sig=x', teams) ?? '', /is on https:\/\/\*\.logic\.azure\.com/);
    assert.match(teamsWebhookProblem(good.replace('&sig=AbC123', ''), teams) ?? '', /sig=/);
  });
});
