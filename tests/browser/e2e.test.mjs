// End to end in a real browser: the customer widget and the agent workbench against the real
// fenliu server. Screenshots go to tests/browser/out/.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { startServer, startBrowser, demoAgents, watchErrors, variantConfig, DEMO_CONFIG, OUT }
  from './harness.mjs';

const T = 15000;  // per-step wait; the server answers in milliseconds
let server;
let browser;
let tokens;
const errors = [];

before(async () => {
  mkdirSync(OUT, { recursive: true });
  server = await startServer();
  browser = await startBrowser();
  const res = await fetch(`${server.base}/api/dev/tokens`);
  assert.equal(res.status, 200);
  tokens = await res.json();
});

after(async () => {
  await browser?.stop();
  await server?.stop();
});

function alwaysOnAgent(stage) {
  const a = demoAgents().find((x) => x.alwaysOn && !x.supervisor && x.stages.includes(stage));
  assert.ok(a, `no always_on agent for ${stage} in the demo config`);
  return a;
}

async function openPage(url, name) {
  const page = await browser.context.newPage();
  watchErrors(page, name, errors);
  await page.goto(`${server.base}${url}`);
  return page;
}

const shot = (page, name) => page.screenshot({ path: path.join(OUT, `${name}.png`) });

beforeEach(() => { errors.length = 0; });

