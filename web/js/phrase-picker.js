// Quick phrases (快捷短语) in the reply box: typing "/" and a keyword opens the picker; arrow
// keys choose, Enter or Tab puts the phrase (its variables already filled by the server for
// this conversation) into the box, Esc closes. The agent's own phrases are managed below it.
import { el, show } from './ui.js';

export class PhrasePicker {
  /** conn: the connection; text: the reply textarea; box: the picker's container;
   *  current(): the selected conversation entry or undefined; notify(msg). */
  constructor({ conn, text, box, current, notify }) {
    Object.assign(this, { conn, text, box, current, notify });
    this.phrases = [];
    this.renderedFor = -1;
    this.index = 0;
    this.matches = [];
    text.addEventListener('input', () => this.onInput());
    text.addEventListener('keydown', (e) => this.onKey(e), true);
    text.addEventListener('blur', () => setTimeout(() => this.close(), 150));
    show(box, false);
  }

  get isOpen() { return !this.box.hidden; }

  /** The phrases rendered for the selected conversation, fetched once per conversation. */
  async load(force = false) {
    const e = this.current();
    const id = e && !e.ended ? e.id : 0;
    if (!force && this.renderedFor === id) { return this.phrases; }
    const { body } = await this.conn.request('fetchQuickPhrases', { conversationId: id });
    this.phrases = body.phrases;
    this.renderedFor = id;
    return this.phrases;
  }

  invalidate() { this.renderedFor = -1; }

  keyword() {
    const m = /^\/(\S*)$/.exec(this.text.value);
    return m ? m[1].toLowerCase() : null;
  }

  async onInput() {
    const k = this.keyword();
    if (k === null) { this.close(); return; }
    try { await this.load(); } catch (err) { this.notify(`快捷短语 Quick phrases: ${err.message}`); return; }
    if (this.keyword() !== k) { return; }  // typed on meanwhile
    this.matches = this.phrases.filter((p) => !k || p.shortcut.toLowerCase().includes(k) ||
      p.group.toLowerCase().includes(k) || p.text.toLowerCase().includes(k));
    this.index = 0;
    this.render();
  }

  onKey(e) {
    if (!this.isOpen) { return; }
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const n = this.matches.length || 1;
      this.index = (this.index + (e.key === 'ArrowDown' ? 1 : n - 1)) % n;
      this.render();
    } else if ((e.key === 'Enter' || e.key === 'Tab') && this.matches.length) {
      e.preventDefault();
      e.stopImmediatePropagation();
      this.choose(this.matches[this.index]);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      this.close();
    }
  }

  choose(p) {
    this.text.value = p.rendered || p.text;
    this.close();
    this.text.focus();
    this.text.dispatchEvent(new Event('input'));
  }

  close() { show(this.box, false); }

  render() {
    const rows = this.matches.map((p, i) => el('div', {
      class: `phrase-option${i === this.index ? ' active' : ''}`, role: 'option',
      'aria-selected': i === this.index ? 'true' : 'false', dataset: { shortcut: p.shortcut },
      onmousedown: (ev) => { ev.preventDefault(); this.choose(p); },
    }, el('span', { class: 'phrase-key' }, `/${p.shortcut}`),
    p.group ? el('span', { class: 'tag' }, p.group) : null,
    el('span', { class: 'phrase-text' }, p.rendered || p.text),
    p.ownerId ? null : el('span', { class: 'muted' }, ' 店铺 shop')));
    this.box.replaceChildren(...(rows.length ? rows
      : [el('div', { class: 'muted phrase-empty' }, '没有匹配的短语 · No matching phrase')]),
    el('div', { class: 'phrase-hint muted' }, '↑↓ 选择 choose · Enter 使用 use · Esc 关闭 close'));
    show(this.box, true);
  }
}

/** The agent's own phrases: a list with delete, and a form to add one. */
export class PhraseManager {
  constructor({ conn, box, picker, notify }) {
    Object.assign(this, { conn, box, picker, notify });
  }

  async open() {
    try {
      const { body } = await this.conn.request('fetchQuickPhrases', { conversationId: 0 });
      this.render(body.phrases);
    } catch (err) { this.notify(`快捷短语 Quick phrases: ${err.message}`); }
  }

  async save(form) {
    const phrase = { id: '', group: form.group.value.trim(), shortcut: form.shortcut.value.trim(),
      text: form.text.value.trim() };
    try {
      const { body } = await this.conn.request('saveQuickPhrase', { phrase });
      this.picker.invalidate();
      this.render(body.phrases);
      this.notify('短语已保存 · Phrase saved');
    } catch (err) { this.notify(`保存失败 Not saved: ${err.message}`); }
  }

  async remove(id) {
    try {
      const { body } = await this.conn.request('deleteQuickPhrase', { id });
      this.picker.invalidate();
      this.render(body.phrases);
    } catch (err) { this.notify(`删除失败 Not deleted: ${err.message}`); }
  }

  render(phrases) {
    const own = phrases.filter((p) => p.ownerId);
    const form = el('form', { class: 'phrase-form', onsubmit: (ev) => { ev.preventDefault(); this.save(ev.target); } },
      el('input', { name: 'shortcut', required: true, maxlength: 16, placeholder: '快捷键 shortcut, e.g. kd' }),
      el('input', { name: 'group', maxlength: 16, placeholder: '分组 group, e.g. 物流' }),
      el('textarea', { name: 'text', required: true, rows: 2,
        placeholder: '内容，可用 {customer_name} {order_id} {order_status} {agent_name} {eta} · Text with variables' }),
      el('button', { type: 'submit' }, '添加短语 Add phrase'));
    this.box.replaceChildren(
      el('div', { class: 'muted' }, `我的短语 My phrases (${own.length}) · 店铺短语 Shop phrases (${phrases.length - own.length})`),
      ...own.map((p) => el('div', { class: 'own-phrase', dataset: { id: p.id } },
        el('span', { class: 'phrase-key' }, `/${p.shortcut}`), p.group ? el('span', { class: 'tag' }, p.group) : null,
        el('span', { class: 'phrase-text' }, p.text),
        el('button', { type: 'button', class: 'ghost', onclick: () => this.remove(p.id) }, '删除 Delete'))),
      form);
    show(this.box, true);
  }
}
