// The agent workbench: sign-in, state switch, offers and conversations, chat; for
// supervisors the live board with alerts and monitoring; for QA the transcript review.
import { Connection, newClientMsgId } from './connection.js';
import { Conversations } from './conversations.js';
import { ChatPanel } from './chat-panel.js';
import { Board } from './board.js';
import { Supervise } from './supervise.js';
import { UnansweredPanel } from './unanswered.js';
import { KpiPanel } from './kpis.js';
import { PeakPanel } from './peak.js';
import { QaPanel } from './qa-panel.js';
import { ConversationState as ConvState, Role } from './codec.js';
import { roleName, stageName } from './enums.js';
import { useImageToken } from './images.js';
import { $, el, show, param, wsUrl, setStatus } from './ui.js';
import { t, text, reasonText, setTimeZone } from './i18n.js';
import { ReadMarker, Alerts } from './receipts.js';

const KEY = 'fenliu.staff.token';
let conn = null;
let convs = null;
let chat = null;
let board = null;
let qaPanel = null;
let supervise = null;     // supervisors only
let kpis = null;          // supervisors only: the KPI view, loaded when first opened
let me = null;            // Welcome
let clockOffset = 0;      // server time - local time
let marker = null;        // read receipts: MarkRead for what is on screen
const alerts = new Alerts();

function notify(msg) {
  setStatus($('#status'), text(msg), 'wait');
  setTimeout(() => conn?.open && setStatus($('#status'), t('已连接', 'Connected'), 'ok'), 4000);
}

// The selected conversation is read as far as it is shown (when the page is visible).
function markShown() {
  const e = convs?.current();
  if (e && !document.hidden) {
    marker.mark(e.id, e.list.highest());
    if (e.unread) { e.unread = 0; convs.render(); }
  }
  refreshTitle();
}

function refreshTitle() {
  alerts.unread([...(convs?.entries.values() ?? [])].reduce((n, e) => n + e.unread, 0));
}

// Recall (撤回) on own messages, and 已读/未读 from the customer's read mark.
function prepare(e) {
  if (e.list.onRecall) { return e; }
  e.list.onRecall = (seq) => conn.request('recall', { conversationId: e.id, seq,
    clientMsgId: newClientMsgId() })
    .then(() => e.list.recall(seq))  // the recall's own delivery skips the sender's session
    .catch((err) => notify(`${t('撤回失败', 'Recall failed')}: ${err.message}`));
  e.list.now = serverNow;
  return e;
}

function serverNow() { return Date.now() + clockOffset; }

function token() { return param('token') || sessionStorage.getItem(KEY) || ''; }
useImageToken(token);

async function signInView(problem = '') {
  show($('#signin'), true);
  if (problem) {
    $('#signin').prepend(el('p', { class: 'signin-error', id: 'signin-error', role: 'alert' },
      t('登录已失效或令牌无效，请重新登录。', 'Your sign-in is invalid or has expired; please sign in again.'),
      ` (${text(problem)})`));
  }
  $('#signin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const t = $('#token-input').value.trim();
    if (t) { sessionStorage.setItem(KEY, t); location.replace(location.pathname); }
  });
  try {  // demo shops hand out staff tokens; a real deployment answers 404 here
    const res = await fetch('/api/dev/tokens');
    if (!res.ok) { return; }
    const tokens = await res.json();
    const groups = [['agents', 'Agents 客服'], ['supervisors', 'Supervisors 主管'], ['qa', 'QA 质检']];
    $('#demo-staff').append(el('p', {}, 'Demo sign-in 演示账号:'), ...groups.map(([k, title]) =>
      el('div', { class: 'demo-group' }, el('span', { class: 'muted' }, title),
        ...Object.entries(tokens[k] ?? {}).map(([id, t]) => el('button', { type: 'button',
          class: 'ghost', onclick: () => { sessionStorage.setItem(KEY, t); location.replace(location.pathname); } }, id)))));
  } catch { /* no demo tokens */ }
}

async function openConversation(info, { select = false, note = '', handover, profile } = {}) {
  const fresh = !convs.get(info.conversationId);
  const e = prepare(convs.ensure(info));
  if (note) { e.note = note; }
  if (profile?.customerId) { e.profile = profile; }
  if (handover?.reason) { e.handover = handover; }
  if (fresh) { await chat.loadNewest(e); }
  if (select || !convs.selected) { convs.select(e.id); } else if (convs.selected === e.id) { chat.show(); }
  if (convs.selected === e.id) { markShown(); }
  return e;
}

