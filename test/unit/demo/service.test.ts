import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEMO_CONTROL_PATHS, DEMO_LOG_FILE, DEMO_STATE_FILE, parseDemoState } from '../../../src/core/demo/protocol';
import { startDemoService, type DemoService } from '../../../demo/service/service';

describe('demo service', () => {
  let workspace: string;
  let service: DemoService;

  beforeEach(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-service-'));
    service = await startDemoService({ workspace, trafficEveryMs: 0 });
  });

  afterEach(async () => {
    await service.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  const get = async (route: string): Promise<{ status: number; text: string }> => {
    const response = await fetch(`${service.origin}${route}`);
    return { status: response.status, text: await response.text() };
  };
  const post = async (route: string, body: unknown): Promise<number> => (await fetch(`${service.origin}${route}`, { method: 'POST', body: JSON.stringify(body) })).status;
  const logText = (): string => fs.readFileSync(path.join(workspace, DEMO_LOG_FILE), 'utf8');

  it('listens on a free loopback port and says so in the workspace’s state file', () => {
    assert.match(service.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepStrictEqual(parseDemoState(fs.readFileSync(path.join(workspace, DEMO_STATE_FILE), 'utf8')), { origin: service.origin, pid: process.pid });
  });

  it('answers health, counts requests in /metrics and logs each request', async () => {
    const health = await get('/api/health');
    assert.strictEqual(health.status, 200);
    assert.strictEqual((JSON.parse(health.text) as { status: string }).status, 'ok');
    const metrics = await get('/metrics');
    assert.match(metrics.text, /^demo_requests_total\{path="\/api\/health",status="200"\} 1$/m);
    assert.match(metrics.text, /^demo_errors_total 0$/m);
    assert.match(logText(), /INFO GET \/api\/health 200 \d+ms/);
  });

  it('breaks as asked (health 503, errors in the log) and a restart makes it healthy again', async () => {
    assert.strictEqual(await post(DEMO_CONTROL_PATHS.break, { mode: 'unhealthy' }), 200);
    assert.strictEqual((await get('/api/health')).status, 503);
    assert.match((await get('/metrics')).text, /^demo_errors_total 1$/m);

    assert.strictEqual(await post(DEMO_CONTROL_PATHS.break, { mode: 'errors' }), 200);
    assert.strictEqual((await get('/api/orders')).status, 500);
    assert.match(logText(), /ERROR orders: connection pool exhausted/);

    assert.strictEqual(await post(DEMO_CONTROL_PATHS.restart, {}), 200);
    assert.strictEqual(service.mode(), 'healthy');
    assert.strictEqual((await get('/api/health')).status, 200);
    assert.match((await get('/metrics')).text, /^demo_errors_total 0$/m, 'a restart starts the counters again');
  });

  it('refuses an unknown mode and leaves the service as it was', async () => {
    assert.strictEqual(await post(DEMO_CONTROL_PATHS.break, { mode: 'on-fire' }), 400);
    assert.strictEqual(service.mode(), 'healthy');
  });

  it('writes its log again when logs/ was deleted, rather than crash', async () => {
    fs.rmSync(path.join(workspace, 'logs'), { recursive: true });
    assert.strictEqual((await get('/api/health')).status, 200);
    assert.match(logText(), /GET \/api\/health 200/);
  });

  it('removes its state file when it stops; the log stays', async () => {
    await service.close();
    assert.ok(!fs.existsSync(path.join(workspace, DEMO_STATE_FILE)));
    assert.ok(fs.existsSync(path.join(workspace, DEMO_LOG_FILE)));
  });
});
