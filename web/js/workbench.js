// The agent workbench: sign-in, state switch, offers and conversations, chat; for
// supervisors the live board with alerts and monitoring; for QA the transcript review.
import { Connection } from './connection.js';
import { Conversations } from './conversations.js';
import { ChatPanel } from './chat-panel.js';
import { Board } from './board.js';
import { Supervise } from './supervise.js';
import { UnansweredPanel } from './unanswered.js';
import { PeakPanel } from './peak.js';
import { QaPanel } from './qa-panel.js';
import { ConversationState as ConvState, Role } from './codec.js';
import { roleName } from './enums.js';
import { useImageToken } from './images.js';
import { $, el, show, param, wsUrl, setStatus } from './ui.js';

const KEY = 'fenliu.staff.token';
let conn = null;
let convs = null;
let chat = null;
let board = null;
let supervise = null;     // supervisors only
let me = null;            // Welcome
let clockOffset = 0;      // server time - local time

function notify(text) { setStatus($('#status'), text, 'wait'); setTimeout(() => conn?.open && setStatus($('#status'), 'connected', 'ok'), 4000); }

function serverNow() { return Date.now() + clockOffset; }

function token() { return param('token') || sessionStorage.getItem(KEY) || ''; }
useImageToken(token);

async function signInView() {
  show($('#signin'), true);
  $('#signin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const t = $('#token-input').value.trim();
    if (t) { sessionStorage.setItem(KEY, t); location.reload(); }
  });
  try {  // demo shops hand out staff tokens; a real deployment answers 404 here
    const res = await fetch('/api/dev/tokens');
    if (!res.ok) { return; }
    const tokens = await res.json();
    const groups = [['agents', 'Agents 客服'], ['supervisors', 'Supervisors 主管'], ['qa', 'QA 质检']];
    $('#demo-staff').append(el('p', {}, 'Demo sign-in 演示账号:'), ...groups.map(([k, title]) =>
      el('div', { class: 'demo-group' }, el('span', { class: 'muted' }, title),
        ...Object.entries(tokens[k] ?? {}).map(([id, t]) => el('button', { type: 'button',
          class: 'ghost', onclick: () => { sessionStorage.setItem(KEY, t); location.reload(); } }, id)))));
  } catch { /* no demo tokens */ }
}

async function openConversation(info, { select = false, note = '', handover, profile } = {}) {
  const fresh = !convs.get(info.conversationId);
  const e = convs.ensure(info);
  if (note) { e.note = note; }
  if (profile?.customerId) { e.profile = profile; }
  if (handover?.reason) { e.handover = handover; }
  if (fresh) { await chat.loadNewest(e); }
  if (select || !convs.selected) { convs.select(e.id); } else if (convs.selected === e.id) { chat.show(); }
  return e;
}

// Conversations open at connect: newest history page, then Resume for the rest and the info.
async function openExisting(id) {
  const e = convs.ensure({ conversationId: id });
  const { body: h } = await conn.request('fetchHistory', { conversationId: id, limit: 20 });
  chat.addPage(e, h);
  const last = h.messages.length ? h.messages[0].seq : 0;
  conn.track(id, last);
  const { body: r } = await conn.request('resume', { conversationId: id, lastSeq: last });
  if (r.conversation) {
    convs.ensure(r.conversation);
    if (r.conversation.state === ConvState.WRAP_UP || r.conversation.state === ConvState.CLOSED) {
      convs.end(id, 'closed');
      conn.untrack(id);
    }
  }
  if (!convs.selected || convs.selected === id) { convs.select(id); }
}

function onWelcome(w, reconnect) {
  me = w;
  clockOffset = w.serverTimeMs - Date.now();
  convs.me = w.identity;
  if (reconnect) { return; }
  if (w.role === Role.CUSTOMER) {
    setStatus($('#status'), 'this is a customer token', 'off');
    conn.stop();
    return;
  }
  $('#me-name').textContent = `${w.identity} · ${roleName[w.role]}`;
  show($('#me'), true);
  if (w.role === Role.QA) {  // QA reads and scores transcripts; it never takes chats
    show($('#state'), false);
    show($('#qa'), true);
    new QaPanel({ conn, me: w.identity, notify }).load();
    return;
  }
  show($('#chats'), true);
  for (const id of w.openConversations) { openExisting(id).catch((e) => notify(e.message)); }
  if (w.role === Role.SUPERVISOR) {
    show($('#tabs'), true);
    supervise = new Supervise({ conn, me: w.identity, notify });
    new UnansweredPanel({ token: token(), notify }).load();
    new PeakPanel({ token: token(), notify }).load();
    conn.request('subscribeBoard', { subscribe: true })
      .then(({ kind, body }) => { if (kind === 'board') { board.snapshot(body); } })
      .catch((e) => notify(`board: ${e.message}`));
  }
}

