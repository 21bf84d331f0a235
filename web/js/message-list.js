// A chat transcript: messages in seq order, the sender's own pending ones at the end with their
// sent/acked state, system notices in the middle, and recalls marking earlier messages.
import { el, clockTime } from './ui.js';
import { Role, Visibility } from './codec.js';
import { stageName } from './enums.js';
import { imageThumb } from './images.js';
import { renderProductCard, renderOrderCard } from './cards.js';
import { t, text } from './i18n.js';

const RECALLED = t('消息已撤回', 'Message recalled');
const SENT = `✓ ${t('已发送', 'Sent')}`;


/** MessageContent holding a text (the init shape of the generated message). */
export function textContent(text) { return { content: { case: 'text', value: text } }; }

/** The Recall in a MessageContent, or undefined. */
export function recallOf(c) { return c?.content.case === 'recall' ? c.content.value : undefined; }

// A bot answer: Chinese first, English second; in the widget its quick replies and the
// 转人工 button (`actions` has onQuickReply / onHandover; staff pages pass none).
function renderBot(v, actions) {
  const body = el('div', { class: 'bot-answer' }, el('div', { class: 'text' }, v.text));
  if (v.textEn) { body.append(el('div', { class: 'text-en' }, v.textEn)); }
  if (!actions) {
    if (v.faqId) { body.append(el('div', { class: 'muted bot-faq' }, `FAQ ${v.faqId}`)); }
    return body;
  }
  const chips = el('div', { class: 'bot-chips' });
  for (const q of v.quickReplies) {
    chips.append(el('button', { type: 'button', class: 'chip',
      onclick: () => actions.onQuickReply(q) }, q));
  }
  if (v.offersHandover) {
    chips.append(el('button', { type: 'button', class: 'chip handover',
      onclick: () => actions.onHandover() }, '转人工 · Talk to a person'));
  }
  if (chips.children.length) { body.append(chips); }
  return body;
}

export function renderContent(c, actions) {
  const { case: kind, value: v } = c?.content ?? {};
  switch (kind) {
    case undefined: return el('span', { class: 'muted' }, t('（空）', '(empty)'));
    case 'text': return el('span', { class: 'text' }, v);
    case 'notice': return el('span', {}, text(v.text || v.kind));
    case 'bot': return renderBot(v, actions);
    case 'product': return renderProductCard(v);
    case 'order': return renderOrderCard(v);
    case 'image': return imageThumb(v);
    default: return el('span', { class: 'muted' }, t('（暂不支持的消息）', '(unsupported message)'));
  }
}

export class MessageList {
  /** `me`: own identity; `names`: id -> display name; `staff`: show staff-only markers. */
  constructor(container, { me, names = {}, staff = false, actions = null }) {
    this.box = container;
    this.actions = actions;
    this.me = me;
    this.names = names;
    this.staff = staff;
    this.bySeq = new Map();      // seq -> element
    this.pending = new Map();    // clientMsgId -> element (not yet acked)
    this.lowest = 0;             // lowest seq shown (for history paging)
    // Read receipts (part "receipts"): show 已读/未读 under own messages once `receipts` is set.
    this.receipts = false;
    this.peerRead = 0;           // the other side has read up to this seq
    this.onRecall = null;        // staff: (seq) => void shows 撤回 on own recent messages
    this.recallWindowMs = 120000;
    this.now = () => Date.now();
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
    if (recallOf(c)) { return null; }
    const mine = m.senderId === this.me;
    // A customer reads a recalled message as the server's "recalled" marker, in its place.
    const marker = m.recalled && c?.content.case === 'notice' && c.content.value.kind === 'recalled';
    const whisper = m.visibility === Visibility.STAFF_ONLY;
    const kind = (c?.content.case === 'notice' && !marker) || m.senderRole === Role.SYSTEM ? 'notice'
      : mine ? 'mine' : m.senderRole === Role.CUSTOMER ? 'customer'
        : m.senderRole === Role.BOT ? 'bot' : 'staff';
    const who = m.senderRole === Role.BOT ? '智能客服 · Assistant'
      : text(this.names[m.senderId] || m.senderId);
    const node = el('div', { class: `msg msg-${kind}${whisper ? ' msg-whisper' : ''}`,
      dataset: { seq: m.seq || '' } },
    kind === 'notice' || (mine && !whisper) ? null : el('div', { class: 'msg-from' },
      whisper ? el('span', { class: 'tag internal', title: t('仅客服可见', 'staff only') },
        t('内部', 'Internal')) : null, mine ? '' : who),
    el('div', { class: 'msg-body' }, marker ? RECALLED : renderContent(c, this.actions)),
    el('div', { class: 'msg-meta' }, clockTime(m.sentAtMs || Date.now()),
      mine ? el('span', { class: 'msg-state' }, ` · ${state}`) : null,
      mine && kind !== 'notice' ? el('span', { class: 'msg-read' }) : null));
    if (m.recalled) { node.classList.add('recalled'); }
    node.sentAt = m.sentAtMs || this.now();
    return node;
  }

