// A chat transcript: messages in seq order, the sender's own pending ones at the end with their
// sent/acked state, system notices in the middle, and recalls marking earlier messages.
import { el, clockTime, money } from './ui.js';
import { Role, stageName } from './enums.js';

function renderOrder(o) {
  return el('div', { class: 'card order' },
    el('div', { class: 'card-title' }, `Order ${o.order_id}`, el('span', { class: 'tag' }, o.status)),
    ...o.items.map((i) => el('div', {}, `${i.title} × ${i.quantity}`)),
    el('div', { class: 'card-price' }, money(o.total_cents)));
}

export function renderContent(c) {
  if (!c) { return el('span', { class: 'muted' }, '(empty)'); }
  if (c.text) { return el('span', { class: 'text' }, c.text); }
  if (c.notice) { return el('span', {}, c.notice.text || c.notice.kind); }
  if (c.bot) { return el('span', { class: 'text' }, c.bot.text); }
  if (c.product) {
    const p = c.product;
    return el('div', { class: 'card product' }, el('div', { class: 'card-title' }, p.title),
      el('div', { class: 'card-price' }, money(p.price_cents, p.currency || 'CNY')));
  }
  if (c.order) { return renderOrder(c.order); }
  if (c.image) {
    return el('img', { class: 'chat-image', alt: 'image', src: `/api/images/${c.image.image_id}` });
  }
  return el('span', { class: 'muted' }, '(unsupported message)');
}

export class MessageList {
  /** `me`: own identity; `names`: id -> display name; `staff`: show staff-only markers. */
  constructor(container, { me, names = {}, staff = false }) {
    this.box = container;
    this.me = me;
    this.names = names;
    this.staff = staff;
    this.bySeq = new Map();      // seq -> element
    this.pending = new Map();    // client_msg_id -> element (not yet acked)
    this.lowest = 0;             // lowest seq shown (for history paging)
  }

  clear() {
    this.box.replaceChildren();
    this.bySeq.clear();
    this.pending.clear();
    this.lowest = 0;
  }

  nearBottom() { return this.box.scrollHeight - this.box.scrollTop - this.box.clientHeight < 80; }

  scrollDown() { this.box.scrollTop = this.box.scrollHeight; }

  bubble(m, state) {
    const c = m.content;
    if (c?.recall) { return null; }
    const mine = m.sender_id === this.me;
    const kind = c?.notice || m.sender_role === Role.SYSTEM ? 'notice'
      : mine ? 'mine' : m.sender_role === Role.CUSTOMER ? 'customer' : 'staff';
    const who = this.names[m.sender_id] || m.sender_id || '';
    const node = el('div', { class: `msg msg-${kind}`, dataset: { seq: m.seq || '' } },
      kind === 'notice' || mine ? null : el('div', { class: 'msg-from' }, who),
      el('div', { class: 'msg-body' }, renderContent(c)),
      el('div', { class: 'msg-meta' }, clockTime(m.sent_at_ms || Date.now()),
        m.visibility === 1 ? ' · staff only' : '',
        mine ? el('span', { class: 'msg-state' }, ` · ${state}`) : null));
    if (m.recalled) { node.classList.add('recalled'); }
    return node;
  }

  /** Adds a stored message (live, replayed or from history) in seq order. */
  add(m) {
    if (m.content?.recall) { this.recall(m.content.recall.recalled_seq); }
    const pendingNode = m.client_msg_id && this.pending.get(m.client_msg_id);
    if (pendingNode) { this.acked(m.client_msg_id, m.seq); return; }
    if (!m.seq || this.bySeq.has(m.seq)) { return; }
    const node = this.bubble(m, '✓ sent');
    if (!node) { return; }
    const stick = this.nearBottom();
    this.bySeq.set(m.seq, node);
    this.lowest = this.lowest ? Math.min(this.lowest, m.seq) : m.seq;
    const after = [...this.box.children].find((n) => Number(n.dataset.seq) > m.seq ||
      (n.dataset.pending && !n.dataset.seq));
    this.box.insertBefore(node, after ?? null);
    if (stick) { this.scrollDown(); }
  }

  /** Shows an own message before its ack ("sending…"). */
  addPending(id, content) {
    const node = this.bubble({ sender_id: this.me, content, client_msg_id: id }, 'sending…');
    node.dataset.pending = id;
    this.pending.set(id, node);
    this.box.append(node);
    this.scrollDown();
  }

  acked(id, seq) {
    const node = this.pending.get(id);
    if (!node) { return; }
    this.pending.delete(id);
    delete node.dataset.pending;
    node.dataset.seq = seq;
    node.querySelector('.msg-state').textContent = ' · ✓ sent';
    node.classList.add('acked');
    if (!this.bySeq.has(seq)) { this.bySeq.set(seq, node); }
    this.lowest = this.lowest ? Math.min(this.lowest, seq) : seq;
  }

  failed(id, reason) {
    const node = this.pending.get(id);
    if (!node) { return; }
    node.querySelector('.msg-state').textContent = ` · ✗ not sent: ${reason}`;
    node.classList.add('failed');
  }

  recall(seq) {
    const node = this.bySeq.get(seq);
    if (node) {
      node.classList.add('recalled');
      node.querySelector('.msg-body').textContent = 'message recalled · 消息已撤回';
    }
  }

  /** A local notice (queue, assignment, close); never stored. */
  notice(text) {
    const stick = this.nearBottom();
    this.box.append(el('div', { class: 'msg msg-notice local' }, el('div', { class: 'msg-body' }, text)));
    if (stick) { this.scrollDown(); }
  }
}

export { stageName };