test('wire codec (generated from fenliu.proto, web/dist/codec.js) in the browser: bytes, round trips, unknown fields', async () => {
  const page = await openPage('/index.html', 'codec');
  const r = await page.evaluate(async () => {
    const w = await import('/dist/codec.js');
    const hex = (b) => [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
    const env = { requestId: 9, body: { case: 'sendMessage', value: { conversationId: 2 ** 53 - 1,
      clientMsgId: 'c-1', content: { content: { case: 'text', value: '你好 héllo 👋' } },
      clientTimeMs: 1790000000123 } } };
    const back = w.decode(w.ClientEnvelopeSchema, w.encodeClient(env)).body.value;
    // ServerEnvelope: unknown varint field 99, unknown bytes field 100, then welcome with a
    // packed repeated open_conversations [5, 300] and identity "a".
    const frame = new Uint8Array([0x98, 0x06, 0x07, 0xa2, 0x06, 0x02, 0x01, 0x02,
      0x52, 0x08, 0x12, 0x01, 0x61, 0x3a, 0x03, 0x05, 0xac, 0x02]);
    const s = w.decodeServer(frame);
    return {
      resume: hex(w.encode(w.ResumeSchema, { conversationId: 300, lastSeq: 1 })),
      empty: hex(w.encodeClient({ requestId: 1, body: { case: 'subscribeBoard', value: {} } })),
      text: back.content.content.value, id: back.conversationId,
      time: back.clientTimeMs, kind: s.body.case,
      open: s.body.value.openConversations, identity: s.body.value.identity, role: s.body.value.role,
      negative: w.decode(w.PingSchema, w.encode(w.PingSchema, { clientTimeMs: -5 })).clientTimeMs,
    };
  });
  assert.equal(r.resume, '08ac021001');
  assert.equal(r.empty, '0801e20300');  // an empty sub-message still selects its oneof case
  assert.equal(r.text, '你好 héllo 👋');
  assert.equal(r.id, 2 ** 53 - 1);
  assert.equal(r.time, 1790000000123);
  assert.equal(r.kind, 'welcome');
  assert.deepEqual(r.open, [5, 300]);
  assert.equal(r.identity, 'a');
  assert.equal(r.role, 0);
  assert.equal(r.negative, -5);
  await page.close();
  assert.deepEqual(errors, []);
});

test('pre-sales: start, chat both ways in Chinese and English, close, rate', async () => {
  const agent = alwaysOnAgent('pre_sales');
  const wb = await openPage(`/workbench.html?token=${tokens.agents[agent.id]}`, 'workbench');
  await wb.locator('#status', { hasText: 'connected' }).waitFor({ timeout: T });
  await wb.locator('#me-name', { hasText: agent.id }).waitFor({ timeout: T });

  const widget = await openPage(`/widget.html?token=${tokens.customers['c-1001']}&page=product`,
    'widget');
  await widget.locator('#menu').waitFor({ state: 'visible', timeout: T });
  const hello = '你好，请问这件白色衬衫还有货吗？ Is the white shirt in stock?';
  await widget.fill('#text', hello);
  await widget.click('#menu button[data-stage="1"]');

  // The agent gets the conversation (auto-accept stage) with the customer's first message.
  const conv = wb.locator('#conv-list .conv', { hasText: 'c-1001' });
  await conv.waitFor({ timeout: T });
  await wb.locator('#chat-scroll .msg-customer', { hasText: hello }).waitFor({ timeout: T });
  await wb.locator('#profile', { hasText: 'o-1001' }).waitFor({ timeout: T });
  assert.match(await wb.textContent('#profile'), /VIP/);

  // The widget names the agent and shows its own first message as sent.
  await widget.locator('#agent-line', { hasText: agent.name.split(' ')[0] }).waitFor({ timeout: T });
  await widget.locator('.msg-mine', { hasText: hello }).locator('.msg-state', { hasText: 'sent' })
    .waitFor({ timeout: T });

  const reply = '您好！白色 M 码有货，今天下单明天发货。Yes, size M ships tomorrow.';
  await wb.fill('#chat-text', reply);
  await wb.press('#chat-text', 'Enter');
  await widget.locator('.msg-staff', { hasText: reply }).waitFor({ timeout: T });
  await wb.locator('.msg-mine', { hasText: reply }).locator('.msg-state', { hasText: 'sent' })
    .waitFor({ timeout: T });

  const thanks = '太好了，谢谢！ Great, thank you!';
  await widget.fill('#text', thanks);
  await widget.click('#send');
  await wb.locator('#chat-scroll .msg-customer', { hasText: thanks }).waitFor({ timeout: T });
  await widget.locator('.msg-mine', { hasText: thanks }).locator('.msg-state', { hasText: 'sent' })
    .waitFor({ timeout: T });

  await widget.setViewportSize({ width: 420, height: 720 });
  await shot(widget, 'widget-chat');
  await shot(wb, 'workbench-chat');

  // The agent closes; the widget invites a rating, which is stored.
  await wb.click('#close-conv');
  await wb.locator('#conv-list .conv.ended', { hasText: 'c-1001' }).waitFor({ timeout: T });
  await widget.locator('#rate').waitFor({ state: 'visible', timeout: T });
  await widget.click('#stars .star[data-stars="5"]');
  await widget.fill('#rate-comment', '服务很好 great service');
  await shot(widget, 'widget-rating');
  await widget.click('#rate-submit');
  await widget.locator('#after', { hasText: 'Thanks' }).waitFor({ state: 'visible', timeout: T });
  await shot(widget, 'widget-rated');
  await widget.close();
  await wb.close();
  assert.deepEqual(errors, []);
});

test('after-sales: manual accept offer with countdown, then the supervisor board', async () => {
  const agent = alwaysOnAgent('after_sales');
  const wb = await openPage(`/workbench.html?token=${tokens.agents[agent.id]}`, 'workbench-2');
  await wb.locator('#status', { hasText: 'connected' }).waitFor({ timeout: T });

  // c-1005 has a refund open: the server classifies the conversation as after-sales.
  const widget = await openPage(`/widget.html?token=${tokens.customers['c-1005']}&page=order&order=o-1005`,
    'widget-2');
  await widget.locator('#menu').waitFor({ state: 'visible', timeout: T });
  await widget.fill('#text', '手机壳收到就裂了 The case arrived cracked');
  await widget.click('#menu button[data-stage="0"]');

  const offer = wb.locator('#offers .offer', { hasText: 'c-1005' });
  await offer.waitFor({ timeout: T });
  assert.match(await offer.locator('.countdown').textContent(), /^\d+ s$/);
  await shot(wb, 'workbench-offer');
  await offer.locator('button.accept').click();
  await wb.locator('#conv-list .conv', { hasText: 'c-1005' }).waitFor({ timeout: T });
  await widget.locator('#agent-line', { hasText: agent.name.split(' ')[0] }).waitFor({ timeout: T });

  const sup = demoAgents().find((a) => a.supervisor);
  const board = await openPage(`/workbench.html?token=${tokens.supervisors[sup.id]}`, 'board');
  await board.locator('#tabs').waitFor({ state: 'visible', timeout: T });
  await board.click('#tabs .tab[data-tab="board"]');
  await board.locator('#agent-table tr', { hasText: agent.id }).waitFor({ timeout: T });
  await board.locator('#stage-table tbody tr').first().waitFor({ timeout: T });
  await wb.selectOption('#state', '3');  // busy: keeps its chats, takes no new ones
  await board.locator('#agent-table tr', { hasText: agent.id }).locator('td.agent-state', { hasText: 'busy' })
    .waitFor({ timeout: T });
  await shot(board, 'supervisor-board');
  await Promise.all([wb.close(), widget.close(), board.close()]);
  assert.deepEqual(errors, []);
});

test('fresh visitor: server restart mid-chat, reconnect, resume, resend, reload', async () => {
  const agent = alwaysOnAgent('pre_sales');
  const wb = await openPage(`/workbench.html?token=${tokens.agents[agent.id]}`, 'workbench-3');
  await wb.locator('#status', { hasText: 'connected' }).waitFor({ timeout: T });
  const widget = await openPage('/widget.html', 'widget-3');  // token from POST /api/visitor-token
  await widget.locator('#menu').waitFor({ state: 'visible', timeout: T });
  const visitor = await widget.evaluate(() => JSON.parse(localStorage.getItem('fenliu.visitor')).visitor_id);
  await widget.fill('#text', '在吗？ Anyone there?');
  await widget.click('#menu button[data-stage="1"]');
  await wb.locator('#conv-list .conv', { hasText: visitor }).click({ timeout: T });
  await widget.locator('#agent-line', { hasText: agent.name.split(' ')[0] }).waitFor({ timeout: T });

  // Restart the server on the same port and data; while it is down the customer writes.
  await server.stop({ keepData: true });
  await widget.locator('#status', { hasText: 'reconnecting' }).waitFor({ timeout: T });
  const offline = '断线时发的消息 sent while offline';
  await widget.fill('#text', offline);
  await widget.click('#send');
  await widget.locator('.msg-mine', { hasText: offline }).locator('.msg-state', { hasText: 'sending' })
    .waitFor({ timeout: T });
  server = await startServer({ port: server.port, dataDir: server.dataDir });
  await widget.locator('#status', { hasText: 'connected' }).waitFor({ timeout: 40000 });
  await wb.locator('#status', { hasText: 'connected' }).waitFor({ timeout: 40000 });
  await widget.locator('.msg-mine', { hasText: offline }).locator('.msg-state', { hasText: 'sent' })
    .waitFor({ timeout: T });
  await wb.locator('#chat-scroll .msg-customer', { hasText: offline }).waitFor({ timeout: T });
  assert.equal(await wb.locator('#chat-scroll .msg-customer', { hasText: offline }).count(), 1);

  const back = '我们回来了 We are back';
  await wb.fill('#chat-text', back);
  await wb.press('#chat-text', 'Enter');
  await widget.locator('.msg-staff', { hasText: back }).waitFor({ timeout: T });

  // A reload keeps the visitor (localStorage) and shows the conversation from history.
  await widget.reload();
  await widget.locator('.msg-staff', { hasText: back }).waitFor({ timeout: T });
  await widget.locator('.msg-mine', { hasText: offline }).waitFor({ timeout: T });
  assert.equal(await widget.locator('.msg-mine', { hasText: offline }).count(), 1);
  assert.equal(await widget.locator('#menu').isVisible(), false);
  await shot(widget, 'widget-after-restart');
  await Promise.all([wb.close(), widget.close()]);
  assert.deepEqual(errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(e)), []);
});

