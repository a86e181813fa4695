// The demo workspace `npm start` prepares, and the demo service beside it, which must not outlive `npm start`.
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DEMO_STATE_FILE } from '../../../src/core/demo/protocol';
import { prepareDemoWorkspace, useDemoService } from '../../harness/demoWorkspace';

const DEMO_MODULE = path.resolve(__dirname, '..', '..', 'harness', 'demoWorkspace.js');

describe('demo workspace', function () {
  this.timeout(20_000);
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-workspace-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fills [domain] with the service’s host:port and keeps the other settings and their comments', () => {
    fs.mkdirSync(path.join(dir, '.vscode'));
    const settings = path.join(dir, '.vscode', 'settings.json');
    fs.writeFileSync(settings, '{\n  // ours\n  "incidentRunbook.variables": { "service": "orders", "domain": "old:1" },\n  "editor.tabSize": 4\n}\n');
    useDemoService(dir, 'http://127.0.0.1:43117');
    const text = fs.readFileSync(settings, 'utf8');
    assert.match(text, /\/\/ ours/);
    assert.match(text, /"service": "orders"/);
    assert.match(text, /"domain": "127\.0\.0\.1:43117"/);
    assert.match(text, /"editor\.tabSize": 4/);
  });

  it('refuses settings it cannot read, and leaves them as they are', () => {
    fs.mkdirSync(path.join(dir, '.vscode'));
    const settings = path.join(dir, '.vscode', 'settings.json');
    fs.writeFileSync(settings, '{ "a": ');
    assert.throws(() => useDemoService(dir, 'http://127.0.0.1:43117'), /does not read as JSON .*fix it, or delete it/);
    assert.strictEqual(fs.readFileSync(settings, 'utf8'), '{ "a": ');
  });

  it('keeps a person’s edits to the runbook and the README; drops an untouched copy of the bundled runbook of earlier demos', () => {
    fs.mkdirSync(path.join(dir, 'runbooks'));
    fs.writeFileSync(path.join(dir, 'runbooks', 'web-service.md'), '# mine\n');
    fs.writeFileSync(path.join(dir, 'README.md'), '# my notes\n');
    fs.copyFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'runbooks', 'default-runbook.md'), path.join(dir, 'runbooks', 'default-runbook.md'));
    prepareDemoWorkspace(dir);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'runbooks', 'web-service.md'), 'utf8'), '# mine\n');
    assert.strictEqual(fs.readFileSync(path.join(dir, 'README.md'), 'utf8'), '# my notes\n');
    assert.deepStrictEqual(fs.readdirSync(path.join(dir, 'runbooks')), ['web-service.md']);
  });

  it('the service stops by itself when the process that started it is SIGKILLed', async function () {
    if (process.platform === 'win32') this.skip(); // no SIGKILL to send there
    const parent = spawn(process.execPath, ['-e', `require(${JSON.stringify(DEMO_MODULE)}).startDemoServiceProcess(${JSON.stringify(dir)}).then((o) => console.log(o))`], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const origin = await new Promise<string>((resolve, reject) => {
      parent.stdout.setEncoding('utf8').once('data', (line: string) => resolve(line.trim()));
      parent.once('exit', (code) => reject(new Error(`the parent exited (${String(code)}) before the service listened`)));
    });
    assert.strictEqual((await fetch(`${origin}/api/health`)).status, 200);
    parent.kill('SIGKILL');
    // The service removes its state file as it stops; without the IPC watch it would answer on and on.
    const stateFile = path.join(dir, DEMO_STATE_FILE);
    while (fs.existsSync(stateFile)) await new Promise((resolve) => setTimeout(resolve, 50));
    await assert.rejects(fetch(`${origin}/api/health`), 'nothing answers once it stopped');
  });
});
