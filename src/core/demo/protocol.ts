// What the demo web service (demo/service, started beside the demo workspace by `npm start`) and the extension's
// demo commands agree on: where the running service says it listens, and the ways it can be broken. Pure, so the
// service and the extension import the same names.

/** Workspace-relative: the running service writes its address here and removes the file when it stops. */
export const DEMO_STATE_FILE = '.demo/service.json';

/** Workspace-relative: the service's log, which the demo runbook's log step reads. */
export const DEMO_LOG_FILE = 'logs/service.log';

/** The control endpoints (POST, JSON body). They change the demo's behaviour only, never a file. */
export const DEMO_CONTROL_PATHS = { break: '/demo/break', restart: '/demo/restart' } as const;

/** The failures of the demo runbook's known incidents, one per mode. */
export type BreakMode = 'unhealthy' | 'slow' | 'errors';

export interface BreakModeInfo {
  readonly mode: BreakMode;
  readonly label: string;
  readonly detail: string;
}

export const BREAK_MODES: readonly BreakModeInfo[] = [
  { mode: 'unhealthy', label: 'Health check fails', detail: '/api/health answers 503 (INC-001 in the demo runbook)' },
  { mode: 'slow', label: 'Slow responses', detail: 'every request waits 3 s, past the health step’s 2 s timeout (INC-002)' },
  { mode: 'errors', label: 'Errors in the log', detail: 'orders fail with 500 and ERROR lines fill the log (INC-003)' },
];

export function isBreakMode(value: unknown): value is BreakMode {
  return BREAK_MODES.some((m) => m.mode === value);
}

export interface DemoServiceState {
  /** `http://127.0.0.1:<port>`: the service listens on the loopback interface only. */
  readonly origin: string;
  readonly pid: number;
}

/** The state file's content, or what is wrong with it (the extension then offers no demo command for it). */
export function parseDemoState(text: string): DemoServiceState | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: `${DEMO_STATE_FILE} is not JSON` };
  }
  const { origin, pid } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  // Only a loopback origin: a workspace file must not point the extension's requests at another host.
  if (typeof origin !== 'string' || !/^http:\/\/127\.0\.0\.1:\d{1,5}$/.test(origin)) {
    return { problem: `${DEMO_STATE_FILE} names no http://127.0.0.1:<port> origin` };
  }
  if (typeof pid !== 'number' || !Number.isInteger(pid)) return { problem: `${DEMO_STATE_FILE} names no pid` };
  return { origin, pid };
}
