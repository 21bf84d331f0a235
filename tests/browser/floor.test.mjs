// The floor in the browser: the board pushes a new chat by itself, a click monitors it and
// explains the routing in words, a supervisor sets an agent's state; a risky message raises a
// stored alert that a reload still lists until someone handles it; QA's sample shows the
// risk-flagged chat with its reason.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoAgents, sharedSession, shot } from './harness.mjs';

const T = 15000;
const session = sharedSession();

function alwaysOnAgent(stage) {
  const a = demoAgents().find((x) => x.alwaysOn && !x.supervisor && x.stages.includes(stage));
  assert.ok(a, `no always_on agent for ${stage}`);
  return a;
}

async function noRawText(page, name) {
  const body = await page.evaluate(() => document.body.innerText);
  assert.doesNotMatch(body, /\bnull\b|\bundefined\b|\bNaN\b/, `${name} shows null/undefined`);
  assert.doesNotMatch(body, /least_load|declined_or_missed|not_chosen|at_capacity|complaint_risk/,
    `${name} shows an internal rule name`);
}

test('live board, monitor with reasons, state switch, stored alerts, risk-flagged QA sample', async () => {
  const { tokens } = session;
  const agent = alwaysOnAgent('pre_sales');
  const sup = demoAgents().find((a) => a.supervisor);
  const wb = await session.openPage(`/workbench.html?token=${tokens.agents[agent.id]}`, 'agent');
  await wb.locator('#status', { hasText: '已连接 Connected' }).waitFor({ timeout: T });
  const board = await session.openPage(`/workbench.html?token=${tokens.supervisors[sup.id]}`, 'board');
  await board.locator('#tabs').waitFor({ state: 'visible', timeout: T });
  await board.click('#tabs .tab[data-tab="board"]');
  await board.locator('#agent-table tr', { hasText: agent.id }).waitFor({ timeout: T });
  await board.selectOption('#state', '3');  // busy: the supervisor (who serves every stage) takes no chats

  // A buyer starts a chat: the board shows it without a reload (pushed, coalesced).
  const widget = await session.openPage(`/widget.html?token=${tokens.customers['c-1002']}&page=product`,
    'widget');
  await widget.locator('#menu').waitFor({ state: 'visible', timeout: T });
  await widget.fill('#text', '这件有现货吗？ In stock?');
  await widget.click('#menu button[data-stage="1"]');
  const live = board.locator('#live-table tbody tr', { hasText: 'c-1002' });
  await board.locator('#live-table tbody tr', { hasText: agent.id }).waitFor({ timeout: T });
  await live.waitFor({ timeout: T });
  await board.locator('#stage-table tbody tr', { hasText: '售前' }).locator('td', { hasText: '%' })
    .waitFor({ timeout: T });
  const agentRow = board.locator('#agent-table tr', { hasText: agent.id });
  await agentRow.locator('button.link').first().waitFor({ timeout: T });

  // Click it: the monitor opens; why this agent, in words.
  await live.locator('button.link').click();
  await board.locator('#mon-view').waitFor({ state: 'visible', timeout: T });
  await board.click('#mon-why');
  await board.locator('#mon-decisions li', { hasText: '分配给' }).waitFor({ timeout: T });

  // A risky message: a stored complaint-risk alert on the board.
  await wb.locator('#conv-list .conv', { hasText: 'c-1002' }).click({ timeout: T });
  await widget.fill('#text', '东西是坏的，再不处理我就给差评，投诉到12315！');
  await widget.click('#send');
  const alert = board.locator('#alerts li.alert-complaint_risk');
  await alert.waitFor({ timeout: T });
  await noRawText(board, 'board');
  await shot(board, 'floor-board');

  // A reload still lists it (stored), until someone handles it.
  await board.reload();
  await board.click('#tabs .tab[data-tab="board"]');
  await alert.waitFor({ timeout: T });
  await alert.locator('button.ack').click();
  await board.locator('#alerts li.alert-complaint_risk').waitFor({ state: 'detached', timeout: T });
  await board.check('#alerts-handled');
  await board.locator('#alerts li.handled', { hasText: sup.id }).waitFor({ timeout: T });
  await board.reload();
  await board.click('#tabs .tab[data-tab="board"]');
  await board.locator('#agent-table tr', { hasText: agent.id }).waitFor({ timeout: T });
  assert.equal(await board.locator('#alerts li.alert-complaint_risk').count(), 0,
    'a handled alert is not listed again after a reload');

  // The supervisor sets the agent away from the board; the agent's own page follows.
  await board.locator('#agent-table tr', { hasText: agent.id }).locator('select')
    .selectOption({ label: '离开 away' });
  await board.locator('#agent-table tr', { hasText: agent.id }).locator('td.agent-state', { hasText: '离开 away' })
    .waitFor({ timeout: T });

  // The conversation the risk moved ends; QA's sample has it, flagged, with its reason.
  const qa = await session.openPage(`/workbench.html?token=${tokens.qa['qa.chen']}`, 'qa');
  await qa.locator('#me-name', { hasText: 'qa.chen' }).waitFor({ timeout: T });
  const care = demoAgents().find((a) => a.stages.includes('after_sales') && a.alwaysOn && !a.supervisor);
  // The risk moved the chat to after-sales' complaint handler, who accepts the offer (manual
  // accept in the demo shop) and closes it.
  const handler = await session.openPage(`/workbench.html?token=${tokens.agents[care.id]}`, 'care');
  await handler.locator('#offers .offer', { hasText: 'c-1002' }).locator('button.accept')
    .click({ timeout: T });
  const closer = handler;
  await closer.locator('#conv-list .conv', { hasText: 'c-1002' }).click({ timeout: T });
  await closer.click('#close-conv');
  const flagged = qa.locator('#qa-list .conv', { hasText: 'c-1002' });
  // Closed once its wrap-up ends (demo 15 s); the server then pushes QA the new sample.
  await flagged.locator('.tag', { hasText: '投诉风险' }).waitFor({ timeout: 40000 });
  await flagged.click();
  await qa.locator('#qa-items input').first().waitFor({ timeout: T });
  assert.equal(await qa.locator('#qa-items input').count(), 4, 'the checklist comes from the server');
  await noRawText(qa, 'qa');
  await shot(qa, 'floor-qa');
  assert.deepEqual(session.errors.filter((e) => !/Failed to load resource/.test(e)), []);
});