test('in-sale: queue while no agent is online, typing, history paging, transfer with a note', async () => {
  const inSale = demoAgents().find((a) => !a.supervisor && a.stages.includes('in_sale') &&
    a.id === 'sun.li');  // on shift every day in the demo config
  const preSales = alwaysOnAgent('pre_sales');
  const widget = await openPage(`/widget.html?token=${tokens.customers['c-1003']}&page=order&order=o-1003`,
    'widget-4');
  await widget.locator('#menu').waitFor({ state: 'visible', timeout: T });
  await widget.click('#menu button[data-stage="2"]');
  await widget.locator('#banner', { hasText: /in line|leave a message|Waiting/ }).waitFor({ timeout: T });
  await shot(widget, 'widget-queue');

  const wb = await openPage(`/workbench.html?token=${tokens.agents[inSale.id]}`, 'workbench-4');
  await wb.locator('#conv-list .conv', { hasText: 'c-1003' }).waitFor({ timeout: T });
  await widget.locator('#agent-line', { hasText: inSale.name.split(' ')[0] }).waitFor({ timeout: T });

  await widget.fill('#text', '正在输入');
  await wb.locator('#chat-typing', { hasText: 'typing' }).waitFor({ state: 'visible', timeout: T });
  await widget.fill('#text', '');
  for (let i = 1; i <= 24; i++) {
    await widget.fill('#text', `第 ${String(i).padStart(2, '0')} 条消息 message`);
    await widget.press('#text', 'Enter');
  }
  await wb.locator('.msg-customer', { hasText: '第 24 条' }).waitFor({ timeout: T });
  await widget.locator('.msg-state', { hasText: 'sending' }).first()
    .waitFor({ state: 'detached', timeout: T });

  // After a reload the workbench shows the newest page; older ones come with "Load earlier".
  await wb.reload();
  await wb.locator('.msg-customer', { hasText: '第 24 条' }).waitFor({ timeout: T });
  assert.equal(await wb.locator('.msg-customer', { hasText: '第 01 条' }).count(), 0);
  await wb.click('.load-more');
  await wb.locator('.msg-customer', { hasText: '第 01 条' }).waitFor({ timeout: T });
  assert.equal(await wb.locator('.msg-customer', { hasText: '第 24 条' }).count(), 1);
  // Seqs follow the order the customer typed, each message once.
  const order = (await wb.locator('.msg-customer .msg-body').allTextContents())
    .map((t) => t.match(/第 (\d+) 条/)?.[1]).filter(Boolean);
  assert.deepEqual(order, Array.from({ length: 24 }, (_, i) => String(i + 1).padStart(2, '0')));
  assert.equal(await widget.locator('.msg-notice', { hasText: '⚠' }).count(), 0);

  const pre = await openPage(`/workbench.html?token=${tokens.agents[preSales.id]}`, 'workbench-5');
  await pre.locator('#status', { hasText: 'connected' }).waitFor({ timeout: T });
  await wb.selectOption('#transfer-kind', 'stage');
  await wb.selectOption('#transfer-stage', '1');
  await wb.fill('#transfer-note', '客户想换尺码 wants another size');
  await wb.click('#transfer-go');
  await wb.locator('#conv-list .conv.ended', { hasText: 'c-1003' }).waitFor({ timeout: T });
  await pre.locator('#conv-list .conv', { hasText: 'c-1003' }).click({ timeout: T });
  await pre.locator('#chat-head .note', { hasText: 'wants another size' }).waitFor({ timeout: T });
  await pre.locator('.msg-customer', { hasText: '第 24 条' }).waitFor({ timeout: T });
  await widget.locator('#agent-line', { hasText: preSales.name.split(' ')[0] }).waitFor({ timeout: T });
  await shot(pre, 'workbench-transferred');
  await Promise.all([wb.close(), widget.close(), pre.close()]);
  assert.deepEqual(errors, []);
});

