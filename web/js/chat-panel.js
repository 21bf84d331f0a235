// The workbench's centre and right columns for the selected conversation: transcript with
// history paging, composer and quick phrases, customer profile, transfer and close.
import { $, el, fill, show, money } from './ui.js';
import { handoverReason, intentName, stageName, convStateName } from './enums.js';
import { textContent } from './message-list.js';
import { renderRecord } from './customer-record.js';
import { PhrasePicker, PhraseManager } from './phrase-picker.js';
import { SuggestionBar } from './suggestions.js';
import { attachImageInput } from './images.js';
import { entryCardNode, mountCardPickers } from './cards.js';
import { t, text } from './i18n.js';
import { attachCounter, composeError } from './receipts.js';
import { ErrorCode } from './codec.js';

const PAGE = 20;

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
    this.picker = new PhrasePicker({ conn: this.conn, text: this.text, box: $('#phrase-picker'),
      current: () => this.convs.current(), notify: this.notify });
    this.phraseManager = new PhraseManager({ conn: this.conn, box: $('#my-phrases'),
      picker: this.picker, notify: this.notify });
    $('#my-phrases-open').addEventListener('click', () => this.phraseManager.open());
    this.suggestions = new SuggestionBar({ conn: this.conn, bar: $('#suggestions'), text: this.text });
    mountCardPickers($('#card-tools'), this);
    $('#chat-composer').addEventListener('submit', (e) => { e.preventDefault(); this.send(); });
    this.text.addEventListener('keydown', (e) => {
      if (this.picker.isOpen) { return; }  // Enter picks the phrase
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); this.send(); }
    });
    this.text.addEventListener('input', () => this.typing());
    attachImageInput({ form: $('#chat-composer'), before: $('#chat-send'), input: this.text,
      dropZone: this.scroll.parentElement, enabled: () => !this.text.disabled,
      send: (content) => this.send(content),
      onError: (text) => { this.convs.current()?.list.notice(`⚠ ${text}`); this.notify(`⚠ ${text}`); } });
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
      this.suggestions.refresh(null);
      return;
    }
    this.picker.invalidate();
    this.suggestions.refresh(e);
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
        entryCardNode(i),
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

  send(image = null) {
    const e = this.convs.current();
    const draft = image ? '' : this.text.value.trim();
    if (!e || e.ended || (!draft && !image)) { return; }
    if (!image) {
      const tooLong = this.counter.check();
      if (tooLong) { this.composeError(tooLong); return; }  // the draft stays in the box
      this.text.value = '';
      this.counter.update();
    }
    this.typingSent = 0;  // the message ends "typing" on the other side: the next key says it again
    const content = image ?? textContent(draft);
    const { id, done } = this.conn.sendMessage(e.id, content);
    e.list.addPending(id, content);
    done.then((ack) => e.list.acked(id, ack.seq)).catch((err) => {
      e.list.failed(id, err.code === ErrorCode.TEXT_TOO_LONG ? t('消息过长', 'too long') : err.message);
      // The server still refused: give the draft back rather than lose it.
      if (draft && !this.text.value && this.convs.current() === e) {
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

  /** The buyer wrote in `e`: new suggestions when it is the open conversation. */
  buyerWrote(e) {
    if (this.convs.current() === e) { this.suggestions.refresh(e); }
  }

  /** A CustomerProfile for entry `e` arrived (with an Offer, Assigned, an edit or a push). */
  setProfile(e, p) {
    e.profile = p;
    this.picker.invalidate();
    if (this.convs.selected === e.id) { this.renderProfile(p); this.renderHead(e); }
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
    const e = this.convs.current();
    const editable = e && !e.ended;
    const edit = editable ? {
      addTags: (tags) => this.editRecord(e, 'editCustomerTags',
        { conversationId: e.id, add: tags, remove: [] }),
      removeTag: (tag) => this.editRecord(e, 'editCustomerTags',
        { conversationId: e.id, add: [], remove: [tag] }),
      addNote: (text) => this.editRecord(e, 'addCustomerNote', { conversationId: e.id, text }),
    } : null;
    renderRecord(this.profile, p, edit);
  }

  async editRecord(e, kind, body) {
    try {
      const { body: p } = await this.conn.request(kind, body);
      this.setProfile(e, p);
    } catch (err) {
      this.notify(`客户档案未保存 Not saved: ${err.message}`);
      throw err;
    }
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