  /** The other side read up to `seq`: own messages at or below it show 已读, the rest 未读. */
  setPeerRead(seq) {
    this.peerRead = Math.max(this.peerRead, seq || 0);
    this.receipts = true;
    for (const [s, node] of this.bySeq) { this.renderRead(s, node); }
  }

  renderRead(seq, node) {
    const mark = node.querySelector('.msg-read');
    if (!mark || !this.receipts) { return; }
    const read = seq <= this.peerRead;
    mark.textContent = ` · ${read ? t('已读', 'Read') : t('未读', 'Unread')}`;
    mark.classList.toggle('read', read);
  }

  // Staff: 撤回 on own messages younger than the recall window.
  addRecall(seq, node) {
    if (!this.onRecall || !node.querySelector('.msg-read') || node.classList.contains('recalled')
        || this.now() - node.sentAt > this.recallWindowMs || node.querySelector('.recall-btn')) {
      return;
    }
    const btn = el('button', { type: 'button', class: 'ghost recall-btn',
      onclick: () => {
        if (this.now() - node.sentAt > this.recallWindowMs) { btn.remove(); }
        this.onRecall(seq);
      } }, t('撤回', 'Recall'));
    node.querySelector('.msg-meta').append(btn);
    setTimeout(() => btn.remove(), Math.max(0, this.recallWindowMs - (this.now() - node.sentAt)));
  }

  /** The highest seq shown (to mark read). */
  highest() { return Math.max(0, ...this.bySeq.keys()); }

  /** Adds a stored message (live, replayed or from history) in seq order. */
  add(m) {
    const recall = recallOf(m.content);
    if (recall) { this.recall(recall.recalledSeq); }
    const pendingNode = m.clientMsgId && this.pending.get(m.clientMsgId);
    if (pendingNode) { this.acked(m.clientMsgId, m.seq); return; }
    if (!m.seq || this.bySeq.has(m.seq)) { return; }
    const node = this.bubble(m, SENT);
    if (!node) { return; }
    const stick = this.nearBottom();
    this.bySeq.set(m.seq, node);
    this.renderRead(m.seq, node);
    this.addRecall(m.seq, node);
    this.lowest = this.lowest ? Math.min(this.lowest, m.seq) : m.seq;
    const after = [...this.box.children].find((n) => Number(n.dataset.seq) > m.seq ||
      (n.dataset.pending && !n.dataset.seq));
    this.box.insertBefore(node, after ?? null);
    if (stick) { this.scrollDown(); }
  }

  /** Shows an own message before its ack ("sending…"). */
  addPending(id, content) {
    const node = this.bubble({ senderId: this.me, content, clientMsgId: id }, t('发送中…', 'Sending…'));
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
    node.querySelector('.msg-state').textContent = ` · ${SENT}`;
    node.classList.add('acked');
    if (!this.bySeq.has(seq)) { this.bySeq.set(seq, node); }
    this.renderRead(seq, node);
    this.addRecall(seq, node);
    this.lowest = this.lowest ? Math.min(this.lowest, seq) : seq;
  }

  failed(id, reason) {
    const node = this.pending.get(id);
    if (!node) { return; }
    node.querySelector('.msg-state').textContent = ` · ✗ ${t('未发送', 'Not sent')}: ${text(reason)}`;
    node.classList.add('failed');
  }

  recall(seq) {
    const node = this.bySeq.get(seq);
    if (node) {
      node.classList.add('recalled');
      node.querySelector('.recall-btn')?.remove();
      // Staff keep the original text (struck through); a customer's copy is replaced.
      if (this.staff) {
        node.querySelector('.msg-meta').append(el('span', { class: 'muted' }, ` · ${RECALLED}`));
      } else {
        node.querySelector('.msg-body').textContent = RECALLED;
      }
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
