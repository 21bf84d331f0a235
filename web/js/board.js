// Supervisor live board: agents (state, load/capacity, stages, on shift), queues per stage and
// alerts. Fed by SubscribeBoard snapshots, AgentStateChanged pushes and SupervisorAlert pushes.
import { $, el, clockTime, duration, show } from './ui.js';
import { stageName, agentStateName, alertName } from './enums.js';

const MAX_ALERTS = 50;

export class Board {
  constructor() {
    this.agents = new Map();
    this.alerts = [];
    this.unseen = 0;
  }

  snapshot(b) {
    this.agents = new Map(b.agents.map((a) => [a.agentId, a]));
    $('#board-at').textContent = b.atMs ? `· ${clockTime(b.atMs)}` : '';
    $('#stage-table tbody').replaceChildren(...b.stages.map((s) => el('tr', {},
      el('td', {}, stageName[s.stage]), el('td', { class: s.queued ? 'hot' : '' }, s.queued),
      el('td', {}, s.active), el('td', {}, s.longestWaitSeconds ? duration(s.longestWaitSeconds) : '—'))));
    this.renderAgents();
  }

  agentChanged(c) {
    const a = this.agents.get(c.agentId);
    if (!a) { return; }
    Object.assign(a, { state: c.state, load: c.load, capacity: c.capacity });
    this.renderAgents();
  }

  renderAgents() {
    $('#agent-table tbody').replaceChildren(...[...this.agents.values()].map((a) => {
      const pct = a.capacity ? Math.round((100 * a.load) / a.capacity) : 0;
      return el('tr', { dataset: { agent: a.agentId } },
        el('td', {}, el('b', {}, a.displayName || a.agentId), el('div', { class: 'muted' }, a.agentId)),
        el('td', {}, el('span', { class: `dot state-${a.state}` }), agentStateName[a.state]),
        el('td', {}, el('div', { class: 'meter' }, el('div', { style: `width:${pct}%` })),
          `${a.load} / ${a.capacity}`),
        el('td', {}, a.stages.map((s) => stageName[s]).join(', ')),
        el('td', {}, a.onShift ? '✓ 在班 on shift' : el('span', { class: 'muted' }, '不在班 off')));
    }));
  }

  alert(a, visible) {
    this.alerts.unshift({ ...a, at: Date.now() });
    this.alerts.length = Math.min(this.alerts.length, MAX_ALERTS);
    if (!visible) { this.unseen += 1; }
    this.renderAlerts();
  }

  seen() { this.unseen = 0; this.renderAlerts(); }

  renderAlerts() {
    const badge = $('#alert-count');
    badge.textContent = this.unseen;
    show(badge, this.unseen > 0);
    if (!this.alerts.length) { return; }
    $('#alerts').replaceChildren(...this.alerts.map((a) => el('li', { class: `alert alert-${a.kind}` },
      el('b', {}, alertName[a.kind] || '告警 · Alert'), ` ${clockTime(a.at)} · `, a.conversationId ? `#${a.conversationId} · ` : '',
      a.stage ? `${stageName[a.stage]} · ` : '', a.text)));
  }
}
