// Supervisor tools on the live board: pick a conversation (by id, or one named in an alert),
// monitor it read-only, whisper to the agent, barge in to speak to the customer, and
// force a transfer. One monitored conversation at a time.
import { $, el, show } from './ui.js';
import { newClientMsgId } from './connection.js';
import { Role, Visibility } from './codec.js';
import { MessageList, textContent } from './message-list.js';
import { decisionItem } from './decisions.js';

const HISTORY = 30;        // messages shown for context when monitoring starts
const MAX_ALERTED = 8;     // conversation ids from alerts offered as shortcuts

export class Supervise {
  constructor({ conn, me, notify }) {
    Object.assign(this, { conn, me, notify });
    this.id = 0;             // the monitored conversation
    this.barged = false;
    this.closed = false;
    this.alerted = [];       // conversation ids named by recent alerts, newest first
    this.list = new MessageList($('#mon-messages'), { me, staff: true });
    this.wire();
  }

  wire() {
    $('#mon-pick').addEventListener('submit', (e) => {
      e.preventDefault();
      this.watch(Number($('#mon-id').value.trim()));
    });
    $('#mon-stop').addEventListener('click', () => this.stop());
    $('#mon-why').addEventListener('click', () => this.explain());
    $('#mon-barge').addEventListener('click', () => this.barge());
    $('#mon-whisper').addEventListener('click', () => this.whisper());
    $('#mon-composer').addEventListener('submit', (e) => { e.preventDefault(); this.say(); });
    $('#mon-transfer').addEventListener('submit', (e) => { e.preventDefault(); this.forceTransfer(); });
  }

  /** A SupervisorAlert: its conversation becomes a one-click choice. */
  alert(a) {
    if (!a.conversationId) { return; }
    this.alerted = [a.conversationId, ...this.alerted.filter((x) => x !== a.conversationId)]
      .slice(0, MAX_ALERTED);
    $('#mon-alerted').replaceChildren(...this.alerted.map((id) => el('button', { type: 'button',
      class: 'ghost', title: 'from an alert 告警', onclick: () => this.watch(id) }, `#${id}`)));
  }

  error(text) {
    $('#mon-error').textContent = text;
    show($('#mon-error'), Boolean(text));
  }

  async watch(id) {
    if (!id || id === this.id) { return; }
    await this.stop();
    try {
      await this.conn.request('monitor', { conversationId: id, monitor: true });
    } catch (e) {
      this.error(`#${id}: ${e.message}`);
      return;
    }
    this.error('');
    Object.assign(this, { id, barged: false, closed: false });
    this.list.clear();
    show($('#mon-decisions'), false);
    $('#mon-id').value = String(id);
    $('#mon-title').textContent = `#${id} · 监听中 monitoring (read-only 只读)`;
    show($('#mon-view'), true);
    this.controls();
    // Monitoring first, history second: a message in between arrives live and is deduped by seq.
    try {
      const { body: h } = await this.conn.request('fetchHistory', { conversationId: id, limit: HISTORY });
      if (this.id !== id) { return; }
      for (const m of h.messages) { this.list.add(m); }
      this.conn.track(id, h.messages.length ? h.messages[0].seq : 0);  // resumed after a reconnect
    } catch (e) {
      this.notify(`历史记录 history: ${e.message}`);
    }
  }

  /** The router's decisions on this conversation, in words (FetchDecisions). */
  async explain() {
    const id = this.id;
    if (!id) { return; }
    try {
      const { body } = await this.conn.request('fetchDecisions', { conversationId: id });
      if (id !== this.id) { return; }
      const items = body.records.map((d) => decisionItem(d));
      $('#mon-decisions').replaceChildren(...(items.length ? items
        : [el('li', { class: 'muted' }, '暂无分配记录 No routing decisions yet')]));
      show($('#mon-decisions'), true);
    } catch (e) {
      this.error(`分配记录 decisions: ${e.message}`);
    }
  }

  async stop() {
    if (!this.id) { return; }
    const id = this.id;
    this.id = 0;
    this.conn.untrack(id);
    show($('#mon-view'), false);
    // A barged supervisor keeps receiving the conversation: the protocol has no "leave" frame.
    await this.conn.request('monitor', { conversationId: id, monitor: false }).catch(() => {});
  }

  /** A live or replayed message (the workbench passes those of conversations it does not serve). */
  message(m) { if (m.conversationId === this.id) { this.list.add(m); } }

  ended(id) {
    if (id !== this.id) { return; }
    this.closed = true;
    this.list.notice('会话已结束 · Conversation closed');
    this.controls();
  }

  controls() {
    const open = !this.closed;
    $('#mon-barge').disabled = this.barged || !open;
    $('#mon-whisper').disabled = !open;  // coaching needs no barge
    $('#mon-say').disabled = !this.barged || !open;
    $('#mon-transfer-go').disabled = !open;
    show($('#mon-hint'), !this.barged && open);
    if (this.barged) { $('#mon-title').textContent = `#${this.id} · 已插入 barged in`; }
  }

  async barge() {
    const id = this.id;
    try {
      await this.conn.request('barge', { conversationId: id });
    } catch (e) {
      this.error(`插入 barge: ${e.message}`);
      return;
    }
    if (id !== this.id) { return; }
    this.barged = true;
    this.list.notice('你已插入会话，客户能看到你的发言 · You joined: the customer sees what you say');
    this.controls();
  }

  takeText() {
    const text = $('#mon-text').value.trim();
    if (text) { $('#mon-text').value = ''; }
    return text;
  }

  /** Staff only. Sent as a plain request: unlike chat messages it is not resent on reconnect. */
  async whisper() {
    const text = this.takeText();
    const id = this.id;
    if (!text || !id) { return; }
    const content = textContent(text);
    const msgId = newClientMsgId();
    try {
      const { body: ack } = await this.conn.request('sendMessage', { conversationId: id,
        clientMsgId: msgId, content, whisper: true, clientTimeMs: Date.now() });
      if (id !== this.id) { return; }
      this.list.add({ conversationId: id, seq: ack.seq, senderRole: Role.SUPERVISOR,
        senderId: this.me, clientMsgId: msgId, sentAtMs: ack.sentAtMs, content,
        visibility: Visibility.STAFF_ONLY });
    } catch (e) {
      this.error(`悄悄话 whisper: ${e.message}`);
      $('#mon-text').value = text;
    }
  }

  /** Visible to the customer; resent with the same clientMsgId until acked. */
  say() {
    const text = this.takeText();
    if (!text || !this.id || !this.barged) { return; }
    const content = textContent(text);
    const { id, done } = this.conn.sendMessage(this.id, content);
    const list = this.list;
    list.addPending(id, content);
    done.then((ack) => list.acked(id, ack.seq)).catch((e) => list.failed(id, e.message));
  }

  async forceTransfer() {
    const agent = $('#mon-transfer-agent').value.trim();
    const target = { target: agent ? { case: 'agentId', value: agent }
      : { case: 'stage', value: Number($('#mon-transfer-stage').value) } };
    try {
      await this.conn.request('forceTransfer', { conversationId: this.id, target,
        note: $('#mon-transfer-note').value.trim() });
      this.list.notice(`已强制转接 Force transfer requested → ${agent || $('#mon-transfer-stage')
        .selectedOptions[0].textContent}`);
    } catch (e) {
      this.error(`强制转接 force transfer: ${e.message}`);
    }
  }
}