// Conversations open at connect: newest history page, then Resume for the rest and the info.
async function openExisting(id) {
  const e = prepare(convs.ensure({ conversationId: id }));
  const { body: h } = await conn.request('fetchHistory', { conversationId: id, limit: 20 });
  chat.addPage(e, h);
  const last = h.messages.length ? h.messages[0].seq : 0;
  conn.track(id, last);
  const { body: r } = await conn.request('resume', { conversationId: id, lastSeq: last });
  resumed(e, r);
  if (r.conversation) {
    convs.ensure(r.conversation);
    if (r.conversation.state === ConvState.WRAP_UP || r.conversation.state === ConvState.CLOSED) {
      convs.end(id, 'closed');
      conn.untrack(id);
    }
  }
  if (!convs.selected || convs.selected === id) { convs.select(id); }
  if (convs.selected === id) { markShown(); }
}

// A ResumeResult: the customer's read mark (已读), and unread messages counted from our own.
function resumed(e, r) {
  e.list.setPeerRead(Number(r.peerLastReadSeq ?? 0));
  const mine = Number(r.myLastReadSeq ?? 0);
  marker.known(e.id, mine);
  if (convs.selected !== e.id || document.hidden) {
    e.unread = [...e.list.bySeq].filter(([s, n]) => s > mine &&
      n.classList.contains('msg-customer')).length;
    convs.render();
  } else {
    markShown();
  }
  refreshTitle();
}

function onWelcome(w, reconnect) {
  me = w;
  clockOffset = w.serverTimeMs - Date.now();
  setTimeZone(w.shopTimeZone);
  convs.me = w.identity;
  if (reconnect) { return; }
  if (!$('#alert-switches-box')) {
    $('#me').append(el('span', { id: 'alert-switches-box' }, alerts.switches()));
  }
  if (w.role === Role.CUSTOMER) {
    setStatus($('#status'), t('这是客户令牌', 'this is a customer token'), 'off');
    conn.stop();
    return;
  }
  $('#me-name').textContent = `${text(w.identity)} · ${text(roleName[w.role])}`;
  show($('#me'), true);
  if (w.role === Role.QA) {  // QA reads and scores transcripts; it never takes chats
    show($('#state'), false);
    show($('#qa'), true);
    qaPanel = new QaPanel({ conn, me: w.identity, notify });
    qaPanel.load();
    return;
  }
  show($('#chats'), true);
  for (const id of w.openConversations) { openExisting(id).catch((e) => notify(e.message)); }
  if (w.role === Role.SUPERVISOR) {
    show($('#tabs'), true);
    supervise = new Supervise({ conn, me: w.identity, notify });
    board.attach(conn, { watch: (id) => supervise.watch(id), error: notify });
    new UnansweredPanel({ token: token(), notify }).load();
    new PeakPanel({ token: token(), notify }).load();
    kpis = new KpiPanel({ token: token(), notify });
    conn.request('subscribeBoard', { subscribe: true })
      .then(({ kind, body }) => { if (kind === 'board') { board.snapshot(body); } })
      .catch((e) => notify(`${t('看板', 'board')}: ${e.message}`));
  }
}

