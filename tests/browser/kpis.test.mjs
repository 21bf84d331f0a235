// The KPI view (part "kpis") in a real browser: a buyer's chat answered by an agent, then the
// supervisor's 数据指标 KPIs tab draws the daily trend and the per-agent comparison with
// ECharts (SVG) and fills the per-agent table from GET /api/kpis; "—" where there is no data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedSession, shot, demoAgents } from './harness.mjs';

const T = 15000;
const session = sharedSession();
const { openPage, errors } = session;

test('KPI view: trend and agent charts rendered, the table has the served chat', async () => {
  const agent = demoAgents().find((a) => a.alwaysOn && !a.supervisor && a.stages.includes('pre_sales'));
  const supervisor = demoAgents().find((a) => a.supervisor);
  const wb = await openPage(`/workbench.html?token=${session.tokens.agents[agent.id]}`, 'kpi-agent');
  await wb.locator('#status', { hasText: 'connected' }).waitFor({ timeout: T });
  const buyer = Object.keys(session.tokens.customers)[0];
  const widget = await openPage(`/widget.html?token=${session.tokens.customers[buyer]}&page=product`,
    'kpi-widget');
  await widget.locator('#menu').waitFor({ state: 'visible', timeout: T });
  await widget.fill('#text', '这个有现货吗？');
  await widget.click('#menu button[data-stage="1"]');
  await wb.locator('#chat-scroll .msg-customer', { hasText: '这个有现货吗' }).waitFor({ timeout: T });
  await wb.fill('#chat-text', '有的，今天下单明天发货');
  await wb.press('#chat-text', 'Enter');
  await widget.locator('.msg-staff', { hasText: '今天下单' }).waitFor({ timeout: T });

  const sup = await openPage(`/workbench.html?token=${session.tokens.supervisors[supervisor.id]}`,
    'kpi-supervisor');
  await sup.locator('#status', { hasText: 'connected' }).waitFor({ timeout: T });
  const tab = sup.locator('.tab[data-tab="kpis"]');
  assert.equal((await tab.textContent()).trim(), '数据指标 KPIs');
  await tab.click();
  const row = sup.locator(`#kpi-table tbody tr[data-agent="${agent.id}"]`);
  await row.waitFor({ timeout: T });
  const cells = await row.locator('td').allTextContents();
  assert.equal(cells[1], '1', 'one chat for the agent');
  assert.match(cells[2], /^\d+:\d\d$/, 'a first-reply time');
  assert.equal(cells[8], '—', 'nobody rated: no satisfied share');
  assert.equal(cells[cells.length - 1], '—', 'no QA review: no QA average');
  const headers = await sup.locator('#kpi-table thead th').allTextContents();
  assert.equal(headers[0], '客服 Agent');
  assert.ok(headers.includes('好评率 Satisfied') && headers.includes('差评率 Unsatisfied'));

  // Both charts are ECharts SVGs with their series drawn: 4 on the trend (7 shop days), 3 per agent.
  for (const [id, series] of [['#kpi-trend', '4'], ['#kpi-agents', '3']]) {
    const chart = sup.locator(id);
    await chart.locator('svg').first().waitFor({ timeout: T });
    assert.equal(await chart.getAttribute('data-series'), series, `${id} series`);
    assert.ok(await chart.locator('svg path').count() > 0, `${id} draws paths`);
  }
  assert.equal(await sup.locator('#kpi-trend').getAttribute('data-points'), '7');
  const legend = await sup.locator('#kpi-trend svg text').allTextContents();
  assert.ok(legend.some((s) => s.includes('会话量 Chats')), 'the trend legend names its series');
  assert.ok(legend.some((s) => s.includes('服务水平 % Service level %')));
  const status = await sup.locator('#kpi-status').textContent();
  assert.match(status, /会话 chats 1/);
  const body = await sup.evaluate(() => document.body.innerText);
  assert.doesNotMatch(body, /\bnull\b|\bundefined\b|\bNaN\b/);
  await shot(sup, 'kpi-view');
  assert.deepEqual(errors, []);
});
