// The demo's web service: a small HTTP server on 127.0.0.1 that behaves like the service the demo runbook is
// written for. It answers /api/health, /api/orders and /metrics (Prometheus text format), writes a log file as a
// real service would (a request line every few seconds, from simulated traffic), and can be broken in one of the
// runbook's known ways through its control endpoints, then restarted. Never loaded by the extension.
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import { DEMO_CONTROL_PATHS, DEMO_LOG_FILE, DEMO_STATE_FILE, isBreakMode, type BreakMode, type DemoServiceState } from '../../src/core/demo/protocol';

export interface DemoServiceOptions {
  /** The demo workspace: the log goes to its logs/service.log, the address to its .demo/service.json. */
  readonly workspace: string;
  /** 0 (the default): a free port. */
  readonly port?: number;
  /** Milliseconds between two simulated requests; 0 for none (the unit tests). */
  readonly trafficEveryMs?: number;
}

export interface DemoService {
  readonly origin: string;
  readonly mode: () => BreakMode | 'healthy';
  /** Stops listening and removes the state file; the log stays. */
  close(): Promise<void>;
}

/** How long a request waits in the "slow" mode: past the demo runbook's `curl -m 2`. */
const SLOW_MS = 3_000;
const DEFAULT_TRAFFIC_MS = 3_000;

interface Counters {
  requests: Map<string, number>;
  durationSecondsSum: number;
  errors: number;
}

