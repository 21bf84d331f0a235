// Suggested replies (建议回复) above the reply box: the server ranks the shop's FAQ answers and
// the agent's quick phrases against the buyer's last message. One click puts a suggestion in
// the reply box; nothing is sent until the agent sends it.
import { el, show } from './ui.js';

const SOURCE = { faq: '知识库 FAQ', phrase: '短语 Phrase', order_status: '订单 Order' };

export class SuggestionBar {
  constructor({ conn, bar, text }) {
    Object.assign(this, { conn, bar, text });
    this.asked = 0;
    show(bar, false);
  }

  /** Asks for the suggestions of conversation `e` (the newest request wins). */
  async refresh(e) {
    const ticket = ++this.asked;
    if (!e || e.ended) { show(this.bar, false); return; }
    try {
      const { body } = await this.conn.request('fetchSuggestions', { conversationId: e.id });
      if (ticket !== this.asked) { return; }
      this.render(body);
    } catch { if (ticket === this.asked) { show(this.bar, false); } }
  }

  render(s) {
    if (!s.suggestions.length) { show(this.bar, false); return; }
    this.bar.replaceChildren(el('span', { class: 'muted suggest-title' }, '建议回复 Suggested:'),
      ...s.suggestions.map((x) => el('button', {
        type: 'button', class: 'ghost suggestion', title: x.text, dataset: { source: x.source },
        onclick: () => { this.text.value = x.text; this.text.focus(); this.text.dispatchEvent(new Event('input')); },
      }, el('span', { class: 'tag' }, SOURCE[x.source] || x.source),
      x.text.length > 40 ? `${x.text.slice(0, 40)}…` : x.text)));
    show(this.bar, true);
  }
}
