// The widget's visitor token: `?token=` from the URL (demo buyers), or one issued by
// POST /api/visitor-token and kept in localStorage; renewal sends the old token so the visitor
// id, and with it the open conversation, stays the same.
import { param } from './ui.js';

const KEY = 'fenliu.visitor';
const RENEW_BEFORE_S = 300;

export class VisitorToken {
  constructor() {
    this.fixed = param('token');
    this.saved = null;
    try { this.saved = JSON.parse(localStorage.getItem(KEY) || 'null'); } catch { this.saved = null; }
  }

  get value() { return this.fixed || this.saved?.token || ''; }

  /** A usable token: the URL's, a stored one that is not about to expire, or a fresh one. */
  async get() {
    if (this.fixed) { return this.fixed; }
    const left = (this.saved?.expires_at ?? 0) - Date.now() / 1000;
    if (this.saved?.token && left > RENEW_BEFORE_S) {
      this.schedule();
      return this.saved.token;
    }
    return this.renew();
  }

  async renew() {
    if (this.fixed) { return this.fixed; }
    const res = await fetch('/api/visitor-token', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(this.saved?.token ? { token: this.saved.token } : {}),
    });
    if (!res.ok) { throw new Error(`访客令牌 visitor token: HTTP ${res.status}`); }
    this.saved = await res.json();
    localStorage.setItem(KEY, JSON.stringify(this.saved));
    this.schedule();
    return this.saved.token;
  }

  // Renew ahead of expiry so a reconnect never needs a token that has just run out.
  schedule() {
    clearTimeout(this.timer);
    const inMs = ((this.saved?.expires_at ?? 0) - RENEW_BEFORE_S) * 1000 - Date.now();
    this.timer = setTimeout(() => this.renew().catch(() => {}), Math.max(10000, inMs));
  }
}
