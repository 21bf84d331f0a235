// The workbench's sidebar model: conversations this agent serves (each with its own transcript
// and unread count) and pending offers with their countdown.
import { el, clockTime } from './ui.js';
import { MessageList } from './message-list.js';
import { stageName, convStateName } from './enums.js';
import { t, text, reasonText } from './i18n.js';

export class Conversations {
  /** onSelect(id), onAccept(id), onDecline(id), onDismiss(id); serverNow() for countdowns. */
  constructor({ listBox, offersBox, onSelect, onAccept, onDecline, onDismiss, serverNow }) {
    Object.assign(this, { listBox, offersBox, onSelect, onAccept, onDecline, onDismiss, serverNow });
    this.entries = new Map();
    this.offers = new Map();   // conversation id -> Offer
    this.selected = 0;
    this.me = '';
    setInterval(() => this.renderOffers(), 1000);
  }

  get(id) { return this.entries.get(id); }

  current() { return this.entries.get(this.selected); }

  /** The entry for a conversation, created on first sight. */
  ensure(info) {
    let e = this.entries.get(info.conversationId);
    if (!e) {
      const box = el('div', { class: 'messages' });
      e = { id: info.conversationId, info, unread: 0, ended: '', note: '', more: true,
        loaded: false, profile: null, box, list: new MessageList(box, { me: this.me, staff: true }) };
      this.entries.set(info.conversationId, e);
    } else {
      e.info = { ...e.info, ...info };
      e.ended = '';
    }
    this.render();
    return e;
  }

  /** Marks a conversation as no longer this agent's (closed, transferred, taken back). */
  end(id, reason) {
    const e = this.entries.get(id);
    if (!e) { return; }
    e.ended = reason;
    this.render();
  }

  remove(id) {
    this.entries.delete(id);
    if (this.selected === id) { this.selected = 0; }
    this.render();
  }

  unread(id) {
    const e = this.entries.get(id);
    if (e && (id !== this.selected || document.hidden)) { e.unread += 1; this.render(); }
  }

  select(id) {
    this.selected = id;
    const e = this.entries.get(id);
    if (e) { e.unread = 0; }
    this.render();
    this.onSelect(id);
  }

  render() {
    const rows = [...this.entries.values()].sort((a, b) => Number(Boolean(a.ended)) -
      Number(Boolean(b.ended)) || b.id - a.id);
    if (!rows.length) {
      this.listBox.replaceChildren(el('div', { class: 'muted empty' }, t('暂无会话', 'No conversations yet')));
      return;
    }
    this.listBox.replaceChildren(...rows.map((e) => el('div', {
      class: `conv${e.id === this.selected ? ' selected' : ''}${e.ended ? ' ended' : ''}`,
      dataset: { conv: e.id }, onclick: () => this.select(e.id),
    },
    el('div', { class: 'conv-top' },
      el('b', {}, e.info.customerId || `#${e.id}`),
      e.unread ? el('span', { class: 'badge unread' }, e.unread) : null),
    el('div', { class: 'conv-sub muted' }, `#${e.id} · ${stageName[e.info.stage] ?? ''} · `,
      text(e.ended || convStateName[e.info.state])),
    e.ended ? el('button', { type: 'button', class: 'ghost dismiss', title: t('从列表移除', 'remove from list'),
      onclick: (ev) => { ev.stopPropagation(); this.onDismiss(e.id); } }, '×') : null)));
  }

  addOffer(offer) {
    this.offers.set(offer.conversation.conversationId, offer);
    this.renderOffers();
  }

  removeOffer(id) {
    this.offers.delete(id);
    this.renderOffers();
  }

  renderOffers() {
    if (!this.offers.size) {
      if (!this.offersBox.querySelector('.empty')) {
        this.offersBox.replaceChildren(el('div', { class: 'muted empty' }, t('暂无接入请求', 'No offers')));
      }
      return;
    }
    this.offersBox.replaceChildren(...[...this.offers.values()].map((o) => {
      const c = o.conversation;
      const left = Math.max(0, Math.floor((o.expiresAtMs - this.serverNow()) / 1000));
      return el('div', { class: 'offer', dataset: { conv: c.conversationId } },
        el('div', { class: 'conv-top' }, el('b', {}, text(o.profile?.displayName || c.customerId),
          o.profile?.displayName ? el('span', { class: 'muted' }, ` ${text(c.customerId)}`) : null,
          o.profile?.vipLevel ? el('span', { class: 'tag vip' }, `VIP${o.profile.vipLevel}`) : null),
          el('span', { class: `countdown${left <= 5 ? ' urgent' : ''}` }, `${left} s`)),
        el('div', { class: 'conv-sub muted' }, `#${c.conversationId} · ${text(stageName[c.stage])}`,
          o.reason ? ` · ${reasonText(o.reason)}` : '',
          ` · ${t('开始于', 'since')} ${clockTime(c.createdAtMs)}`),
        el('div', { class: 'offer-actions' },
          el('button', { type: 'button', class: 'accept',
            onclick: () => this.onAccept(c.conversationId) }, '接入 Accept'),
          el('button', { type: 'button', class: 'ghost decline',
            onclick: () => this.onDecline(c.conversationId) }, '拒绝 Decline')));
    }));
  }
}
