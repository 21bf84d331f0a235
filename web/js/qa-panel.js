// QA inspection: a sample of closed conversations (filtered by stage), a read-only transcript
// and the checklist score form. QA reads and scores; it never writes into a conversation.
import { $, el, show, clockTime } from './ui.js';
import { stageName } from './enums.js';
import { MessageList, recallOf } from './message-list.js';

const SAMPLE_LIMIT = 50;  // the server caps it at 200
const MAX_SCORE = 5;
// The checklist; the ids are what the server stores as QaScore.item.
const ITEMS = [
  ['greeting', '问候 Greeting'], ['accuracy', '准确 Accuracy'],
  ['tone', '语气 Tone'], ['resolution', '解决 Resolution'],
];

export class QaPanel {
  constructor({ conn, me, notify }) {
    Object.assign(this, { conn, me, notify });
    this.sample = [];
    this.saved = new Map();  // conversation id -> total score saved in this session
    this.selected = 0;
    this.list = new MessageList($('#qa-transcript'), { me, staff: true });
    this.wire();
  }

  wire() {
    $('#qa-stage').addEventListener('change', () => this.load());
    $('#qa-refresh').addEventListener('click', () => this.load());
    // The browser's own validation (required, 0..5, whole numbers) blocks a bad submit.
    $('#qa-items').append(...ITEMS.map(([id, label]) => el('label', { class: 'qa-item' },
      el('span', {}, label), el('input', { type: 'number', id: `qa-score-${id}`, min: 0,
        max: MAX_SCORE, step: 1, value: MAX_SCORE, required: true }))));
    $('#qa-form').addEventListener('submit', (e) => { e.preventDefault(); this.submit(); });
  }

  async load() {
    const stage = Number($('#qa-stage').value);
    try {
      const { body } = await this.conn.request('fetchQaSample', { limit: SAMPLE_LIMIT, stage });
      if (stage !== Number($('#qa-stage').value)) { return; }  // the filter changed meanwhile
      this.sample = body.conversations;
      this.renderList();
    } catch (e) {
      this.notify(`质检抽样 QA sample: ${e.message}`);
    }
  }

  renderList() {
    if (!this.sample.length) {
      $('#qa-list').replaceChildren(el('div', { class: 'muted empty' },
        'No closed conversations 暂无已结束的会话'));
      return;
    }
    $('#qa-list').replaceChildren(...this.sample.map((c) => {
      const total = this.saved.get(c.conversationId);
      return el('div', { class: `conv${c.conversationId === this.selected ? ' selected' : ''}`,
        dataset: { conv: c.conversationId }, onclick: () => this.open(c) },
      el('div', { class: 'conv-top' }, el('b', {}, c.customerId || `#${c.conversationId}`),
        total === undefined ? null : el('span', { class: 'tag' }, `✓ ${total}`)),
      el('div', { class: 'conv-sub muted' }, `#${c.conversationId} · ${stageName[c.stage] ?? ''}`,
        ` · ${c.agentId || '—'} · ${clockTime(c.createdAtMs)}`));
    }));
  }

  async open(info) {
    const id = info.conversationId;
    this.selected = id;
    this.renderList();
    this.list.clear();
    $('#qa-submit').disabled = true;
    this.showTotal();
    $('#qa-head').replaceChildren(el('span', { class: 'muted' }, `#${id} 加载中 loading…`));
    let t;
    try {
      ({ body: t } = await this.conn.request('fetchTranscript', { conversationId: id }));
    } catch (e) {
      this.notify(`会话记录 transcript: ${e.message}`);
      return;
    }
    if (this.selected !== id) { return; }  // another conversation was clicked meanwhile
    const c = t.conversation;
    $('#qa-head').replaceChildren(el('div', {},
      el('b', {}, `#${id} · ${c.customerId ?? ''}`),
      el('div', { class: 'muted' }, `${stageName[c.stage] ?? ''} · 客服 agent ${c.agentId || '—'}`,
        ` · ${t.messages.length} 条消息 messages · 只读 read-only`),
      // Stored context (part "receipts"): the buyer's rating and the last transfer note.
      el('div', { class: 'qa-rating' }, t.ratingStars
        ? `客户评分 Rating ${'★'.repeat(t.ratingStars)}${'☆'.repeat(5 - t.ratingStars)}` +
          (t.ratingComment ? ` · ${t.ratingComment}` : '')
        : '客户未评分 Not rated'),
      t.transferNote ? el('div', { class: 'note transfer-note' }, `转接备注 Note: ${t.transferNote}`) : null));
    // A Recall would blank its original in MessageList; QA is meant to see the original, which
    // the transcript still carries with `recalled` set (shown greyed).
    for (const m of t.messages) {
      if (!recallOf(m.content)) { this.list.add(m); }
    }
    $('#qa-submit').disabled = false;
  }

  async submit() {
    const id = this.selected;
    if (!id) { return; }
    const scores = ITEMS.map(([item]) => ({ item, score: Number($(`#qa-score-${item}`).value) }));
    $('#qa-submit').disabled = true;
    try {
      const { body } = await this.conn.request('submitQaReview',
        { conversationId: id, scores, comment: $('#qa-comment').value.trim() });
      this.saved.set(body.conversationId, body.totalScore);
      this.renderList();
      this.showTotal();
    } catch (e) {
      this.notify(`评分 review: ${e.message}`);
    } finally {
      $('#qa-submit').disabled = this.selected === 0;
    }
  }

  /** The total the server saved for the selected conversation, if any. */
  showTotal() {
    const total = this.saved.get(this.selected);
    show($('#qa-total'), total !== undefined);
    if (total === undefined) { return; }
    $('#qa-total').replaceChildren('已保存 Saved · 总分 Total ',
      el('b', { id: 'qa-total-score' }, total), ` / ${ITEMS.length * MAX_SCORE}`);
  }
}
