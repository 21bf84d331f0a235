// WebSocket client for the fenliu.v1 protocol: request ids and a pending map, reconnect with
// backoff and jitter by close code, Resume per conversation after a reconnect, resend of unacked
// SendMessage with the same clientMsgId, and dedupe of deliveries by seq.
import { encodeClient, decodeServer, CloseCode, ErrorCode } from './codec.js';
import { t } from './i18n.js';

// Close codes after which reconnecting the same way fails the same way (fenliu.proto CloseCode).
const NO_RETRY = new Map([
  [CloseCode.NORMAL, t('连接已关闭', 'closed normally')],
  [CloseCode.PROTOCOL_ERROR, t('协议错误', 'protocol error')],
  [CloseCode.BAD_FRAMES, t('错误帧过多', 'too many bad frames')],
  [CloseCode.TOO_MANY_CONNECTIONS, t('此账号连接过多', 'too many connections for this identity')],
]);

/**
 * Why the server refused the upgrade, asked over plain HTTP (a browser never sees the 401 of a
 * refused WebSocket): 'invalid' when GET /api/token-check answers 401, '' when the token is fine
 * or the server cannot be reached (then it is a restart or a network problem: keep retrying).
 */
async function tokenProblem(wsUrlText) {
  try {
    const token = new URL(wsUrlText).searchParams.get('token') ?? '';
    const res = await fetch('/api/token-check', { headers: { Authorization: `Bearer ${token}` } });
    if (res.status !== 401) { return ''; }
    const body = await res.json().catch(() => ({}));
    return body.detail || 'invalid';
  } catch {
    return '';
  }
}
const MIN_BACKOFF_MS = { [CloseCode.RATE_LIMITED]: 2000, [CloseCode.OVERLOADED]: 3000 };
const RETRYABLE_ERRORS = new Set([ErrorCode.RATE_LIMITED, ErrorCode.STORE_UNAVAILABLE,
  ErrorCode.OVERLOADED, ErrorCode.INTERNAL]);
const REQUEST_TIMEOUT_MS = 15000;
const ACK_TIMEOUT_MS = 10000;

export class ProtocolError extends Error {
  constructor(err) {
    super(err.detail || `error ${err.code}`);
    this.code = err.code;
    this.retryable = err.retryable;
  }
}

export function newClientMsgId() {
  return `c-${Date.now().toString(36)}-${crypto.getRandomValues(new Uint32Array(2)).join('')}`;
}

export class Connection {
  /**
   * url():        the WebSocket URL (called on every connect, so a renewed token is picked up)
   * onWelcome(w, reconnect), onPush(kind, body, env), onStatus(text, kind),
   * renewToken(): optional async; called after TOKEN_EXPIRED (4101) or a refused token.
   * onAuthFailed(detail): optional; the token is refused (and could not be renewed): the
   * connection stops, the page goes back to sign-in.
   */
  constructor({ url, onWelcome, onPush, onStatus, renewToken, onAuthFailed }) {
    Object.assign(this, { url, onWelcome, onPush, onStatus, renewToken, onAuthFailed });
    this.ws = null;
    this.nextId = 1;
    this.pending = new Map();   // requestId -> {resolve, reject, timer}
    this.outbox = new Map();    // clientMsgId -> {convId, content, resolve, reject, timer}
    this.inflight = null;       // clientMsgId of the message awaiting its SendAck
    this.convs = new Map();     // conversation id -> {last: max seq seen, seen: Set}
    this.attempts = 0;
    this.failedOpens = 0;
    this.welcomed = false;
    this.stopped = false;
    this.welcome = null;
  }

  start() { this.stopped = false; this.connect(); }

  stop() {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.ws?.close(1000);
  }

  get open() { return this.ws?.readyState === WebSocket.OPEN && this.welcomed; }

  connect() {
    this.welcomed = false;
    this.status(t('连接中…', 'Connecting…'), 'wait');
    const ws = new WebSocket(this.url());
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    ws.onmessage = (ev) => {
      if (ev.data instanceof ArrayBuffer) { this.receive(new Uint8Array(ev.data)); }
    };
    ws.onclose = (ev) => this.closed(ws, ev);
  }