test('leave a message when the wait passes the stage maximum', async () => {
  // A server of its own whose in-sale queue walks every ring (relax, overflow, alert) within
  // seconds and then offers to leave a message; no in-sale agent is connected.
  const own = await startServer({ config: variantConfig('overflow_after_s = 60\n',
    'relax_skills_after_s = 1\noverflow_after_s = 1\nalert_after_s = 1\nmax_wait_s = 2\n') });
  try {
    const res = await fetch(`${own.base}/api/dev/tokens`);
    const ownTokens = await res.json();
    const page = await browser.context.newPage();
    watchErrors(page, 'widget-6', errors);
    await page.goto(`${own.base}/widget.html?token=${ownTokens.customers['c-1002']}`);
    await page.locator('#menu').waitFor({ state: 'visible', timeout: T });
    await page.click('#menu button[data-stage="2"]');
    // Nobody of in-sale is online: the widget says so and offers the form at once.
    await page.locator('#banner', { hasText: '当前没有客服在线' }).waitFor({ timeout: T });
    await page.locator('#leave').waitFor({ state: 'visible', timeout: T });
    await page.fill('#leave-text', '请帮我改一下收货地址 please change my delivery address');
    await page.fill('#leave-contact', 'buyer@example.com');
    await shot(page, 'widget-leave-message');
    await page.click('#leave button[type="submit"]');
    await page.locator('#banner', { hasText: 'Message received' }).waitFor({ timeout: T });
    await page.locator('.msg-mine', { hasText: 'delivery address' }).waitFor({ timeout: T });
    await page.close();
  } finally {
    await own.stop();
  }
  assert.deepEqual(errors, []);
});

