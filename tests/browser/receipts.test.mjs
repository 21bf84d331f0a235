// Read receipts, recall, the character counter and kept drafts, the whisper style, no "null" /
// "undefined" on the pages, an invalid token back to sign-in, Chinese-first strings, and the
// typing indicator after a sent message (part "receipts").
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startServer, startBrowser, demoAgents, watchErrors, variantConfig, OUT }
  from './harness.mjs';

const T = 15000;
const MAX = 40;  // limits.max_text_chars of this test's shop
let server;
let browser;
let tokens;
const errors = [];

before(async () => {
  mkdirSync(OUT, { recursive: true });
  // A small text limit, and a short disconnect grace (a reload within it keeps away; after it
  // the chat goes back to the queue).
  const config = variantConfig('max_text_chars = 4000', `max_text_chars = ${MAX}`);
  const text = readFileSync(config, 'utf8');
  assert.ok(text.includes('disconnect_grace_s = 60'));
  writeFileSync(config, text.replace('disconnect_grace_s = 60', 'disconnect_grace_s = 3'));
  server = await startServer({ config });
  browser = await startBrowser();
  tokens = await (await fetch(`${server.base}/api/dev/tokens`)).json();
});

after(async () => {
  await browser?.stop();
  await server?.stop();
});

beforeEach(() => { errors.length = 0; });

function alwaysOnAgent(stage) {
  const a = demoAgents().find((x) => x.alwaysOn && !x.supervisor && x.stages.includes(stage));
  assert.ok(a, `no always_on agent for ${stage}`);
  return a;
}

async function openPage(url, name) {
  const page = await browser.context.newPage();
  watchErrors(page, name, errors);
  await page.goto(`${server.base}${url}`);
  return page;
}

async function noNullText(page, name) {
  const body = await page.evaluate(() => document.body.innerText);
  assert.doesNotMatch(body, /\bnull\b|\bundefined\b|\bNaN\b/, `${name} shows null/undefined`);
}

test('read receipts, recall, counter and draft, whisper style, typing after a send', async () => {
  const agent = alwaysOnAgent('pre_sales');
  const wb = await openPage(`/workbench.html?token=${tokens.agents[agent.id]}`, 'workbench');
  await wb.locator('#status', { hasText: '已连接 Connected' }).waitFor({ timeout: T });
  // Chinese first, English second.
  assert.match(await wb.textContent('#offers'), /暂无接入请求 No offers/);
  assert.match(await wb.textContent('#me'), /提示音 Sound/);
  assert.match(await wb.textContent('#me'), /桌面通知 Notifications/);

  const widget = await openPage(`/widget.html?token=${tokens.customers['c-1002']}&page=product`,
    'widget');
  await widget.locator('#menu').waitFor({ state: 'visible', timeout: T });
  const hello = '这件外套有黑色吗？ Black?';
  await widget.fill('#text', hello);
  await widget.click('#menu button[data-stage="1"]');
  await wb.locator('#conv-list .conv', { hasText: 'c-1002' }).click();
  await wb.locator('#chat-scroll .msg-customer', { hasText: hello }).waitFor({ timeout: T });

  // The agent has the chat on screen: the buyer's message turns 已读.
  await widget.locator('.msg-mine', { hasText: hello }).locator('.msg-read', { hasText: '已读 Read' })
    .waitFor({ timeout: T });

  // The agent's reply is 未读 until the buyer's page shows it (it is visible: at once 已读).
  const reply = '有的，黑色 L 码有货 Yes, black L in stock';
  await wb.fill('#chat-text', reply);
  await wb.press('#chat-text', 'Enter');
  await widget.locator('.msg-staff', { hasText: reply }).waitFor({ timeout: T });
  await wb.locator('.msg-mine', { hasText: reply }).locator('.msg-read', { hasText: '已读 Read' })
    .waitFor({ timeout: T });

  // Character counter against Welcome.max_text_chars; too long is refused here, draft kept.
  const long = '很长的消息 '.repeat(10);
  await wb.fill('#chat-text', long);
  assert.match(await wb.textContent('#chat-composer .char-count'), new RegExp(`/ ${MAX}`));
  await wb.press('#chat-text', 'Enter');
  await wb.locator('.compose-error', { hasText: '消息过长' }).waitFor({ timeout: T });
  assert.equal(await wb.inputValue('#chat-text'), long);
  await widget.fill('#text', long);
  await widget.click('#send');
  await widget.locator('.compose-error', { hasText: 'Message too long' }).waitFor({ timeout: T });
  assert.equal(await widget.inputValue('#text'), long);
  await widget.fill('#text', '');

  // Recall (撤回) from the workbench: the buyer's copy says 消息已撤回, the agent's keeps it.
  const oops = '内部价 88 元 wrong price';
  await wb.fill('#chat-text', oops);
  await wb.press('#chat-text', 'Enter');
  await widget.locator('.msg-staff', { hasText: oops }).waitFor({ timeout: T });
  await wb.locator('.msg-mine', { hasText: oops }).locator('.recall-btn').click();
  await widget.locator('.msg-staff.recalled', { hasText: '消息已撤回' }).waitFor({ timeout: T });
  assert.equal(await widget.locator('.msg', { hasText: '88' }).count(), 0);
  await wb.locator('.msg-mine.recalled', { hasText: oops }).waitFor({ timeout: T });
  // After a reload the buyer's history still hides it.
  await widget.reload();
  await widget.locator('.msg', { hasText: reply }).waitFor({ timeout: T });
  await widget.locator('.msg.recalled', { hasText: '消息已撤回' }).waitFor({ timeout: T });
  assert.equal(await widget.locator('.msg', { hasText: '88' }).count(), 0);

  // Typing: a message, then typing again within 3 s still shows the indicator.
  await widget.fill('#text', '还有一个问题 one more');
  await widget.click('#send');
  await wb.locator('#chat-scroll .msg-customer', { hasText: 'one more' }).waitFor({ timeout: T });
  await widget.type('#text', '尺码');
  await wb.locator('#chat-typing:not([hidden])').waitFor({ timeout: T });

  // A supervisor's whisper is styled staff-only with the 内部 Internal label.
  const sup = demoAgents().find((x) => x.supervisor);
  const boss = await openPage(`/workbench.html?token=${tokens.supervisors[sup.id]}`, 'supervisor');
  await boss.locator('#status', { hasText: 'Connected' }).waitFor({ timeout: T });
  await boss.click('.tab[data-tab="board"]');
  const convId = await wb.locator('#conv-list .conv', { hasText: 'c-1002' }).getAttribute('data-conv');
  await boss.fill('#mon-id', convId);
  await boss.click('#mon-pick button[type="submit"]');
  await boss.locator('#mon-whisper:not([disabled])').waitFor({ timeout: T });
  await boss.fill('#mon-text', '可以送优惠券 offer a coupon');
  await boss.click('#mon-whisper');
  const whisper = wb.locator('#chat-scroll .msg-whisper', { hasText: 'offer a coupon' });
  await whisper.waitFor({ timeout: T });
  assert.match(await whisper.locator('.tag.internal').textContent(), /内部 Internal/);
  assert.equal(await widget.locator('.msg', { hasText: 'offer a coupon' }).count(), 0);

  await shot(wb, 'receipts-workbench');
  await shot(widget, 'receipts-widget');
  for (const [p, n] of [[wb, 'workbench'], [widget, 'widget'], [boss, 'supervisor']]) {
    await noNullText(p, n);
  }
  await Promise.all([wb.close(), widget.close(), boss.close()]);
  assert.deepEqual(errors.filter((e) => !/Failed to load resource/.test(e)), []);
});

