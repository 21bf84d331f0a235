// The customer record (客户档案) in the workbench's right column: who the buyer is (name, VIP
// level, tags), internal notes, orders, past conversations with their ratings, left messages.
// Tags and notes are edited here; the server answers with the whole record again.
import { el, money } from './ui.js';
import { stageName } from './enums.js';
import { shopDateTime } from './shop-time.js';

const ORDER_STATUS = {
  unpaid: '待付款 Unpaid', paid: '已付款 Paid', shipped: '已发货 Shipped',
  delivered: '已签收 Delivered', refund_open: '退款中 Refund open', refunded: '已退款 Refunded',
  closed: '已关闭 Closed',
};
export const orderStatusName = (s) => ORDER_STATUS[s] || s || '—';

const stars = (n) => (n ? '★'.repeat(n) + '☆'.repeat(5 - n) : '未评价 Not rated');

function section(title, count, ...rows) {
  return [el('div', { class: 'side-sub' }, `${title} (${count})`), ...rows];
}

/** Renders `p` (a CustomerProfile) into `box`. `edit` has addTags(list), removeTag(tag),
 *  addNote(text), each returning a promise; null for a read-only view. */
export function renderRecord(box, p, edit) {
  const vipLevel = p.vipLevel || (p.vip ? 1 : 0);
  const tagChips = p.tags.map((t) => el('span', { class: 'tag', dataset: { tag: t } }, t,
    edit ? el('button', { type: 'button', class: 'tag-x', title: `删除标签 Remove ${t}`,
      'aria-label': `remove tag ${t}`, onclick: () => edit.removeTag(t) }, '×') : null));
  const rows = [
    el('div', { class: 'profile-name' }, p.displayName || '匿名访客 Anonymous visitor',
      vipLevel ? el('span', { class: 'tag vip' }, `VIP${vipLevel}`) : null),
    el('div', { class: 'muted' }, p.customerId),
    el('div', { class: 'tags' }, ...tagChips),
  ];
  if (edit) {
    const listId = `shop-tags-${p.customerId}`;
    const input = el('input', { class: 'tag-input', list: listId, maxlength: 32,
      placeholder: '添加标签 Add a tag', 'aria-label': 'add tag' });
    const unused = p.shopTags.filter((t) => !p.tags.includes(t));
    rows.push(el('form', { class: 'tag-form', onsubmit: (ev) => {
      ev.preventDefault();
      const tag = input.value.trim();
      if (tag) { edit.addTags([tag]).then(() => { input.value = ''; }); }
    } }, input, el('datalist', { id: listId }, ...p.shopTags.map((t) => el('option', { value: t }))),
    el('button', { type: 'submit', class: 'ghost' }, '添加 Add')));
    if (unused.length) {
      rows.push(el('div', { class: 'tag-suggest' }, ...unused.map((t) => el('button', {
        type: 'button', class: 'ghost tag-pick', onclick: () => edit.addTags([t]) }, `+ ${t}`))));
    }
  }
  const notes = p.notes.map((n) => el('div', { class: 'note-row' },
    el('div', {}, n.text),
    el('div', { class: 'muted' }, `${n.authorName || n.authorId} · ${shopDateTime(n.atMs)}`)));
  rows.push(...section('备注 Notes', p.notes.length, ...notes));
  if (edit) {
    const text = el('textarea', { rows: 2, class: 'note-input', maxlength: 2000,
      placeholder: '内部备注，客户看不到 · Internal note, never shown to the buyer' });
    rows.push(el('form', { class: 'note-form', onsubmit: (ev) => {
      ev.preventDefault();
      const t = text.value.trim();
      if (t) { edit.addNote(t).then(() => { text.value = ''; }); }
    } }, text, el('button', { type: 'submit', class: 'ghost' }, '保存备注 Save note')));
  }
  rows.push(...section('订单 Orders', p.orders.length, ...p.orders.map((o) => el('div',
    { class: 'order-row', dataset: { order: o.orderId } },
    el('div', {}, el('b', {}, o.orderId), el('span', { class: 'tag' }, orderStatusName(o.status)),
      el('span', { class: 'price' }, money(o.totalCents))),
    ...o.items.map((i) => el('div', { class: 'muted' }, `${i.title} × ${i.quantity}`))))));
  rows.push(...section('历史会话 Past chats', p.pastConversations.length,
    ...p.pastConversations.map((c) => el('div', { class: 'past-row' },
      el('div', {}, `#${c.conversationId} · ${stageName[c.stage] ?? ''} · `,
        c.agentDisplayName || c.agentId || '机器人/无人 Bot or nobody'),
      el('div', { class: 'muted' }, shopDateTime(c.createdAtMs), ' · ',
        el('span', { class: 'stars' }, stars(c.ratingStars))),
      c.ratingComment ? el('div', { class: 'rating-comment' }, `“${c.ratingComment}”`) : null))));
  rows.push(...section('留言 Left messages', p.leftMessages.length,
    ...p.leftMessages.map((m) => el('div', { class: 'left-row' },
      el('div', {}, m.text),
      el('div', { class: 'muted' }, `${shopDateTime(m.atMs)}`,
        m.contact ? ` · 联系方式 Contact: ${m.contact}` : '')))));
  box.className = 'profile';
  box.replaceChildren(...rows);
}