/** Opens a page on a server of a test's own (not the shared one). */
async function openOn(srv, url, name) {
  const page = await browser.context.newPage();
  watchErrors(page, name, errors);
  await page.goto(`${srv.base}${url}`);
  return page;
}

/** A customer starts a pre-sales chat with `hello`; resolves once the agent has it. */
async function preSalesChat(srv, srvTokens, customer, hello, suffix) {
  const agent = alwaysOnAgent('pre_sales');
  const wb = await openOn(srv, `/workbench.html?token=${srvTokens.agents[agent.id]}`, `workbench-${suffix}`);
  await wb.locator('#status', { hasText: 'connected' }).waitFor({ timeout: T });
  const widget = await openOn(srv, `/widget.html?token=${srvTokens.customers[customer]}&page=product`,
    `widget-${suffix}`);
  await widget.locator('#menu').waitFor({ state: 'visible', timeout: T });
  await widget.fill('#text', hello);
  await widget.click('#menu button[data-stage="1"]');
  const conv = wb.locator('#conv-list .conv', { hasText: customer });
  await conv.waitFor({ timeout: T });
  await wb.locator('#chat-scroll .msg-customer', { hasText: hello }).waitFor({ timeout: T });
  await widget.locator('#agent-line', { hasText: agent.name.split(' ')[0] }).waitFor({ timeout: T });
  const id = Number((await conv.locator('.conv-sub').textContent()).match(/#(\d+)/)[1]);
  return { agent, wb, widget, id };
}

test('awaiting logistics: the workbench button parks the chat until the buyer writes', async () => {
  // A server of its own: the shared one's customers may still hold open chats.
  const own = await startServer();
  try {
    const ownTokens = await (await fetch(`${own.base}/api/dev/tokens`)).json();
    const { wb, widget } = await preSalesChat(own, ownTokens, 'c-1007', '快递到哪了 where is it',
      'logistics');
    const button = wb.locator('#logistics-conv');
    await button.click({ timeout: T });
    await wb.locator('#logistics-conv', { hasText: '等待物流中' }).waitFor({ timeout: T });
    assert.equal(await button.isDisabled(), true);
    await shot(wb, 'workbench-awaiting-logistics');
    await widget.fill('#text', '还没到 not here yet');
    await widget.press('#text', 'Enter');
    await wb.locator('#logistics-conv', { hasText: /^等待物流 Awaiting logistics$/ })
      .waitFor({ timeout: T });
    assert.equal(await button.isDisabled(), false);
    await Promise.all([wb.close(), widget.close()]);
  } finally {
    await own.stop();
  }
  assert.deepEqual(errors, []);
});

test('QA: sample of closed chats, stage filter, read-only transcript, score and saved total', async () => {
  // No wrap-up: the conversation is closed (and in the QA sample) as soon as the agent closes.
  const own = await startServer({ config: variantConfig('wrap_up_s = 15\n', 'wrap_up_s = 0\n') });
  try {
    const ownTokens = await (await fetch(`${own.base}/api/dev/tokens`)).json();
    const hello = '这条裙子有 S 码吗？ Is this dress available in S?';
    const { wb, widget } = await preSalesChat(own, ownTokens, 'c-1002', hello, 'qa');
    const reply = '有的，S 码有现货。 Yes, S is in stock.';
    await wb.fill('#chat-text', reply);
    await wb.press('#chat-text', 'Enter');
    await widget.locator('.msg-staff', { hasText: reply }).waitFor({ timeout: T });
    await wb.click('#close-conv');
    await widget.locator('#rate').waitFor({ state: 'visible', timeout: T });
    await Promise.all([wb.close(), widget.close()]);

    const qa = await openOn(own, `/workbench.html?token=${ownTokens.qa['qa.chen']}`, 'qa');
    await qa.locator('#me-name', { hasText: 'qa.chen' }).waitFor({ timeout: T });
    const row = qa.locator('#qa-list .conv', { hasText: 'c-1002' });
    await row.waitFor({ timeout: T });
    assert.equal(await qa.locator('#chats').isVisible(), false);
    // The stage filter asks the server again: no after-sales conversation, then pre-sales.
    await qa.selectOption('#qa-stage', '3');
    await qa.locator('#qa-list .empty').waitFor({ timeout: T });
    assert.equal(await row.count(), 0);
    await qa.selectOption('#qa-stage', '1');
    await row.click({ timeout: T });
    await qa.locator('#qa-transcript .msg-customer', { hasText: hello }).waitFor({ timeout: T });
    await qa.locator('#qa-transcript .msg-staff', { hasText: reply }).waitFor({ timeout: T });
    const texts = await qa.locator('#qa-transcript .msg-customer .msg-body, #qa-transcript .msg-staff .msg-body')
      .allTextContents();
    assert.deepEqual(texts, [hello, reply]);  // oldest first

    const scores = { greeting: 4, accuracy: 3, tone: 5, resolution: 2 };
    for (const [item, score] of Object.entries(scores)) {
      await qa.fill(`#qa-score-${item}`, String(score));
    }
    await qa.fill('#qa-comment', '回答准确，但没有确认问题是否解决 accurate, did not confirm resolution');
    await qa.click('#qa-submit');
    await qa.locator('#qa-total-score').waitFor({ timeout: T });
    // Weighted by the default checklist (1, 2, 1, 2; each 0..5), out of 100.
    const weights = { greeting: 1, accuracy: 2, tone: 1, resolution: 2 };
    const sum = Math.round(100 * Object.entries(scores)
      .reduce((a, [item, score]) => a + (weights[item] * score) / 5, 0) / 6);
    assert.equal(Number(await qa.textContent('#qa-total-score')), sum);
    await row.locator('.tag', { hasText: `✓ ${sum}` }).waitFor({ timeout: T });
    await shot(qa, 'qa-review');
    await qa.close();
  } finally {
    await own.stop();
  }
  assert.deepEqual(errors, []);
});

test('supervisor: monitor a chat live, whisper to the agent only, barge in, speak, force transfer', async () => {
  const own = await startServer();
  try {
    const ownTokens = await (await fetch(`${own.base}/api/dev/tokens`)).json();
    const hello = '我的优惠券用不了 My coupon does not work';
    const { wb, widget, id } = await preSalesChat(own, ownTokens, 'c-1003', hello, 'sup');
    // Signed in after the assignment: the demo supervisor also takes chats of every stage.
    const sup = demoAgents().find((a) => a.supervisor);
    const boss = await openOn(own, `/workbench.html?token=${ownTokens.supervisors[sup.id]}`, 'supervisor');
    await boss.locator('#tabs').waitFor({ state: 'visible', timeout: T });
    await boss.click('#tabs .tab[data-tab="board"]');
    await boss.fill('#mon-id', String(id));
    await boss.click('#mon-pick button[type="submit"]');
    const seen = boss.locator('#mon-messages');
    await seen.locator('.msg-customer', { hasText: hello }).waitFor({ timeout: T });  // history

    const more = '结算时提示券已过期 It says expired at checkout';
    await widget.fill('#text', more);
    await widget.click('#send');
    await seen.locator('.msg-customer', { hasText: more }).waitFor({ timeout: T });  // live
    assert.equal(await boss.isDisabled('#mon-say'), true);  // speaking needs a barge first

    // Coaching: a whisper while only monitoring reaches the agent, never the customer.
    const whisper = '悄悄话：可以补发一张新券 whisper: you may issue a new coupon';
    await boss.fill('#mon-text', whisper);
    await boss.click('#mon-whisper');
    const atAgent = wb.locator('#chat-scroll .msg-staff', { hasText: whisper });
    await atAgent.waitFor({ timeout: T });
    assert.match(await atAgent.textContent(), /内部 Internal/);
    await seen.locator('.msg-mine', { hasText: whisper }).waitFor({ timeout: T });

    await boss.click('#mon-barge');
    await boss.locator('#mon-say:not([disabled])').waitFor({ timeout: T });
    const said = '您好，我是主管黄蕾，马上为您处理。 Supervisor here, fixing it now.';
    await boss.fill('#mon-text', said);
    await boss.click('#mon-say');
    await widget.locator('.msg-staff', { hasText: said }).waitFor({ timeout: T });
    await wb.locator('#chat-scroll .msg-staff', { hasText: said }).waitFor({ timeout: T });
    // The whisper was stored before the visible message, so the customer would have it by now.
    assert.equal(await widget.locator('.msg', { hasText: 'whisper' }).count(), 0);
    await widget.reload();  // nor does it come back with the history
    await widget.locator('.msg-staff', { hasText: said }).waitFor({ timeout: T });
    assert.equal(await widget.locator('.msg', { hasText: 'whisper' }).count(), 0);
    await shot(boss, 'supervisor-monitor');

    // Force transfer to the supervisor itself: the agent loses the chat, the supervisor has it.
    await boss.fill('#mon-transfer-agent', sup.id);
    await boss.click('#mon-transfer-go');
    await wb.locator('#conv-list .conv.ended', { hasText: 'c-1003' }).waitFor({ timeout: T });
    await widget.locator('#agent-line', { hasText: sup.name.split(' ')[0] }).waitFor({ timeout: T });
    await boss.click('#tabs .tab[data-tab="chats"]');
    await boss.locator('#conv-list .conv', { hasText: 'c-1003' }).waitFor({ timeout: T });
    await Promise.all([wb.close(), widget.close(), boss.close()]);
  } finally {
    await own.stop();
  }
  assert.deepEqual(errors, []);
});

test('bot first: an FAQ answer with chips, then 转人工 hands over with the summary', async () => {
  const own = await startServer({ config: DEMO_CONFIG });
  try {
    const ownTokens = await (await fetch(`${own.base}/api/dev/tokens`)).json();
    const agent = alwaysOnAgent('pre_sales');
    const page = async (url, name) => {
      const p = await browser.context.newPage();
      watchErrors(p, name, errors);
      await p.goto(`${own.base}${url}`);
      return p;
    };
    const wb = await page(`/workbench.html?token=${ownTokens.agents[agent.id]}`, 'workbench');
    await wb.locator('#status', { hasText: 'connected' }).waitFor({ timeout: T });
    const widget = await page(`/widget.html?token=${ownTokens.customers['c-1002']}&page=product`,
      'widget');
    await widget.locator('#menu').waitFor({ state: 'visible', timeout: T });
    // A paraphrase, not one of the entry's examples.
    await widget.fill('#text', '亲 你们一般下单以后几天能寄出来呀');
    await widget.click('#menu button[data-stage="1"]');

    const answer = widget.locator('.msg-bot', { hasText: '48' });
    await answer.waitFor({ timeout: T });
    assert.match(await answer.textContent(), /智能客服/);
    assert.ok(await answer.locator('.chip').count() >= 2, 'quick replies and 转人工');
    // Nobody was offered the chat while the bot answers it.
    assert.equal(await wb.locator('#conv-list .conv', { hasText: 'c-1002' }).count(), 0);
    await widget.setViewportSize({ width: 420, height: 720 });
    await shot(widget, 'widget-bot');

    // A question no entry covers: the bot says so and offers a person.
    await widget.fill('#text', '你们老板是谁呀');
    await widget.click('#send');
    await widget.locator('.msg-bot', { hasText: '不太明白' }).waitFor({ timeout: T });

    await answer.locator('.chip.handover').click();
    await wb.locator('#conv-list .conv', { hasText: 'c-1002' }).waitFor({ timeout: T });
    const summary = wb.locator('.handover-summary');
    await summary.waitFor({ timeout: T });
    assert.match(await summary.textContent(), /转人工/);
    assert.match(await summary.textContent(), /几天能寄出/);
    // The agent reads the bot exchange in the chat.
    await wb.locator('#chat-scroll .msg-bot', { hasText: '48' }).waitFor({ timeout: T });
    await widget.locator('#agent-line', { hasText: agent.name.split(' ')[0] })
      .waitFor({ timeout: T });
    await shot(wb, 'workbench-handover');

    // The supervisor reads what the bot could not answer, grouped.
    const [supervisorToken] = Object.values(ownTokens.supervisors);
    const sup = await page(`/workbench.html?token=${supervisorToken}`, 'supervisor');
    await sup.locator('#tabs').waitFor({ state: 'visible', timeout: T });
    await sup.click('#tabs .tab[data-tab="board"]');
    await sup.click('#unanswered-refresh');
    await sup.locator('#unanswered .unanswered-group', { hasText: '老板' }).waitFor({ timeout: T });
    await shot(sup, 'board-unanswered');
    // Peak mode: the supervisor switches it on from the board, and off again.
    await sup.locator('#peak-state', { hasText: '未开启' }).waitFor({ timeout: T });
    await sup.click('#peak-toggle');
    await sup.locator('#peak-state', { hasText: '已开启' }).waitFor({ timeout: T });
    assert.match(await sup.locator('#peak-state').textContent(), /×1\.5/);
    await shot(sup, 'board-peak');
    await sup.click('#peak-toggle');
    await sup.locator('#peak-state', { hasText: '未开启' }).waitFor({ timeout: T });
    await sup.close();
    await widget.close();
    await wb.close();
    assert.deepEqual(errors, []);
  } finally {
    await own.stop();
  }
});
