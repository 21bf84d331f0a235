// The workbench's centre and right columns for the selected conversation: transcript with
// history paging, composer and quick phrases, customer profile, transfer and close.
import { $, el, fill, show, money } from './ui.js';
import { handoverReason, intentName, stageName, convStateName } from './enums.js';
import { textContent } from './message-list.js';
import { t, text } from './i18n.js';
import { attachCounter, composeError } from './receipts.js';
import { ErrorCode } from './codec.js';

const PAGE = 20;
const QUICK_PHRASES = [
  '您好，很高兴为您服务！请问有什么可以帮您？',
  'Hello! How can I help you today?',
  '请稍等，我帮您查询一下。',
  'Let me check that for you, one moment please.',
  '您的订单已发货，物流单号稍后会短信通知您。',
  '还有其他可以帮您的吗？ Anything else I can help with?',
];

// What the bot learnt before it handed the chat over, so the agent need not re-read it.
function renderHandover(h) {
  const rows = [el('div', {}, el('b', {}, '机器人转接 · From the bot: '),
    handoverReason[h.reason] || handoverReason.other)];
  if (h.intents.length) {
    rows.push(el('div', {}, '意图 Intents: ', h.intents.map((i) => intentName[i] || i).join('、')));
  }
  if (h.orderId) { rows.push(el('div', {}, `订单 Order: ${h.orderId}`)); }
  if (h.answeredQuestions.length) {
    rows.push(el('div', {}, '已答 Answered: ', h.answeredQuestions.join(' / ')));
  }
  if (h.unanswered.length) {
    rows.push(el('div', {}, '未答 Not answered: ', h.unanswered.join(' / ')));
  }
  if (h.risk >= 0.3) {
    rows.push(el('div', { class: 'risk' }, `投诉风险 Complaint risk: ${Math.round(h.risk * 100)}%`));
  }
  return el('div', { class: 'note handover-summary' }, ...rows);
}

export class ChatPanel {
  constructor({ conn, convs, notify }) {
    Object.assign(this, { conn, convs, notify });
    this.head = $('#chat-head');
    this.scroll = $('#chat-scroll');
    this.text = $('#chat-text');
    this.typingLine = $('#chat-typing');
    this.profile = $('#profile');
    this.wire();
    // Welcome.max_text_chars: a live counter, and a clear refusal before sending too much.
    this.counter = attachCounter(this.text, () => this.conn.welcome?.maxTextChars ?? 0);
    this.composeError = composeError($('#chat-composer'), this.text);
  }