function onPush(kind, b) {
  switch (kind) {
    case 'assigned': {
      const info = b.conversation;
      if (info.agentId === me.identity) {
        convs.removeOffer(info.conversationId);
        openConversation(info, { note: b.transferNote, handover: b.handover, profile: b.profile })
          .catch((e) => notify(e.message));
      } else if (convs.get(info.conversationId)) {
        convs.end(info.conversationId, `transferred to ${info.agentId}`);
        if (convs.selected === info.conversationId) { chat.show(); }
      }
      break;
    }
    case 'message': {
      const m = b.message;
      const e = convs.get(m.conversationId);
      if (!e) { supervise?.message(m); break; }  // a monitored conversation, not served here
      e.list.add(m);
      if (m.senderRole === Role.CUSTOMER) {
        convs.unread(m.conversationId);
        show($('#chat-typing'), false);
        chat.buyerWrote(e);
        // The buyer wrote: the chat waits on the agent again, not on the parcel.
        if (e.logistics) { e.logistics = false; if (convs.current() === e) { chat.renderHead(e); } }
      }
      break;
    }
    case 'typing': chat.showTyping(b); break;
    case 'customerProfile': {  // another staff member edited the record, or it was loaded late
      const e = convs.get(Number(b.conversationId));
      if (e) { chat.setProfile(e, b); }
      break;
    }
    case 'offer': convs.addOffer(b); break;
    case 'offerRevoked': convs.removeOffer(b.conversationId); break;
    case 'unassigned': ended(b.conversationId, `unassigned: ${b.reason}`); break;
    case 'conversationClosed':
      supervise?.ended(b.conversationId);
      ended(b.conversationId, 'closed');
      break;
    case 'stageChanged': convs.get(b.conversationId)?.list.notice(`stage → ${b.to}: ${b.reason}`); break;
    case 'agentStateChanged':
      if (b.agentId === me?.identity) {
        $('#state').value = String(b.state);
        $('#load').textContent = `${b.load} / ${b.capacity}`;
      }
      board.agentChanged(b);
      break;
    case 'board': board.snapshot(b); break;
    case 'alert': board.alert(b, !$('#board').hidden); supervise?.alert(b); break;
    case 'resumeResult':
      if (b.resync) { notify(`conversation ${b.conversationId}: reloading history`); }
      break;
    case 'error': notify(`⚠ ${b.detail || b.code}`); break;
    default: break;
  }
}

function ended(id, reason) {
  const e = convs.get(id);
  if (!e) { return; }
  e.list.notice(reason === 'closed' ? '会话已结束 · Conversation closed' : reason);
  convs.end(id, reason);
  conn.untrack(id);
  if (convs.selected === id) { chat.show(); }
}

function wireHeader() {
  $('#state').addEventListener('change', (e) => {
    conn.request('setAgentState', { state: Number(e.target.value) })
      .catch((err) => notify(`state: ${err.message}`));
  });
  $('#sign-out').addEventListener('click', () => {
    sessionStorage.removeItem(KEY);
    conn.stop();
    location.href = '/workbench.html';
  });
  $('#tabs').addEventListener('click', (e) => {
    const tab = e.target.closest('.tab')?.dataset.tab;
    if (!tab) { return; }
    document.querySelectorAll('.tab').forEach((t) => t.classList.toggle('active', t.dataset.tab === tab));
    show($('#chats'), tab === 'chats');
    show($('#board'), tab === 'board');
    if (tab === 'board') { board.seen(); }
  });
}

function main() {
  if (!token()) { signInView(); return; }
  board = new Board();
  conn = new Connection({ url: () => wsUrl(token()), onWelcome, onPush,
    onStatus: (text, kind) => setStatus($('#status'), text, kind) });
  convs = new Conversations({
    listBox: $('#conv-list'), offersBox: $('#offers'), serverNow,
    onSelect: () => chat.show(),
    onAccept: (id) => conn.request('acceptOffer', { conversationId: id })
      .catch((e) => { notify(`accept: ${e.message}`); convs.removeOffer(id); }),
    onDecline: (id) => conn.request('declineOffer', { conversationId: id, reason: 'declined' })
      .then(() => convs.removeOffer(id)).catch((e) => notify(`decline: ${e.message}`)),
    onDismiss: (id) => { convs.remove(id); chat.show(); },
  });
  chat = new ChatPanel({ conn, convs, notify });
  wireHeader();
  conn.start();
}

main();
