// Supervisor live board: queues per stage with the service level of the last 15 minutes, the
// live conversations (click to monitor), agents (state, load, chats, a state switch) and the
// stored alerts until someone handles them. Fed by BoardSnapshot pushes (the server coalesces
// them), AgentStateChanged, SupervisorAlert and AlertList.
import { $, el, duration, show } from './ui.js';
import { stageName, agentStateName, alertName, convStateName } from './enums.js';
import { AgentState } from './codec.js';
import { t, formatClock } from './i18n.js';

const MAX_ALERTS = 100;

export class Board {
  constructor() {
    this.agents = new Map();
    this.alerts = new Map();  // alert id -> alert, newest first when rendered
    this.unseen = 0;
    this.conn = null;
    this.onWatch = () => {};
    this.onError = () => {};
    $('#alerts-handled')?.addEventListener('change', () => this.renderAlerts());
  }

  /** The connection for acks and state changes; `watch(id)` opens a conversation's monitor. */
  attach(conn, { watch, error }) {
    Object.assign(this, { conn, onWatch: watch, onError: error });
  }

  snapshot(b) {
    this.agents = new Map(b.agents.map((a) => [a.agentId, a]));
    $('#board-at').textContent = b.atMs ? `· ${formatClock(Number(b.atMs))}` : '';
    const target = b.serviceLevelTargetS || 30;
    $('#sl-head').textContent = t(`${target}秒接通率（15分钟）`, `Answered in ${target} s (15 min)`);
    $('#stage-table tbody').replaceChildren(...b.stages.map((s) => el('tr', {},
      el('td', {}, stageName[s.stage]), el('td', { class: s.queued ? 'hot' : '' }, s.queued),
      el('td', {}, s.active), el('td', {}, s.longestWaitSeconds ? duration(s.longestWaitSeconds) : '—'),
      el('td', { class: s.waitsEnded && s.serviceLevel < 0.8 ? 'hot' : '' },
        s.waitsEnded ? `${Math.round(100 * s.serviceLevel)}% (${s.answeredInTarget}/${s.waitsEnded})` : '—'))));
    this.renderLive(b.conversations || []);
    this.renderAgents();
  }

  agentChanged(c) {
    const a = this.agents.get(c.agentId);
    if (!a) { return; }
    Object.assign(a, { state: c.state, load: c.load, capacity: c.capacity });
    this.renderAgents();
  }

  chatLink(id) {
    return el('button', { type: 'button', class: 'link', title: t('监听', 'monitor'),
      onclick: () => this.onWatch(Number(id)) }, `#${id}`);
  }

  renderLive(list) {
    const body = $('#live-table tbody');
    if (!list.length) {
      body.replaceChildren(el('tr', {}, el('td', { colspan: 6, class: 'muted' }, t('暂无', 'None'))));
      return;
    }
    body.replaceChildren(...list.map((c) => {
      const a = this.agents.get(c.agentId);
      return el('tr', { dataset: { conversation: String(c.conversationId) } },
        el('td', {}, this.chatLink(c.conversationId)),
        el('td', {}, c.customerId || '—'),
        el('td', {}, stageName[c.stage]), el('td', {}, convStateName[c.state]),
        el('td', {}, c.agentId ? [el('b', {}, a?.displayName || c.agentId), el('div', { class: 'muted' }, c.agentId)] : '—'),
        el('td', {}, c.arrivedAtMs ? formatClock(Number(c.arrivedAtMs)) : '—'));
    }));
  }

  renderAgents() {
    $('#agent-table tbody').replaceChildren(...[...this.agents.values()].map((a) => {
      const pct = a.capacity ? Math.round((100 * a.load) / a.capacity) : 0;
      const select = el('select', { 'aria-label': t('设置状态', 'set state'),
        onchange: (e) => this.forceState(a.agentId, Number(e.target.value)) },
        ...[AgentState.ONLINE, AgentState.BUSY, AgentState.AWAY, AgentState.OFFLINE].map((s) =>
          el('option', { value: String(s), ...(s === a.state ? { selected: '' } : {}) }, agentStateName[s])));
      return el('tr', { dataset: { agent: a.agentId } },
        el('td', {}, el('b', {}, a.displayName || a.agentId), el('div', { class: 'muted' }, a.agentId)),
        el('td', { class: 'agent-state' }, el('span', { class: `dot state-${a.state}` }), agentStateName[a.state]),
        el('td', {}, el('div', { class: 'meter' }, el('div', { style: `width:${pct}%` })),
          `${a.load} / ${a.capacity}`),
        el('td', {}, a.stages.map((s) => stageName[s]).join(', ')),
        el('td', {}, a.onShift ? '✓ 在班 on shift' : el('span', { class: 'muted' }, '不在班 off')),
        el('td', {}, ...(a.conversations?.length ? a.conversations.map((id) => this.chatLink(id)) : ['—'])),
        el('td', {}, select));
    }));
  }

  async forceState(agentId, state) {
    try {
      await this.conn.request('forceAgentState', { agentId, state });
    } catch (e) {
      this.onError(`${t('设置状态', 'set state')}: ${e.message}`);
    }
  }

  /** A live SupervisorAlert (new, or updated when someone handled it). */
  alert(a, visible) {
    const known = this.alerts.has(String(a.alertId));
    this.put(a);
    if (!visible && !known && !a.acknowledgedBy) { this.unseen += 1; }
    this.renderAlerts();
  }

  /** The stored alerts (AlertList): on subscribe, the ones nobody handled yet. */
  list(alerts) {
    for (const a of alerts) { this.put(a); }
    this.renderAlerts();
  }

  put(a) {
    this.alerts.set(String(a.alertId), a);
    if (this.alerts.size > MAX_ALERTS) {
      const oldest = [...this.alerts.values()].sort((x, y) => Number(x.alertId - y.alertId))[0];
      this.alerts.delete(String(oldest.alertId));
    }
  }

  async ack(a) {
    try {
      await this.conn.request('ackAlert', { alertId: a.alertId });
    } catch (e) {
      this.onError(`${t('处理告警', 'handle alert')}: ${e.message}`);
    }
  }

  seen() { this.unseen = 0; this.renderAlerts(); }

  renderAlerts() {
    const badge = $('#alert-count');
    badge.textContent = this.unseen;
    show(badge, this.unseen > 0);
    const handled = $('#alerts-handled')?.checked;
    const shown = [...this.alerts.values()]
      .filter((a) => handled || !a.acknowledgedBy)
      .sort((x, y) => (x.alertId < y.alertId ? 1 : -1));
    if (!shown.length) {
      $('#alerts').replaceChildren(el('li', { class: 'muted' }, t('暂无告警', 'No alerts')));
      return;
    }
    $('#alerts').replaceChildren(...shown.map((a) => el('li', {
      class: `alert alert-${a.kind}${a.acknowledgedBy ? ' handled' : ''}`, dataset: { alert: String(a.alertId) } },
      el('b', {}, alertName[a.kind] || t('告警', 'Alert')), ` ${a.atMs ? formatClock(Number(a.atMs)) : ''} · `,
      a.conversationId ? this.chatLink(a.conversationId) : '', a.conversationId ? ' · ' : '',
      a.stage ? `${stageName[a.stage]} · ` : '', a.text,
      a.acknowledgedBy
        ? el('span', { class: 'muted' }, ` · ${t(`已由 ${a.acknowledgedBy} 处理`, `handled by ${a.acknowledgedBy}`)}`)
        : el('button', { type: 'button', class: 'ghost ack', onclick: () => this.ack(a) }, t('已处理', 'Handled')))));
  }
}