test('an invalid token returns to sign-in with a clear message', async () => {
  const wb = await openPage('/workbench.html?token=not-a-valid-token', 'bad-token');
  await wb.locator('#signin-error', { hasText: '请重新登录' }).waitFor({ timeout: T });
  assert.match(await wb.textContent('#signin-error'), /sign in again/);
  assert.equal(await wb.isVisible('#signin'), true);
  assert.doesNotMatch(await wb.textContent('#status'), /token valid/);
  await noNullText(wb, 'sign-in');
  await wb.close();
});

test('away survives a reload; a lost agent puts the widget back to 排队中 Waiting', async () => {
  const agent = alwaysOnAgent('pre_sales');
  const wb = await openPage(`/workbench.html?token=${tokens.agents[agent.id]}`, 'workbench');
  await wb.locator('#status', { hasText: 'Connected' }).waitFor({ timeout: T });
  await wb.selectOption('#state', '1');
  const widget = await openPage(`/widget.html?token=${tokens.customers['c-1003']}`, 'widget');
  await widget.locator('#menu').waitFor({ state: 'visible', timeout: T });
  await widget.fill('#text', '我的订单 my order');
  await widget.click('#menu button[data-stage="1"]');
  await wb.locator('#conv-list .conv', { hasText: 'c-1003' }).waitFor({ timeout: T });
  await widget.locator('#agent-line', { hasText: '为您服务' }).waitFor({ timeout: T });

  await wb.selectOption('#state', '2');  // 离开 away
  await wb.locator('#load').waitFor({ timeout: T });
  await new Promise((r) => { setTimeout(r, 300); });
  await wb.reload();
  await wb.locator('#status', { hasText: 'Connected' }).waitFor({ timeout: T });
  await wb.waitForFunction(() => document.querySelector('#state').value === '2', null, { timeout: T });

  await wb.close();  // gone for good: after the grace the chat is queued again
  await widget.locator('#agent-line', { hasText: '排队中' }).waitFor({ timeout: T });
  await widget.locator('.msg-notice', { hasText: 'back in the queue' }).waitFor({ timeout: T });
  await noNullText(widget, 'widget');
  await widget.close();
});

const shot = (page, name) => page.screenshot({ path: path.join(OUT, `${name}.png`) });