export async function startDemoService(options: DemoServiceOptions): Promise<DemoService> {
  const logFile = path.join(options.workspace, DEMO_LOG_FILE);
  const stateFile = path.join(options.workspace, DEMO_STATE_FILE);
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  // The previous run's log is kept once, beside the new one.
  if (fs.existsSync(logFile)) fs.renameSync(logFile, `${logFile}.1`);
  const log = (level: 'INFO' | 'WARN' | 'ERROR', message: string): void => {
    const line = `${new Date().toISOString()} ${level} ${message}\n`;
    try {
      fs.appendFileSync(logFile, line);
    } catch {
      // Someone deleted logs/ to start afresh: a service writes its log again rather than crash.
      fs.mkdirSync(path.dirname(logFile), { recursive: true });
      fs.appendFileSync(logFile, line);
    }
  };

  let mode: BreakMode | 'healthy' = 'healthy';
  let startedAt = Date.now();
  let counters: Counters = { requests: new Map(), durationSecondsSum: 0, errors: 0 };

  const record = (route: string, status: number, ms: number): void => {
    const key = `path="${route}",status="${status}"`;
    counters.requests.set(key, (counters.requests.get(key) ?? 0) + 1);
    counters.durationSecondsSum += ms / 1000;
    if (status >= 500) counters.errors++;
  };

  /** One request to the service's own API, as the simulated traffic and the HTTP handler both serve it. */
  const serve = async (route: string): Promise<{ status: number; body: unknown }> => {
    const begun = Date.now();
    if (mode === 'slow') await new Promise((resolve) => setTimeout(resolve, SLOW_MS));
    let answer: { status: number; body: unknown };
    if (route === '/api/health') {
      answer =
        mode === 'unhealthy'
          ? { status: 503, body: { status: 'unavailable', checks: { database: 'timeout after 1000 ms', queue: 'ok' } } }
          : { status: 200, body: { status: 'ok', uptimeSeconds: Math.round((Date.now() - startedAt) / 1000), checks: { database: 'ok', queue: 'ok' } } };
    } else if (route === '/api/orders') {
      answer = mode === 'errors' || mode === 'unhealthy' ? { status: 500, body: { error: 'internal error' } } : { status: 200, body: { orders: [{ id: 1041, total: 42.5 }] } };
    } else {
      answer = { status: 404, body: { error: `no route ${route}` } };
    }
    const ms = Date.now() - begun;
    record(route, answer.status, ms);
    if (mode === 'errors' && route === '/api/orders') log('ERROR', 'orders: connection pool exhausted (10/10 in use), request failed');
    if (mode === 'unhealthy' && route === '/api/health') log('ERROR', 'health: database check timed out after 1000 ms');
    log(answer.status >= 500 ? 'WARN' : 'INFO', `GET ${route} ${answer.status} ${ms}ms`);
    return answer;
  };

  const metrics = (): string => {
    const lines = [
      '# HELP demo_requests_total Requests served, by path and status.',
      '# TYPE demo_requests_total counter',
      ...[...counters.requests].map(([labels, count]) => `demo_requests_total{${labels}} ${count}`),
      '# HELP demo_errors_total Requests answered with a 5xx status.',
      '# TYPE demo_errors_total counter',
      `demo_errors_total ${counters.errors}`,
      '# HELP demo_request_duration_seconds_sum Time spent serving requests.',
      '# TYPE demo_request_duration_seconds_sum counter',
      `demo_request_duration_seconds_sum ${counters.durationSecondsSum.toFixed(3)}`,
      '# HELP demo_uptime_seconds Seconds since the service (re)started.',
      '# TYPE demo_uptime_seconds gauge',
      `demo_uptime_seconds ${Math.round((Date.now() - startedAt) / 1000)}`,
    ];
    return lines.join('\n') + '\n';
  };

  const restart = (): void => {
    mode = 'healthy';
    startedAt = Date.now();
    counters = { requests: new Map(), durationSecondsSum: 0, errors: 0 };
    log('INFO', 'service restarted');
  };

  const server = http.createServer((request, response) => {
    const route = (request.url ?? '/').split('?')[0];
    const send = (status: number, body: unknown, type = 'application/json'): void => {
      response.writeHead(status, { 'content-type': type });
      response.end(typeof body === 'string' ? body : JSON.stringify(body, null, 2) + '\n');
    };
    if (request.method === 'POST' && (route === DEMO_CONTROL_PATHS.break || route === DEMO_CONTROL_PATHS.restart)) {
      readBody(request).then((text) => {
        if (route === DEMO_CONTROL_PATHS.restart) {
          restart();
          return send(200, { mode });
        }
        const asked = parseMode(text);
        if (!asked) return send(400, { error: 'send {"mode": "unhealthy" | "slow" | "errors"}' });
        mode = asked;
        send(200, { mode });
      }, (error: Error) => send(400, { error: error.message }));
      return;
    }
    if (request.method !== 'GET') return send(405, { error: `${request.method ?? ''} is not served` });
    if (route === '/metrics') return send(200, metrics(), 'text/plain; version=0.0.4');
    void serve(route).then((answer) => send(answer.status, answer.body));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the demo service has no TCP address');
  const origin = `http://127.0.0.1:${address.port}`;
  log('INFO', `service listening on ${origin}`);
  const state: DemoServiceState = { origin, pid: process.pid };
  fs.mkdirSync(path.dirname(stateFile), { recursive: true });
  fs.writeFileSync(stateFile, JSON.stringify(state, null, 2) + '\n');

  const trafficMs = options.trafficEveryMs ?? DEFAULT_TRAFFIC_MS;
  const routes = ['/api/orders', '/api/orders', '/api/health'];
  let tick = 0;
  const traffic = trafficMs > 0 ? setInterval(() => void serve(routes[tick++ % routes.length]), trafficMs) : undefined;

  let closing: Promise<void> | undefined;
  return {
    origin,
    mode: () => mode,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        if (traffic) clearInterval(traffic);
        fs.rmSync(stateFile, { force: true });
        server.closeAllConnections();
        server.close(() => resolve());
      })),
  };
}

function parseMode(text: string): BreakMode | undefined {
  try {
    const mode = (JSON.parse(text) as { mode?: unknown }).mode;
    return isBreakMode(mode) ? mode : undefined;
  } catch {
    return undefined;
  }
}

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > 10_000) reject(new Error('body too large'));
    });
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}
