// Supervisors: peak mode (大促) — whether it is on, who switched it, the scheduled windows, and
// a switch (GET / POST /api/peak). The router and the bot follow the server's state.
import { $, el } from './ui.js';

export class PeakPanel {
  constructor({ token, notify }) {
    this.token = token;
    this.notify = notify;
    this.on = false;
    $('#peak-toggle').onclick = () => this.set(!this.on);
  }

  async request(init = {}) {
    const res = await fetch('/api/peak', {
      ...init, headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' } });
    const body = await res.json();
    if (!res.ok) { throw new Error(body.detail || body.error || `HTTP ${res.status}`); }
    return body;
  }

  async load() {
    try {
      this.show(await this.request());
    } catch (e) {
      $('#peak-state').replaceChildren(`无法读取 · Could not load: ${e.message}`);
    }
  }

  async set(on) {
    const button = $('#peak-toggle');
    button.disabled = true;
    try {
      this.show(await this.request({ method: 'POST', body: JSON.stringify({ on }) }));
    } catch (e) {
      this.notify(`大促模式切换失败 · Peak mode not switched: ${e.message}`);
    } finally {
      button.disabled = false;
    }
  }

  show(s) {
    this.on = s.on;
    const by = s.by === 'schedule' ? '按排期 · by schedule' : s.by ? `由 ${s.by} · by ${s.by}` : '';
    const r = s.rules;
    $('#peak-toggle').textContent = s.on ? '关闭大促 Turn off' : '开启大促 Turn on';
    const state = $('#peak-state');
    state.classList.toggle('peak-on', s.on);
    state.replaceChildren(
      el('b', {}, s.on ? '已开启 · On' : '未开启 · Off'), by ? ` ${by}` : '',
      el('div', { class: 'muted' },
        `接待上限 ×${r.capacity_factor} capacity · VIP 预留 ${r.vip_reserved_slots} reserved · ` +
        `${r.force_bot_first ? '机器人先答 bot first · ' : ''}排队超 ${r.likely_patience_s} s 提示留言 leave a message`),
      el('div', { class: 'muted' }, s.windows.length
        ? `排期（店铺时间）Schedule, shop time: ${s.windows.map((w) => `${w.from} – ${w.to}`).join('；')}`
        : '无排期 · No scheduled window'));
  }
}
