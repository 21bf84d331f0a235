// The agent's tools in a real browser: the customer record with tag and note editing, the
// quick-phrase picker from the keyboard with its variables filled, the agent's own phrases,
// and suggested replies for the buyer's last message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedSession, shot, demoAgents } from './harness.mjs';

const T = 15000;
const session = sharedSession();
const { openPage, errors } = session;

test('customer record, quick phrases and suggested replies in the workbench', async () => {
  const agent = demoAgents().find((a) => a.alwaysOn && !a.supervisor && a.stages.includes('pre_sales'));
  const wbUrl = `/workbench.html?token=${session.tokens.agents[agent.id]}`;
  let wb = await openPage(wbUrl, 'workbench-tools');
  await wb.locator('#status', { hasText: 'connected' }).waitFor({ timeout: T });
  const widget = await openPage(`/widget.html?token=${session.tokens.customers['c-1003']}&page=product`,
    'widget-tools');
  await widget.locator('#menu').waitFor({ state: 'visible', timeout: T });
  const question = '收到不喜欢的话能退货吗？';
  await widget.fill('#text', question);
  await widget.click('#menu button[data-stage="1"]');
  await wb.locator('#chat-scroll .msg-customer', { hasText: question }).waitFor({ timeout: T });

  // The record: the seeded name and tag, the order, no "null" anywhere.
  const profile = wb.locator('#profile');
  await profile.locator('.profile-name', { hasText: '陈先生' }).waitFor({ timeout: T });
  await profile.locator('.tag', { hasText: '急单' }).waitFor({ timeout: T });
  await profile.locator('.order-row', { hasText: 'o-1003' }).waitFor({ timeout: T });
  assert.doesNotMatch(await profile.textContent(), /null|undefined/);

  // Suggested replies for the buyer's question: the shop's return phrase; a click fills the box.
  const chip = wb.locator('#suggestions .suggestion', { hasText: '七天无理由' });
  await chip.waitFor({ timeout: T });
  await chip.click();
  assert.match(await wb.inputValue('#chat-text'), /七天无理由退换货/);
  await shot(wb, 'workbench-suggestions');

  // The picker: "/" and a keyword, chosen with the keyboard; variables filled from the chat.
  await wb.fill('#chat-text', '');
  await wb.locator('#chat-text').pressSequentially('/w');
  await wb.locator('#phrase-picker .phrase-option[data-shortcut="wl"]').waitFor({ timeout: T });
  await wb.locator('#chat-text').pressSequentially('l');
  await wb.locator('#phrase-picker .phrase-option.active[data-shortcut="wl"]').waitFor({ timeout: T });
  await shot(wb, 'workbench-phrase-picker');
  await wb.press('#chat-text', 'Enter');
  const filled = await wb.inputValue('#chat-text');
  assert.match(filled, /^亲，您的订单o-1003已发货，预计\d+月\d+日送达/);
  assert.equal(await wb.locator('#phrase-picker').isHidden(), true);
  await wb.press('#chat-text', 'Enter');  // now it sends, as an ordinary message
  await widget.locator('.msg-staff', { hasText: 'o-1003已发货' }).waitFor({ timeout: T });

  // Tags and notes: add, remove, note; all of it is still there after a reload.
  await profile.locator('.tag-input').fill('爱买鞋');
  await profile.locator('.tag-form button[type="submit"]').click();
  await profile.locator('.tag', { hasText: '爱买鞋' }).waitFor({ timeout: T });
  await profile.locator('.tag[data-tag="急单"] .tag-x').click();
  await profile.locator('.tag[data-tag="急单"]').waitFor({ state: 'detached', timeout: T });
  await profile.locator('.note-input').fill('脚背高，建议大半码 · high instep');
  await profile.locator('.note-form button[type="submit"]').click();
  await profile.locator('.note-row', { hasText: '脚背高' }).waitFor({ timeout: T });
  await shot(wb, 'workbench-customer-record');
  await wb.close();
  wb = await openPage(wbUrl, 'workbench-tools-reload');
  await wb.locator('#status', { hasText: 'connected' }).waitFor({ timeout: T });
  const again = wb.locator('#profile');
  await again.locator('.tag', { hasText: '爱买鞋' }).waitFor({ timeout: T });
  await again.locator('.note-row', { hasText: '脚背高' }).waitFor({ timeout: T });
  assert.equal(await again.locator('.tag[data-tag="急单"]').count(), 0);

  // The agent's own phrase: added in 快捷短语 · Manage, then found by the picker.
  await wb.click('#my-phrases-open');
  const form = wb.locator('#my-phrases .phrase-form');
  await form.waitFor({ timeout: T });
  await form.locator('input[name="shortcut"]').fill('xie');
  await form.locator('input[name="group"]').fill('我的');
  await form.locator('textarea[name="text"]').fill('谢谢{customer_name}的支持！');
  await form.locator('button[type="submit"]').click();
  await wb.locator('#my-phrases .own-phrase', { hasText: '/xie' }).waitFor({ timeout: T });
  await wb.locator('#chat-text').pressSequentially('/xie');
  await wb.locator('#phrase-picker .phrase-option[data-shortcut="xie"]').waitFor({ timeout: T });
  await wb.press('#chat-text', 'Tab');
  assert.equal(await wb.inputValue('#chat-text'), '谢谢陈先生的支持！');
  await Promise.all([wb.close(), widget.close()]);
  assert.deepEqual(errors, []);
});
