// Shop data in a real browser: the widget opened from an order page shows that order's card in
// its header, the agent sees it in the workbench header, sends an order card and a product card
// from the pickers, and the widget renders both from the server's stored data.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedSession, shot, demoAgents } from './harness.mjs';

const T = 15000;
const session = sharedSession();
const { openPage, errors } = session;

test('entry order card in both headers; the agent sends an order and a product card', async () => {
  const agent = demoAgents().find((a) => !a.supervisor && a.stages.includes('in_sale') &&
    (a.alwaysOn || a.id === 'sun.li'));
  assert.ok(agent, 'an in-sale agent on shift');
  const wb = await openPage(`/workbench.html?token=${session.tokens.agents[agent.id]}`, 'cards-wb');
  await wb.locator('#status', { hasText: 'connected' }).waitFor({ timeout: T });

  const widget = await openPage(
    `/widget.html?token=${session.tokens.customers['c-1003']}&page=order&order=o-1003`, 'cards-widget');
  await widget.locator('#menu').waitFor({ state: 'visible', timeout: T });
  await widget.click('#menu button[data-stage="2"]');
  // The visitor sees the order the chat was opened from, from the stored data.
  const entry = widget.locator('#entry-card');
  await entry.locator('.card.order', { hasText: 'o-1003' }).waitFor({ timeout: T });
  assert.match(await entry.textContent(), /已发货/);
  assert.match(await entry.textContent(), /中通快递/);
  assert.match(await entry.textContent(), /¥599\.00/);

  await wb.locator('#conv-list .conv', { hasText: 'c-1003' }).click({ timeout: T });
  await wb.locator('#chat-head .entry-card .card.order', { hasText: 'o-1003' })
    .waitFor({ timeout: T });
  await wb.locator('#profile', { hasText: 'o-1003' }).waitFor({ timeout: T });

  // 发送订单: the buyer's orders from the profile.
  await wb.click('.send-order');
  await wb.click('.order-choice[data-order-id="o-1003"]');
  const order = widget.locator('.msg-staff .card.order', { hasText: 'o-1003' });
  await order.waitFor({ timeout: T });
  assert.match(await order.textContent(), /ZT7312345678/);
  assert.match(await order.textContent(), /Running shoes, 42 × 1/);
  assert.match(await order.textContent(), /已发货/);

  // 发送商品: search the stored products.
  await wb.click('.send-product');
  await wb.fill('.picker-query', '耳机');
  await wb.click('.product-choice[data-product-id="p-earbuds"]', { timeout: T });
  const product = widget.locator('.msg-staff .card.product', { hasText: '无线蓝牙耳机' });
  await product.waitFor({ timeout: T });
  assert.match(await product.textContent(), /¥499\.00/);
  const loaded = await product.locator('img.card-pic').evaluate(
    (img) => img.complete && img.naturalWidth > 0 && img.getAttribute('src'));
  assert.equal(loaded, '/img/p-earbuds.svg');
  // The agent's own bubble shows the same card.
  await wb.locator('.msg-mine .card.product', { hasText: '¥499.00' }).waitFor({ timeout: T });

  await shot(widget, 'cards-widget');
  await shot(wb, 'cards-workbench');
  await Promise.all([wb.close(), widget.close()]);
  assert.deepEqual(errors, []);
});