  wire() {
    $('#phrases').append(...QUICK_PHRASES.map((p) => el('button', {
      type: 'button', class: 'ghost phrase', title: p,
      onclick: () => { this.text.value = p; this.text.focus(); },
    }, p.length > 18 ? `${p.slice(0, 18)}…` : p)));
    $('#chat-composer').addEventListener('submit', (e) => { e.preventDefault(); this.send(); });
    this.text.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); this.send(); }
    });
    this.text.addEventListener('input', () => this.typing());
    const kind = $('#transfer-kind');
    kind.addEventListener('change', () => {
      show($('#transfer-stage'), kind.value === 'stage');
      show($('#transfer-value'), kind.value !== 'stage');
    });
    $('#transfer').addEventListener('submit', (e) => { e.preventDefault(); this.transfer(); });
  }

  /** Shows the selected conversation (or nothing). */
  show() {
    const e = this.convs.current();
    this.scroll.replaceChildren();
    show(this.typingLine, false);
    if (!e) {
      this.head.replaceChildren(el('span', { class: 'muted' }, t('请选择会话', 'Select a conversation')));
      this.profile.replaceChildren('—');
      this.controls(false);
      return;
    }
    if (e.more && e.loaded) {
      this.scroll.append(el('button', { type: 'button', class: 'ghost load-more',
        onclick: () => this.loadEarlier(e) }, '加载更早的消息 · Load earlier messages'));
    }
    this.scroll.append(e.box);
    e.list.scrollDown();
    this.renderHead(e);
    this.controls(!e.ended);
    if (!e.profile) { this.fetchProfile(e); } else { this.renderProfile(e.profile); }
  }

  renderHead(e) {
    const i = e.info;
    this.head.replaceChildren(
      el('div', {},
        el('b', {}, text(e.profile?.displayName || i.customerId || `#${e.id}`)),
        e.profile?.vip ? el('span', { class: 'tag vip' }, 'VIP') : null,
        el('span', { class: 'tag' }, text(stageName[i.stage])),
        el('span', { class: 'tag' }, text(e.ended || convStateName[i.state])),
        e.note ? el('div', { class: 'note transfer-note' }, `转接备注 Note: ${text(e.note)}`) : null,
        e.handover ? renderHandover(e.handover) : null),
      el('div', { class: 'head-actions' },
        el('button', { type: 'button', class: 'ghost', id: 'logistics-conv',
          disabled: Boolean(e.ended) || e.logistics === true,
          title: '包裹在途，等待物流：占用更少的接待量 · Parked until the parcel moves (lighter load)',
          onclick: () => this.markLogistics(e) },
          e.logistics ? '等待物流中 Awaiting logistics' : '等待物流 Awaiting logistics'),
        el('button', { type: 'button', class: 'secondary', id: 'close-conv',
          disabled: Boolean(e.ended), onclick: () => this.close(e) }, '结束会话 Close')));
  }

  controls(enabled) {
    this.text.disabled = !enabled;
    $('#chat-send').disabled = !enabled;
    $('#transfer-go').disabled = !enabled;
  }

  /** First page of a conversation's history; later messages come live or by Resume. */
  async loadNewest(e) {
    const { body } = await this.conn.request('fetchHistory',
      { conversationId: e.id, beforeSeq: 0, limit: PAGE });
    this.addPage(e, body);
    const newest = body.messages.length ? body.messages[0].seq : 0;
    this.conn.track(e.id, newest);
    return newest;
  }

  async loadEarlier(e) {
    const before = e.list.lowest;
    if (!before) { return; }
    const top = this.scroll.scrollHeight - this.scroll.scrollTop;
    const { body } = await this.conn.request('fetchHistory',
      { conversationId: e.id, beforeSeq: before, limit: PAGE });
    this.addPage(e, body);
    if (this.convs.selected === e.id) {
      this.show();
      e.box.scrollTop = e.box.scrollHeight - top;
    }
  }

  addPage(e, history) {
    for (const m of history.messages) {
      this.conn.markSeen(e.id, m.seq);
      e.list.add(m);
    }
    e.more = history.more;
    e.loaded = true;
  }

  send() {
    const e = this.convs.current();
    const draft = this.text.value.trim();
    if (!e || e.ended || !draft) { return; }
    const tooLong = this.counter.check();
    if (tooLong) { this.composeError(tooLong); return; }  // the draft stays in the box
    this.text.value = '';
    this.counter.update();
    this.typingSent = 0;  // the message ends "typing" on the other side: the next key says it again
    const content = textContent(draft);
    const { id, done } = this.conn.sendMessage(e.id, content);
    e.list.addPending(id, content);
    done.then((ack) => e.list.acked(id, ack.seq)).catch((err) => {
      e.list.failed(id, err.code === ErrorCode.TEXT_TOO_LONG ? t('消息过长', 'too long') : err.message);
      // The server still refused: give the draft back rather than lose it.
      if (!this.text.value && this.convs.current() === e) {
        this.text.value = draft;
        this.counter.update();
      }
      this.composeError(`${t('发送失败，草稿已保留', 'Not sent; your draft is kept')}: ${text(err.message)}`);
    });
  }

  typing() {
    const e = this.convs.current();
    if (!e || e.ended || Date.now() - (this.typingSent || 0) < 3000) { return; }
    this.typingSent = Date.now();
    this.conn.post('typing', { conversationId: e.id, typing: true });
  }

  showTyping(notice) {
    if (notice.conversationId !== this.convs.selected) { return; }
    this.typingLine.textContent = '客户正在输入… Customer is typing…';
    show(this.typingLine, notice.typing);
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => show(this.typingLine, false), 6000);
  }

  async fetchProfile(e) {
    try {
      const { body } = await this.conn.request('fetchProfile', { conversationId: e.id });
      e.profile = body;
      if (this.convs.selected === e.id) { this.renderProfile(body); this.renderHead(e); }
    } catch (err) {
      this.profile.replaceChildren(el('span', { class: 'muted' }, `${t('客户资料', 'profile')}: ${text(err.message)}`));
    }
  }

  renderProfile(p) {
    this.profile.className = 'profile';
    fill(this.profile,
      el('div', { class: 'profile-name' }, text(p.displayName || p.customerId),
        p.vip ? el('span', { class: 'tag vip' }, 'VIP') : null),
      p.displayName ? el('div', { class: 'muted' }, p.customerId) : null,
      el('div', { class: 'tags' }, ...p.tags.filter((t) => !(p.vip && t.toLowerCase() === 'vip')).map((t) => el('span', { class: 'tag' }, t))),
      el('div', { class: 'side-sub' }, `订单 Orders (${p.orders.length})`),
      ...p.orders.map((o) => el('div', { class: 'order-row' },
        el('div', {}, el('b', {}, o.orderId), el('span', { class: 'tag' }, o.status),
          el('span', { class: 'price' }, money(o.totalCents))),
        ...o.items.map((i) => el('div', { class: 'muted' }, `${i.title} × ${i.quantity}`)))));
  }

  /** The chat waits on the parcel: it weighs less in this agent's load until the buyer writes. */
  async markLogistics(e) {
    try {
      await this.conn.request('markAwaitingLogistics', { conversationId: e.id });
      e.logistics = true;
      this.renderHead(e);
      this.notify('已标记为等待物流 · Marked as awaiting logistics');
    } catch (err) { this.notify(`${t('等待物流', 'awaiting logistics')}: ${err.message}`); }
  }

  async close(e) {
    try {
      await this.conn.request('closeConversation', { conversationId: e.id });
      this.notify('会话已结束 · Conversation closed');
    } catch (err) { this.notify(`${t('结束会话', 'close')}: ${err.message}`); }
  }

  async transfer() {
    const e = this.convs.current();
    if (!e || e.ended) { return; }
    const kind = $('#transfer-kind').value;
    const value = $('#transfer-value').value.trim();
    const target = { target: kind === 'stage'
      ? { case: 'stage', value: Number($('#transfer-stage').value) }
      : { case: kind === 'skill' ? 'skill' : 'agentId', value } };
    if (kind !== 'stage' && !value) { this.notify(t('转接：请输入技能或客服编号', 'transfer: enter a skill or agent id')); return; }
    try {
      await this.conn.request('transfer', { conversationId: e.id, target,
        note: $('#transfer-note').value.trim() });
      $('#transfer-note').value = '';
      e.list.notice('已提交转接 · Transfer requested');
    } catch (err) { this.notify(`${t('转接', 'transfer')}: ${err.message}`); }
  }
}
