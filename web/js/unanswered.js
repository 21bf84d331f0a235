// Supervisors: the questions the bot could not answer (聊天数据分析), grouped, from
// GET /api/bot/unanswered, so the shop turns the big groups into FAQ entries.
import { $, el } from './ui.js';
import { stageName } from './enums.js';
import { Stage } from './codec.js';

const STAGES = { pre_sales: Stage.PRE_SALES, in_sale: Stage.IN_SALE, after_sales: Stage.AFTER_SALES };
const REASONS = {
  not_answered: '未能回答 · not answered',
  answered_then_handover: '答后仍转人工 · answered, then asked for a person',
};

export class UnansweredPanel {
  constructor({ token, notify }) {
    this.token = token;
    this.notify = notify;
    $('#unanswered-refresh').onclick = () => this.load();
  }

  async load() {
    const list = $('#unanswered');
    try {
      const res = await fetch('/api/bot/unanswered', {
        headers: { Authorization: `Bearer ${this.token}` } });
      const body = await res.json();
      if (!res.ok) { throw new Error(body.detail || body.error || `HTTP ${res.status}`); }
      if (!body.groups.length) {
        list.replaceChildren(el('li', { class: 'muted' }, '近7天没有未答问题 · Nothing unanswered in the last 7 days'));
        return;
      }
      list.replaceChildren(...body.groups.map((g) => el('li', { class: 'unanswered-group' },
        el('b', {}, `${g.count} × `), g.representative,
        el('span', { class: 'tag' }, stageName[STAGES[g.stage]] ?? g.stage),
        el('div', { class: 'muted' }, Object.keys(g.reasons).map((r) => REASONS[r] ?? r).join('；'),
          g.examples.length > 1 ? ` · 例 e.g. ${g.examples.slice(1).join(' / ')}` : ''))));
    } catch (e) {
      list.replaceChildren(el('li', { class: 'muted' }, `无法读取 · Could not load: ${e.message}`));
    }
  }
}
