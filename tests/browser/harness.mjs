// Test harness: the real fenliu binary on a free loopback port with a temporary data dir, and
// Debian's chromium driven by playwright-core (never a downloaded browser).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const OUT = path.join(ROOT, 'tests/browser/out');
const CONFIG = path.join(ROOT, 'config/demo-shop.toml');

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts fenliu; resolves once /readyz answers 200. A restart passes the old port and dir. */
export async function startServer({ port, dataDir, config = peopleFirst() } = {}) {
  // FENLIU_BIN is relative to the working directory; the default to the repository root.
  const bin = process.env.FENLIU_BIN ? path.resolve(process.env.FENLIU_BIN)
    : path.join(ROOT, 'build/app/fenliu');
  if (!existsSync(bin)) { throw new Error(`fenliu binary not found: ${bin} (set FENLIU_BIN)`); }
  port ??= await freePort();
  dataDir ??= mkdtempSync(path.join(tmpdir(), 'fenliu-browser-'));
  config = withOrigin(config, `http://127.0.0.1:${port}`);
  const proc = spawn(bin, ['--config', config, '--listen', `127.0.0.1:${port}`,
    '--data-dir', dataDir], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  proc.stdout.on('data', (d) => { log += d; });
  proc.stderr.on('data', (d) => { log += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 150; i++) {
    if (proc.exitCode !== null) { throw new Error(`fenliu exited ${proc.exitCode}:\n${log}`); }
    try {
      if ((await fetch(`${base}/readyz`)).ok) { break; }
    } catch { /* not listening yet */ }
    await sleep(100);
    if (i === 149) { throw new Error(`fenliu not ready on ${base}:\n${log}`); }
  }
  return {
    base, port, dataDir, log: () => log,
    /** Graceful stop (SIGTERM: clients get 1001); keepData leaves the store for a restart. */
    async stop({ keepData = false } = {}) {
      if (proc.exitCode === null) {
        proc.kill('SIGTERM');
        await new Promise((r) => { proc.once('exit', r); });
      }
      if (!keepData) { rmSync(dataDir, { recursive: true, force: true }); }
    },
  };
}

/** A copy of `config` that also allows `origin`: entries match the port exactly, and the tests
 *  listen on a random one. */
function withOrigin(config, origin) {
  const text = readFileSync(config, 'utf8');
  const key = 'allowed_origins = [';
  if (!text.includes(key)) { throw new Error(`${config} has no ${key}`); }
  const dir = mkdtempSync(path.join(tmpdir(), 'fenliu-config-'));
  const file = path.join(dir, 'shop.toml');
  writeFileSync(file, text.replace(key, `${key}${JSON.stringify(origin)}, `));
  return file;
}

/** The demo config itself: its FAQ bot answers pre-sales and in-sale chats first. */
export const DEMO_CONFIG = CONFIG;

// Most tests are about people and routing: their shop lets people answer first; the bot test
// runs the demo config as it is.
const BOT_FIRST = '[bot]\nmode = "bot_first"';
function peopleFirstText() {
  const demo = readFileSync(CONFIG, 'utf8');
  if (!demo.includes(BOT_FIRST)) { throw new Error(`demo config has no ${BOT_FIRST}`); }
  return demo.replace(BOT_FIRST, '[bot]\nmode = "human_first"');
}
function peopleFirst() {
  const dir = mkdtempSync(path.join(tmpdir(), 'fenliu-config-'));
  const file = path.join(dir, 'shop.toml');
  writeFileSync(file, peopleFirstText());
  return file;
}

/** A copy of the demo config (people first) with the text `from` replaced by `to`. */
export function variantConfig(from, to) {
  const demo = peopleFirstText();
  if (!demo.includes(from)) { throw new Error(`demo config has no ${JSON.stringify(from)}`); }
  const dir = mkdtempSync(path.join(tmpdir(), 'fenliu-config-'));
  const file = path.join(dir, 'shop.toml');
  writeFileSync(file, demo.replace(from, to));
  return file;
}

/** Launches chromium with a fresh profile; returns the persistent browser context. */
export async function startBrowser() {
  const profile = mkdtempSync(path.join(tmpdir(), 'fenliu-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async stop() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Agents of the demo config, read from its [[agents]] tables (id, stages, always_on, supervisor). */
export function demoAgents() {
  const text = readFileSync(CONFIG, 'utf8');
  return text.split(/^\[\[agents\]\]\s*$/m).slice(1).map((block) => {
    const body = block.split(/^\[(?!agents\.)[^\]]*\]\s*$/m)[0];
    const get = (key) => body.match(new RegExp(`^${key}\\s*=\\s*(.+?)\\s*(#.*)?$`, 'm'))?.[1];
    return {
      id: JSON.parse(get('id')),
      name: JSON.parse(get('name') ?? '""'),
      stages: JSON.parse(get('stages') ?? '[]'),
      alwaysOn: get('always_on') === 'true',
      supervisor: get('supervisor') === 'true',
    };
  });
}

/** Collects uncaught page errors and console errors so a test can assert there were none. */
export function watchErrors(page, name, sink) {
  page.on('pageerror', (e) => sink.push(`${name}: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') { sink.push(`${name} console: ${m.text()}`); } });
}

/** One server (the demo config, people first) and one browser shared by a test file's tests:
 *  started before them and stopped after. `openPage(url, name)` opens a page on that server
 *  whose uncaught errors and console errors land in `errors`; `tokens` are the demo tokens. */
export function sharedSession() {
  const session = { server: null, browser: null, tokens: null, errors: [] };
  before(async () => {
    mkdirSync(OUT, { recursive: true });
    session.server = await startServer();
    session.browser = await startBrowser();
    session.tokens = await (await fetch(`${session.server.base}/api/dev/tokens`)).json();
  });
  after(async () => {
    await session.browser?.stop();
    await session.server?.stop();
  });
  session.openPage = async (url, name) => {
    const page = await session.browser.context.newPage();
    watchErrors(page, name, session.errors);
    await page.goto(`${session.server.base}${url}`);
    return page;
  };
  return session;
}

/** A screenshot into tests/browser/out/<name>.png. */
export const shot = (page, name) => page.screenshot({ path: path.join(OUT, `${name}.png`) });
