// The admin API seen from the floor (part "admin"): a capacity change and a new agent made
// through /api/admin/ show on the supervisor's live board at once, without a restart or a
// reload of the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { sharedSession, shot, demoAgents, DEMO_CONFIG, ROOT } from './harness.mjs';

const T = 15000;
const s = sharedSession();

// `fenliu mint-token --role admin`, as a shop's operator would get one.
function adminToken() {
  const bin = process.env.FENLIU_BIN ? path.resolve(process.env.FENLIU_BIN)
    : path.join(ROOT, 'build/app/fenliu');
  return execFileSync(bin, ['mint-token', '--role', 'admin', '--sub', 'browser-admin',
    '--config', DEMO_CONFIG], { encoding: 'utf8' }).trim();
}

async function admin(method, route, body) {
  const r = await fetch(`${s.server.base}/api/admin/${route}`, {
    method,
    headers: { Authorization: `Bearer ${adminToken()}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: await r.json() };
}

test('a capacity change and a new agent show on the supervisor board without a restart', async () => {
  const sup = demoAgents().find((a) => a.supervisor);
  const agent = demoAgents().find((a) => !a.supervisor && a.stages.length > 0);
  assert.ok(sup && agent);
  const page = await s.openPage(`/workbench.html?token=${s.tokens.supervisors[sup.id]}`, 'board');
  await page.locator('#tabs').waitFor({ state: 'visible', timeout: T });
  await page.click('#tabs .tab[data-tab="board"]');
  const row = page.locator('#agent-table tr', { hasText: agent.id });
  await row.waitFor({ timeout: T });

  const before = await admin('GET', `agents/${agent.id}`);
  assert.equal(before.status, 200);
  const capacity = before.body.capacity + 2;
  const patched = await admin('PATCH', `agents/${agent.id}`, { capacity });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  await row.locator('td', { hasText: new RegExp(`/ ${capacity}$`) }).waitFor({ timeout: T });

  const added = await admin('POST', 'agents', {
    id: 'new-hire', name: '新同事 New hire', stages: ['pre_sales'], capacity: 4, always_on: true,
  });
  assert.equal(added.status, 201, JSON.stringify(added.body));
  const hire = page.locator('#agent-table tr', { hasText: 'new-hire' });
  await hire.waitFor({ timeout: T });
  await hire.locator('td', { hasText: /\/ 4$/ }).waitFor({ timeout: T });
  assert.match(await hire.innerText(), /新同事 New hire/);
  await shot(page, 'admin-board');

  const audit = await admin('GET', 'audit?limit=2');
  assert.deepEqual(audit.body.entries.map((e) => [e.action, e.target, e.actor]),
    [['create', 'agents/new-hire', 'browser-admin'],
      ['update', `agents/${agent.id}`, 'browser-admin']]);
  assert.deepEqual(s.errors, []);
  await page.close();
});
