// Shop data in the pages: product and order cards in both message lists, the entry card (the
// order or product page the chat was opened from) in both chat headers, and the workbench's
// pickers: 发送商品 (search the stored products) and 发送订单 (the buyer's orders). The server
// rebuilds every card from its stored data by id: what a page writes into one is ignored.
import { el, money } from './ui.js';

/** Order statuses, Chinese first. */
export const orderStatusName = {
  unpaid: '待付款 · Unpaid',
  paid: '已付款 · Paid',
  shipped: '已发货 · Shipped',
  delivered: '已签收 · Delivered',
  refund_open: '退款中 · Refund open',
  closed: '已关闭 · Closed',
};

function picture(url, title) {
  return url ? el('img', { class: 'card-pic', src: url, alt: title, loading: 'lazy' }) : null;
}

/** A ProductCard: picture, title, price (¥), category. */
export function renderProductCard(p) {
  return el('div', { class: 'card product', dataset: { productId: p.productId } },
    picture(p.pictureUrl, p.title),
    el('div', { class: 'card-body' },
      el('div', { class: 'card-title' }, p.title || p.productId),
      el('div', { class: 'card-price' }, money(p.priceCents, p.currency || 'CNY')),
      p.category ? el('div', { class: 'muted card-meta' }, `分类 Category: ${p.category}`) : null));
}

/** An OrderCard: id, status (Chinese first), items, total, carrier and tracking number. */
export function renderOrderCard(o) {
  return el('div', { class: 'card order', dataset: { orderId: o.orderId } },
    el('div', { class: 'card-title' }, `订单 Order ${o.orderId} `,
      el('span', { class: 'tag order-status' }, orderStatusName[o.status] || o.status)),
    ...o.items.map((i) => el('div', { class: 'card-item' },
      `${i.title || i.productId} × ${i.quantity}`,
      el('span', { class: 'muted' }, ` ${money(i.priceCents)}`))),
    el('div', { class: 'card-price' }, `合计 Total ${money(o.totalCents)}`),
    o.carrier || o.trackingNo
      ? el('div', { class: 'card-meta card-tracking' },
        `物流 Shipping: ${o.carrier || ''} ${o.trackingNo || ''}`.trim())
      : null);
}

/**
 * Fills `box` with the entry card of a ConversationInfo (its stored order, else product), or
 * hides it when the chat was opened from neither.
 */
export function showEntryCard(box, info) {
  if (!box) { return; }
  const order = info?.entryOrder?.orderId ? info.entryOrder : null;
  const product = info?.entryProduct?.productId ? info.entryProduct : null;
  if (!order && !product) {
    box.replaceChildren();
    box.hidden = true;
    return;
  }
  box.replaceChildren(el('div', { class: 'entry-label muted' },
    order ? '咨询订单 · Asking about order' : '咨询商品 · Asking about product'),
  order ? renderOrderCard(order) : renderProductCard(product));
  box.hidden = false;
}

/**
 * The workbench's card pickers under the reply box. `deps`: { request(kind, body) -> Promise
 * of {body}, current() -> {conversationId, orders} | null, send(content) }.
 */
export function cardPickers(deps) {
  const results = el('div', { class: 'picker-results' });
  const query = el('input', { class: 'picker-query', placeholder: '搜索商品 · Search products',
    autocomplete: 'off' });
  const panel = el('div', { class: 'card-picker', hidden: true }, query, results);
  const sendCard = (content) => { deps.send(content); panel.hidden = true; };

  async function searchProducts() {
    const { body } = await deps.request('fetchProducts', { query: query.value.trim(), limit: 20 });
    results.replaceChildren(...body.products.map((p) => el('button', {
      type: 'button', class: 'picker-item product-choice', dataset: { productId: p.productId },
      onclick: () => sendCard({ content: { case: 'product', value: p } }),
    }, renderProductCard(p))));
    if (!body.products.length) { results.append(el('div', { class: 'muted' }, '无结果 · No products')); }
  }

  function listOrders() {
    const orders = deps.current()?.orders ?? [];
    query.hidden = true;
    results.replaceChildren(...orders.map((o) => el('button', {
      type: 'button', class: 'picker-item order-choice', dataset: { orderId: o.orderId },
      onclick: () => sendCard({ content: { case: 'order', value: o } }),
    }, renderOrderCard(o))));
    if (!orders.length) { results.append(el('div', { class: 'muted' }, '该买家没有订单 · No orders')); }
  }

  let timer = null;
  query.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => searchProducts().catch(() => {}), 200);
  });
  const productButton = el('button', { type: 'button', class: 'secondary send-product',
    onclick: () => {
      if (!deps.current()) { return; }
      const open = panel.hidden || query.hidden;  // closed, or showing the orders
      panel.hidden = !open;
      query.hidden = false;
      if (open) { searchProducts().catch(() => {}); query.focus(); }
    } }, '发送商品 Send product');
  const orderButton = el('button', { type: 'button', class: 'secondary send-order',
    onclick: () => {
      if (!deps.current()) { return; }
      panel.hidden = false;
      listOrders();
    } }, '发送订单 Send order');
  return { buttons: el('span', { class: 'card-buttons' }, productButton, orderButton), panel };
}

/** The entry card as a node for a chat header, or null. */
export function entryCardNode(info) {
  const box = el('div', { class: 'entry-card', hidden: true });
  showEntryCard(box, info);
  return box.hidden ? null : box;
}

/**
 * Mounts the two pickers in `box` for the workbench's ChatPanel `panel` (its conn and convs).
 * The card is sent with the server's own data (from the product list or the profile), so the
 * sender's bubble shows what the buyer sees; the server rebuilds it by id anyway.
 */
export function mountCardPickers(box, panel) {
  const current = () => {
    const e = panel.convs.current();
    return e && !e.ended ? { conversationId: e.id, orders: e.profile?.orders ?? [] } : null;
  };
  const send = (content) => {
    const e = panel.convs.current();
    if (!e || e.ended) { return; }
    const { id, done } = panel.conn.sendMessage(e.id, content);
    e.list.addPending(id, content);
    done.then((ack) => e.list.acked(id, ack.seq)).catch((err) => e.list.failed(id, err.message));
  };
  const pickers = cardPickers({ request: (k, b) => panel.conn.request(k, b), current, send });
  box.replaceChildren(pickers.buttons, pickers.panel);
}