function onPush(kind, b, env) {
  switch (kind) {
    case 'assigned': {
      const info = b.conversation;
      if (info.agentId === me.identity) {
        convs.removeOffer(info.conversationId);
        // With a request id it answers our Resume (the stored transfer note), not a new chat.
        if (!env?.requestId) {
          alerts.ping(t('新会话', 'New chat'), text(info.customerId));
        }
        openConversation(info, { note: b.transferNote, handover: b.handover, profile: b.profile })
          .then((e) => { if (convs.selected === e.id) { chat.renderHead(e); } })
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
        if (convs.selected === e.id) { markShown(); } else { refreshTitle(); }
        if (document.hidden || convs.selected !== e.id) {
          alerts.ping(t('新消息', 'New message'), m.content?.content?.case === 'text'
            ? text(m.content.content.value) : t('客户发来消息', 'The customer wrote'));
        }
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
    case 'offer':
      convs.addOffer(b);
      alerts.ping(t('新的接入请求', 'New chat offered'), reasonText(b.reason));
      break;
    case 'offerRevoked': convs.removeOffer(b.conversationId); break;
    case 'unassigned':
      ended(b.conversationId, `${t('会话已移出', 'No longer yours')}: ${reasonText(b.reason)}`);
      break;
    case 'readReceipt':
      if (b.readerRole === Role.CUSTOMER) {
        convs.get(b.conversationId)?.list.setPeerRead(Number(b.lastReadSeq));
      } else if (b.readerId === me?.identity) {
        marker.known(b.conversationId, Number(b.lastReadSeq));  // read in another tab
      }
      break;
    case 'conversationRated': {
      const line = `${t('客户评分', 'Rated by the buyer')} ${'★'.repeat(b.stars)}${'☆'.repeat(5 - b.stars)}` +
        (b.comment ? ` · ${text(b.comment)}` : '');
      const e = convs.get(b.conversationId);
      if (e) { e.list.notice(line); e.rating = b; } else { notify(`#${b.conversationId} ${line}`); }
      break;
    }
    case 'conversationClosed':
      supervise?.ended(b.conversationId);
      ended(b.conversationId, 'closed');
      break;
    case 'stageChanged':
      convs.get(b.conversationId)?.list.notice(
        `${t('阶段变更', 'Stage')} → ${text(stageName[b.to])} · ${reasonText(b.reason)}`);
      break;
    case 'agentStateChanged':
      if (b.agentId === me?.identity) {
        $('#state').value = String(b.state);
        $('#load').textContent = `${b.load} / ${b.capacity}`;
      }
      board.agentChanged(b);
      break;
    case 'board': board.snapshot(b); break;
    case 'alert': board.alert(b, !$('#board').hidden); if (!b.acknowledgedBy) { supervise?.alert(b); } break;
    case 'alerts': board.list(b.alerts); break;
    case 'qaSample': qaPanel?.pushed(b); break;
    case 'qaReviewSaved':
      // A QA inspector scored one of my conversations.
      if (b.review?.agentId === me?.identity) {
        notify(`${t('质检评分', 'QA score')} #${b.conversationId}: ${b.totalScore}/100` +
          (b.review.comment ? ` · ${b.review.comment}` : ''));
      }
      break;
    case 'resumeResult':
      if (b.resync) { notify(`${t('会话', 'Conversation')} ${b.conversationId}: ${t('重新加载记录', 'reloading history')}`); }
      if (convs.get(b.conversationId)) { resumed(convs.get(b.conversationId), b); }
      break;
    case 'error': notify(`⚠ ${b.detail || b.code}`); break;
    default: break;
  }
}

function ended(id, reason) {
  const e = convs.get(id);
  if (!e) { return; }
  e.list.notice(reason === 'closed' ? '会话已结束 · Conversation closed' : text(reason));
  convs.end(id, reason);
  conn.untrack(id);
  if (convs.selected === id) { chat.show(); }
}

function wireHeader() {
  $('#state').addEventListener('change', (e) => {
    conn.request('setAgentState', { state: Number(e.target.value) })
      .catch((err) => notify(`${t('状态', 'state')}: ${err.message}`));
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
    show($('#kpis'), tab === 'kpis');
    if (tab === 'board') { board.seen(); }
    if (tab === 'kpis' && kpis && !kpis.loaded) { kpis.loaded = true; kpis.load(); }
  });
}

function main() {
  if (!token()) { signInView(); return; }
  board = new Board();
  conn = new Connection({ url: () => wsUrl(token()), onWelcome, onPush,
    onStatus: (msg, kind) => setStatus($('#status'), msg, kind),
    // A refused token: back to sign-in with a clear message, no endless reconnects.
    onAuthFailed: (problem) => {
      sessionStorage.removeItem(KEY);
      ['#chats', '#board', '#kpis', '#qa', '#me', '#tabs'].forEach((s) => show($(s), false));
      signInView(problem);
    } });
  marker = new ReadMarker(conn);
  convs = new Conversations({
    listBox: $('#conv-list'), offersBox: $('#offers'), serverNow,
    onSelect: () => { chat.show(); markShown(); },
    onAccept: (id) => conn.request('acceptOffer', { conversationId: id })
      .catch((e) => { notify(`accept: ${e.message}`); convs.removeOffer(id); }),
    onDecline: (id) => conn.request('declineOffer', { conversationId: id, reason: 'declined' })
      .then(() => convs.removeOffer(id)).catch((e) => notify(`decline: ${e.message}`)),
    onDismiss: (id) => { convs.remove(id); chat.show(); },
  });
  chat = new ChatPanel({ conn, convs, notify });
  wireHeader();
  document.addEventListener('visibilitychange', markShown);
  conn.start();
}

main();
