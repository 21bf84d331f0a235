// QA inspection: the sample the shop's rules pick (every unhappy rating and risk-flagged chat,
// plus a daily share per agent; refreshed by the server as chats close), a read-only
// transcript with earlier reviews, and the shop's checklist (from the server) as a score form.
// QA reads and scores; it never writes into a conversation.
import { $, el, show, clockTime } from './ui.js';
import { stageName } from './enums.js';
import { MessageList, recallOf } from './message-list.js';
import { t } from './i18n.js';

const SAMPLE_LIMIT = 50;  // the server caps it at 200
const REASON = {
  unsatisfied: t('差评', 'unhappy rating'),
  risk: t('投诉风险', 'complaint risk'),
  share: t('随机抽样', 'random share'),
};

export class QaPanel {
  constructor({ conn, me, notify }) {
    Object.assign(this, { conn, me, notify });
    this.sample = [];
    this.reasons = new Map();  // conversation id -> why it is in the sample
    this.items = [];           // the shop's checklist (FetchQaChecklist)
    this.saved = new Map();  // conversation id -> total score saved in this session
    this.selected = 0;
    this.list = new MessageList($('#qa-transcript'), { me, staff: true });
    this.wire();
  }

  wire() {
    $('#qa-stage').addEventListener('change', () => this.load());
    $('#qa-refresh').addEventListener('click', () => this.load());
    $('#qa-form').addEventListener('submit', (e) => { e.preventDefault(); this.submit(); });
  }

  /** The checklist as a form: the browser's own validation (0..max, whole numbers) blocks a
   * bad submit; the server refuses one anyway. */
  async loadChecklist() {
    try {
      const { body } = await this.conn.request('fetchQaChecklist', {});
      this.items = body.items;
    } catch (e) {
      this.notify(`${t('质检项', 'checklist')}: ${e.message}`);
      return;
    }
    $('#qa-items').replaceChildren(...this.items.map((i) => el('label', { class: 'qa-item' },
      el('span', {}, `${i.label} ×${i.weight}`), el('input', { type: 'number', id: `qa-score-${i.id}`,
        min: 0, max: i.maxScore, step: 1, value: i.maxScore, required: true }),
      el('span', { class: 'muted' }, `/ ${i.maxScore}`))));
  }

  /** A QaSample the server pushed after a conversation closed. */
  pushed(body) {
    if (Number($('#qa-stage').value) !== 0) { return; }  // a filtered list is refreshed by hand
    this.take(body);
  }

  take(body) {
    this.sample = body.conversations;
    this.reasons = new Map(body.conversations.map((c, i) => [c.conversationId, body.reasons[i]]));
    this.renderList();
  }

  async load() {
    if (!this.items.length) { await this.loadChecklist(); }
    const stage = Number($('#qa-stage').value);
    try {
      const { body } = await this.conn.request('fetchQaSample', { limit: SAMPLE_LIMIT, stage });
      if (stage !== Number($('#qa-stage').value)) { return; }  // the filter changed meanwhile
      this.take(body);
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
        el('span', { class: `tag reason-${this.reasons.get(c.conversationId)}` },
          REASON[this.reasons.get(c.conversationId)] || ''),
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
    this.loadReviews(id);
  }

  async loadReviews(id) {
    try {
      const { body } = await this.conn.request('fetchQaReviews', { conversationId: id });
      if (this.selected !== id) { return; }
      if (!body.reviews.length) {
        $('#qa-reviews').replaceChildren(el('li', { class: 'muted' }, t('暂无评分', 'No reviews yet')));
        return;
      }
      $('#qa-reviews').replaceChildren(...body.reviews.map((r) => el('li', {},
        `${clockTime(Number(r.atMs))} · ${r.reviewerId} · ${t('总分', 'total')} ${r.totalScore}/100`,
        r.comment ? ` · ${r.comment}` : '')));
    } catch (e) {
      this.notify(`${t('质检记录', 'reviews')}: ${e.message}`);
    }
  }

  async submit() {
    const id = this.selected;
    if (!id) { return; }
    const scores = this.items.map((i) => ({ item: i.id, score: Number($(`#qa-score-${i.id}`).value) }));
    $('#qa-submit').disabled = true;
    try {
      const { body } = await this.conn.request('submitQaReview',
        { conversationId: id, scores, comment: $('#qa-comment').value.trim() });
      this.saved.set(body.conversationId, body.totalScore);
      this.renderList();
      this.showTotal();
      this.loadReviews(id);
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
      el('b', { id: 'qa-total-score' }, total), ' / 100');
  }
}