  async closed(ws, ev) {
    if (ws !== this.ws) { return; }
    const wasWelcomed = this.welcomed;
    this.welcomed = false;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error(t('连接已断开', 'disconnected')));
      this.pending.delete(id);
    }
    for (const m of this.outbox.values()) { clearTimeout(m.timer); }
    this.inflight = null;
    if (this.stopped) { this.status(t('已断开', 'Disconnected'), 'off'); return; }
    if (NO_RETRY.has(ev.code)) {
      this.status(`${t('已断开', 'Disconnected')}: ${NO_RETRY.get(ev.code)}`, 'off');
      return;
    }
    this.failedOpens = wasWelcomed ? 0 : this.failedOpens + 1;
    // A refused upgrade (never welcomed) or an expired token: is it the token, or is the server
    // just restarting (1001, connection refused)? Only a 401 from /api/token-check says token.
    const problem = ev.code === CloseCode.TOKEN_EXPIRED ? 'expired'
      : !wasWelcomed ? await tokenProblem(this.url()) : '';
    if (this.stopped) { return; }
    if (problem) {
      let renewed = false;
      if (this.renewToken) {
        try { await this.renewToken(); renewed = true; } catch { /* falls through */ }
      }
      if (!renewed && this.onAuthFailed) {
        this.stopped = true;
        this.status(t('登录已失效', 'Signed out: token refused'), 'off');
        this.onAuthFailed(problem);
        return;
      }
    }
    const base = Math.min(30000, 500 * 2 ** this.attempts++);
    const delay = Math.max(MIN_BACKOFF_MS[ev.code] ?? 0, base / 2 + Math.random() * base / 2);
    this.status(`${t('正在重新连接', 'Reconnecting')}… ${Math.ceil(delay / 1000)} s`, 'wait');
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  status(text, kind) { this.onStatus?.(text, kind); }

  /** Sends a ClientEnvelope whose body is case `kind` (e.g. 'sendMessage') with `body`. */
  raw(kind, body, requestId = 0) {
    if (this.ws?.readyState !== WebSocket.OPEN) { return false; }
    this.ws.send(encodeClient({ requestId, body: { case: kind, value: body } }));
    return true;
  }

  /** Fire and forget (typing): no request id, nothing to wait for. */
  post(kind, body) { return this.open && this.raw(kind, body); }

  /** Sends a request; resolves with {kind, body} of the answer, rejects on Error. */
  request(kind, body, timeoutMs = REQUEST_TIMEOUT_MS) {
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      if (!this.open || !this.raw(kind, body, id)) {
        reject(new Error(t('未连接', 'not connected')));
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(t('请求超时', 'timed out')));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
    });
  }

  /** Tracks a conversation for Resume and dedupe; `last` is the highest seq already shown. */
  track(convId, last = 0) {
    const c = this.convs.get(convId);
    if (c) { c.last = Math.max(c.last, last); return; }
    this.convs.set(convId, { last, seen: new Set() });
  }

  untrack(convId) { this.convs.delete(convId); }

  /** Records a seq; false when it was seen before (a replay or a duplicate delivery). */
  markSeen(convId, seq) {
    this.track(convId);
    const c = this.convs.get(convId);
    if (seq === 0 || c.seen.has(seq)) { return seq !== 0 ? false : true; }
    c.seen.add(seq);
    c.last = Math.max(c.last, seq);
    return true;
  }

  /**
   * Sends a chat message, resending it (same clientMsgId) after a timeout, a retryable error
   * or a reconnect until the SendAck arrives. Returns {id, done: Promise<SendAck>}.
   * One message is in flight at a time, so a dropped frame (rate limit) cannot let a later
   * message overtake it: the order the user typed is the order of the seqs.
   */
  sendMessage(convId, content, id = newClientMsgId()) {
    const done = new Promise((resolve, reject) => {
      this.outbox.set(id, { convId, content, resolve, reject, timer: null });
    });
    this.pump();
    return { id, done };
  }

  /** Waits for the SendAck of a message sent another way (StartConversation.firstText). */
  expectAck(id, convId, content) {
    return new Promise((resolve, reject) => {
      this.outbox.set(id, { convId, content, resolve, reject, timer: null });
    });
  }

  /** Sends the oldest unacked message unless one is already in flight. */
  pump() {
    if (this.inflight || !this.open) { return; }
    for (const [id, m] of this.outbox) {
      if (m.convId) { this.transmit(id); return; }
    }
  }

  transmit(id) {
    const m = this.outbox.get(id);
    if (!m || !m.convId || !this.open) { return; }
    clearTimeout(m.timer);
    const rid = this.nextId++;
    m.rid = rid;
    this.inflight = id;
    this.raw('sendMessage', { conversationId: m.convId, clientMsgId: id, content: m.content,
      clientTimeMs: Date.now() }, rid);
    m.timer = setTimeout(() => this.transmit(id), ACK_TIMEOUT_MS);
  }

  retryLater(id, ms) {
    const m = this.outbox.get(id);
    if (!m) { return; }
    clearTimeout(m.timer);
    m.timer = setTimeout(() => this.transmit(id), ms + Math.random() * ms);
  }

  acked(ack) {
    const m = this.outbox.get(ack.clientMsgId);
    this.markSeen(ack.conversationId, ack.seq);
    if (!m) { return; }
    clearTimeout(m.timer);
    this.outbox.delete(ack.clientMsgId);
    if (this.inflight === ack.clientMsgId) { this.inflight = null; }
    m.resolve(ack);
    this.pump();
  }

  /** An Error for a request; true when it concerned a chat message (handled here). */
  sendFailed(rid, err) {
    // A frame dropped by the rate limiter is answered with requestId 0: it may have been the
    // message in flight, so that one is resent after a rate window (a duplicate is harmless).
    if (!rid) {
      if (err.code !== ErrorCode.RATE_LIMITED) { return false; }
      if (this.inflight) { this.retryLater(this.inflight, 1000); }
      return true;
    }
    for (const [id, m] of this.outbox) {
      if (m.rid !== rid) { continue; }
      if (RETRYABLE_ERRORS.has(err.code) || err.retryable) {
        this.retryLater(id, 2000);
      } else {
        clearTimeout(m.timer);
        this.outbox.delete(id);
        if (this.inflight === id) { this.inflight = null; }
        m.reject(new ProtocolError(err));
        this.pump();
      }
      return true;
    }
    return false;
  }

  receive(bytes) {
    let env;
    try { env = decodeServer(bytes); } catch (e) {
      console.warn('undecodable frame', e);
      return;
    }
    const kind = env.body.case ?? '';
    const body = env.body.value;
    if (kind === 'welcome') { this.greeted(body); return; }
    if (kind === 'sendAck') { this.acked(body); }
    if (kind === 'message') {
      const m = body.message;
      const mine = m.clientMsgId && this.outbox.get(m.clientMsgId);
      if (mine && m.senderId === this.welcome?.identity) {
        this.acked({ conversationId: m.conversationId, clientMsgId: m.clientMsgId,
          seq: m.seq, sentAtMs: m.sentAtMs });
      } else if (!this.markSeen(m.conversationId, m.seq)) {
        return;
      }
    }
    if (kind === 'resumeResult') { this.resumed(body); }
    if (kind === 'error' && this.sendFailed(env.requestId, body)) { return; }
    const p = env.requestId && kind !== 'message' ? this.pending.get(env.requestId) : null;
    if (p) {  // an answer goes to its awaiting caller only
      clearTimeout(p.timer);
      this.pending.delete(env.requestId);
      if (kind === 'error') { p.reject(new ProtocolError(body)); } else { p.resolve({ kind, body }); }
      return;
    }
    this.onPush?.(kind, body, env);
  }

  greeted(w) {
    const reconnect = this.welcome !== null;
    this.welcome = w;
    this.welcomed = true;
    this.attempts = 0;
    this.failedOpens = 0;
    this.status(t('已连接', 'Connected'), 'ok');
    for (const [convId, c] of this.convs) {
      this.raw('resume', { conversationId: convId, lastSeq: c.last }, this.nextId++);
    }
    this.pump();
    this.onWelcome?.(w, reconnect);
  }

  /** Continues a Resume that was cut at the server's batch size, until it says no `more`. */
  resumed(r) {
    if (r.resync || !this.convs.has(r.conversationId)) { return; }
    if (r.more) {
      this.track(r.conversationId, r.toSeq);
      this.raw('resume', { conversationId: r.conversationId, lastSeq: r.toSeq }, this.nextId++);
    }
  }

  /** Sets the conversation of a message sent with StartConversation.firstText. */
  bindConversation(id, convId) {
    const m = this.outbox.get(id);
    if (!m) { return; }
    m.convId = convId;
    if (!this.inflight) { this.inflight = id; }
    clearTimeout(m.timer);
    m.timer = setTimeout(() => this.transmit(id), ACK_TIMEOUT_MS);
  }
}
