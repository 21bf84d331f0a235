// The customer chat widget: menu, queue position and ETA, chat with sent/acked state, typing,
// leave-a-message, and the closing rating.
import { Connection, newClientMsgId } from './connection.js';
import { MessageList, textContent } from './message-list.js';
import { VisitorToken } from './visitor-token.js';
import { ConversationState as ConvState, Role } from './codec.js';
import { stageName } from './enums.js';
import { showEntryCard } from './cards.js';
import { $, el, show, param, wsUrl, setStatus, duration } from './ui.js';
import { attachImageInput, useImageToken } from './images.js';
import { t, text, reasonText, setTimeZone } from './i18n.js';
import { ReadMarker, Alerts, attachCounter, composeError } from './receipts.js';
import { ErrorCode } from './codec.js';

const token = new VisitorToken();
const ui = {
  status: $('#status'), menu: $('#menu'), banner: $('#banner'), messages: $('#messages'),
  typing: $('#typing'), leave: $('#leave'), rate: $('#rate'), after: $('#after'),
  composer: $('#composer'), text: $('#text'), agentLine: $('#agent-line'),
  entryCard: $('#entry-card'),
};
let conn = null;
let list = null;
let conv = null;          // ConversationInfo of the open conversation
let closed = false;
let stars = 0;
let typingSent = 0;
let typingTimer = null;
let marker = null;        // MarkRead for the agent's messages on screen
let counter = null;       // the composer's "n / max" against Welcome.max_text_chars
let showError = null;
let unseen = 0;           // agent messages that arrived while the page was hidden
const alerts = new Alerts();

// The buyer has read what is shown, while the page is visible: the agent sees 已读.
function markShown() {
  if (!conv || document.hidden) { return; }
  marker.mark(conv.conversationId, list.highest());
  unseen = 0;
  alerts.unread(0);
}

// The page's category and the widget's language may ask for a skill (category_skills,
// language_skills); `lang` overrides the browser's language.
function entry() {
  return { pageType: param('page') || 'home', productId: param('product') || '',
    orderId: param('order') || '', category: param('category') || '',
    language: param('lang') || navigator.language || '' };
}

function banner(text) {
  ui.banner.replaceChildren(...[text].flat());
  show(ui.banner, Boolean(text));
}

// Display names come only with Assigned; remember them so a reload still shows the name.
function setAgent(agentId, name) {
  const key = `fenliu.agent-name.${agentId}`;
  if (name) { localStorage.setItem(key, name); }
  const shown = text(name || localStorage.getItem(key) || agentId);
  list.names[agentId] = shown;
  ui.agentLine.textContent = `${shown} 为您服务 · is serving you`;
}

// Back in the queue (the agent's connection did not come back in time, a reply deadline): the
// header stops naming the agent.
function waiting(reason) {
  if (reason === 'transfer') {  // an Assigned of the next agent follows
    ui.agentLine.textContent = t('正在为您转接', 'Transferring you');
    list.notice(t('正在为您转接其他客服', 'Transferring you to another agent'));
    return;
  }
  ui.agentLine.textContent = t('排队中，正在为您重新安排客服', 'Waiting: finding you another agent');
  banner(`${t('排队中', 'Waiting')} · ${reasonText(reason) || t('正在转接', 'reconnecting you')}`);
  list.notice(`${t('客服已离开，正在为您重新排队', 'Your agent left; you are back in the queue')} · ${reasonText(reason)}`);
}

function resetToMenu() {
  if (conv) { conn.untrack(conv.conversationId); }
  conv = null;
  closed = false;
  list.clear();
  showEntryCard(ui.entryCard, null);
  banner('');
  [ui.leave, ui.rate, ui.after, ui.typing].forEach((n) => show(n, false));
  show(ui.menu, true);
  ui.composer.hidden = false;
  ui.agentLine.textContent = '通常一分钟内回复 · We usually reply within a minute';
}

async function start(stage, firstText = '') {
  show(ui.menu, false);
  banner('正在为您转接… Connecting you to an agent…');
  const id = firstText ? newClientMsgId() : '';
  let ack = null;
  if (firstText) {
    list.addPending(id, textContent(firstText));
    ack = conn.expectAck(id, 0, textContent(firstText));
  }
  try {
    const { body } = await conn.request('startConversation', { entry: entry(),
      requestedStage: stage, firstText, clientMsgId: id });
    const started = body.conversation;
    if (body.resumed) { await openExisting(started.conversationId); } else { adopt(started); }
    if (ack) {
      conn.bindConversation(id, started.conversationId);
      ack.then((a) => list.acked(id, a.seq)).catch((e) => list.failed(id, e.message));
    }
  } catch (e) {
    banner(`无法开始会话 · Could not start: ${e.message}`);
    show(ui.menu, true);
  }
}

function adopt(info) {
  conv = info;
  conn.track(info.conversationId, 0);
  list.setPeerRead(0);  // 未读 under own messages until the agent reads them
  show(ui.menu, false);
  showState(info);
}

function showState(info) {
  showEntryCard(ui.entryCard, info);  // the order or product the chat was opened from
  if (info.state === ConvState.ACTIVE && info.agentId) {
    banner('');
    setAgent(info.agentId, '');
  } else if (info.state === ConvState.QUEUED || info.state === ConvState.OFFERED) {
    ui.agentLine.textContent = t('排队中', 'Waiting for an agent');
    banner(`排队中 · Waiting for an agent (${text(stageName[info.stage])})`);
  } else if (info.state === ConvState.BOT) {
    banner('智能客服为您服务，需要人工请点「转人工」· The assistant is answering; tap "talk to a person" for an agent.');
  } else if (info.state === ConvState.LEFT_MESSAGE) {
    banner('留言已收到，我们会尽快联系您 · Your message was left; we will get back to you.');
  } else if (info.state === ConvState.WRAP_UP || info.state === ConvState.CLOSED) {
    onClosed({ conversationId: info.conversationId, ratingInvited: true });
  }
}

// A conversation already open for this visitor (reload, second tab, reconnect after a restart):
// the newest page of history, then Resume from its highest seq for anything newer.
async function openExisting(convId) {
  show(ui.menu, false);
  const { body: h } = await conn.request('fetchHistory', { conversationId: convId, limit: 50 });
  for (const m of [...h.messages].reverse()) {
    const name = localStorage.getItem(`fenliu.agent-name.${m.senderId}`);
    if (name) { list.names[m.senderId] = name; }
    conn.markSeen(convId, m.seq);
    list.add(m);
  }
  const last = h.messages.length ? h.messages[0].seq : 0;
  conn.track(convId, last);
  const { body: r } = await conn.request('resume', { conversationId: convId, lastSeq: last });
  conv = r.conversation ?? { conversationId: convId };
  showState(conv);
  resumed(r);
  list.scrollDown();
}

// 已读/未读 under the buyer's own messages from the agent's mark; our own mark is known.
function resumed(r) {
  if (!conv || r.conversationId !== conv.conversationId) { return; }
  list.setPeerRead(Number(r.peerLastReadSeq ?? 0));
  marker.known(conv.conversationId, Number(r.myLastReadSeq ?? 0));
  markShown();
}

function onQueue(q) {
  if (!conv || q.conversationId !== conv.conversationId) { return; }
  const parts = [];
  if (q.waitingForPreviousAgent) {
    parts.push(el('div', {}, '正在等待上次为您服务的客服 · Waiting for your previous agent'));
  }
  if (q.noAgentsOnline) {
    // No ETA: it cannot come true while nobody is online.
    parts.push(el('div', { class: 'no-agents' },
      '当前没有客服在线，建议您留言，客服上线后会第一时间回复 · No agent is online right now: ' +
      'please leave a message and we will reply as soon as someone is back.'));
    show(ui.leave, true);
  } else if (q.position) {
    parts.push(el('div', {}, `您前面还有 ${q.position - 1} 位 · You are number `,
      el('b', { class: 'queue-pos' }, q.position), ' in line',
      q.etaSeconds ? ` · 预计等待 ETA ${duration(q.etaSeconds)}` : ''));
  }
  if (q.leaveMessageOffered && !q.noAgentsOnline) {
    parts.push(el('div', {}, '客服暂时忙碌，您可以留言 · Agents are busy: you can leave a message.'));
    show(ui.leave, true);
  }
  banner(parts.length ? parts : `排队中 · Waiting (${stageName[q.stage]})`);
}

function onClosed(c) {
  if (!conv || c.conversationId !== conv.conversationId || closed) { return; }
  closed = true;
  banner('');
  list.notice('会话已结束 · The conversation has ended.');
  show(ui.typing, false);
  show(ui.leave, false);
  ui.composer.hidden = true;
  if (c.ratingInvited) { show(ui.rate, true); } else { afterward('感谢您的咨询 · Thank you!'); }
}

function afterward(text) {
  $('#after-text').textContent = text;
  show(ui.rate, false);
  show(ui.after, true);
}

function onPush(kind, body) {
  switch (kind) {
    case 'message':
      list.add(body.message);
      if (body.message.senderRole !== Role.CUSTOMER) {
        show(ui.typing, false);
        if (document.hidden) { alerts.unread(++unseen); } else { markShown(); }
      }
      break;
    case 'queueStatus': onQueue(body); break;
    case 'unassigned':
      if (conv && body.conversationId === conv.conversationId) {
        conv = { ...conv, agentId: '', state: ConvState.QUEUED };
        waiting(body.reason);
      }
      break;
    case 'readReceipt':
      if (conv && body.conversationId === conv.conversationId) {
        if (body.readerRole === Role.AGENT) { list.setPeerRead(Number(body.lastReadSeq)); }
        if (body.readerRole === Role.CUSTOMER) { marker.known(conv.conversationId, Number(body.lastReadSeq)); }
      }
      break;
    case 'assigned':
      if (conv && body.conversation.conversationId === conv.conversationId) {
        conv = body.conversation;
        banner('');
        setAgent(body.conversation.agentId, body.agentDisplayName);
        list.notice(`${body.agentDisplayName || '客服'} 已接入 · joined the conversation`);
      }
      break;
    case 'typing':
      if (conv && body.conversationId === conv.conversationId && body.role !== Role.CUSTOMER) {
        ui.typing.textContent = '对方正在输入… Agent is typing…';
        show(ui.typing, body.typing);
        clearTimeout(ui.typing.timer);
        ui.typing.timer = setTimeout(() => show(ui.typing, false), 6000);
      }
      break;
    case 'conversationClosed': onClosed(body); break;
    case 'stageChanged':
      list.notice(`已转至 ${text(stageName[body.to])} · Moved to ${text(stageName[body.to])}`);
      break;
    case 'resumeResult':
      if (body.resync && conv) { list.clear(); openExisting(conv.conversationId); break; }
      resumed(body);
      break;
    case 'error': list.notice(`⚠ ${text(body.detail) || `${t('错误', 'error')} ${body.code}`}`); break;
    default: break;
  }
}

function onWelcome(w, reconnect) {
  list.me = w.identity;
  setTimeZone(w.shopTimeZone);
  counter.update();
  if (reconnect) { return; }  // the connection resumes what it tracks
  if (w.openConversations.length) {
    openExisting(w.openConversations[w.openConversations.length - 1])
      .catch((e) => banner(`⚠ ${e.message}`));
  } else {
    show(ui.menu, true);
  }
}

// The 转人工 button: the chat goes to a person at once; the bot's exchange stays in it.
async function askForPerson() {
  if (!conv || closed) { return; }
  try {
    await conn.request('requestHuman', { conversationId: conv.conversationId });
    banner('正在为您转接人工客服… Connecting you to a person…');
  } catch (e) {
    list.notice(`⚠ ${e.message}`);
  }
}

function send(draft, content = textContent(draft)) {
  if (!conv) { start(0, draft); return; }
  if (closed) { return; }
  const { id, done } = conn.sendMessage(conv.conversationId, content);
  list.addPending(id, content);
  done.then((ack) => list.acked(id, ack.seq)).catch((e) => {
    list.failed(id, e.code === ErrorCode.TEXT_TOO_LONG ? t('消息过长', 'too long') : e.message);
    // The server still refused it: the draft goes back into the box instead of being lost.
    if (!ui.text.value) { ui.text.value = draft; counter.update(); }
    showError(`${t('发送失败，草稿已保留', 'Not sent; your draft is kept')}: ${text(e.message)}`);
  });
  clearTimeout(typingTimer);
  typingSent = 0;  // the message ended "typing" at the agent: the next keystroke says it again
}

// Typing frames are ephemeral and count against the rate limit: at most one "typing" every 3 s,
// and a "stopped" only after 4 s idle (a sent message ends typing on the other side anyway).
function stopTyping() {
  clearTimeout(typingTimer);
  if (typingSent && conv) {
    conn.post('typing', { conversationId: conv.conversationId, typing: false });
  }
  typingSent = 0;
}

function onInput() {
  if (!conv || closed) { return; }
  if (Date.now() - typingSent > 3000) {
    conn.post('typing', { conversationId: conv.conversationId, typing: true });
    typingSent = Date.now();
  }
  clearTimeout(typingTimer);
  typingTimer = setTimeout(stopTyping, 4000);
}

function wire() {
  ui.menu.querySelectorAll('button').forEach((b) => b.addEventListener('click', () => {
    const draft = ui.text.value.trim();
    const tooLong = draft && counter.check();
    if (tooLong) { showError(tooLong); return; }
    ui.text.value = '';
    counter.update();
    start(Number(b.dataset.stage), draft);
  }));
  counter = attachCounter(ui.text, () => conn?.welcome?.maxTextChars ?? 0);
  showError = composeError(ui.composer, ui.text);
  ui.composer.addEventListener('submit', (e) => {
    e.preventDefault();
    const draft = ui.text.value.trim();
    if (!draft) { return; }
    const tooLong = counter.check();
    if (tooLong) { showError(tooLong); return; }  // the draft stays in the box
    ui.text.value = '';
    counter.update();
    send(draft);
  });
  document.addEventListener('visibilitychange', markShown);
  ui.text.addEventListener('input', onInput);
  useImageToken(() => token.value);
  attachImageInput({ form: ui.composer, before: $('#send'), input: ui.text, dropZone: document.body,
    enabled: () => Boolean(conv) && !closed, send: (content) => send('', content),
    onError: (text) => list.notice(`⚠ ${text}`) });
  ui.leave.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = $('#leave-text').value.trim();
    try {
      const { body: ack } = await conn.request('leaveMessage', { conversationId: conv.conversationId,
        text, contact: $('#leave-contact').value.trim() });
      list.add({ seq: ack.seq, senderId: list.me, clientMsgId: ack.clientMsgId,
        sentAtMs: ack.sentAtMs, content: textContent(text) });
      show(ui.leave, false);
      banner('留言已收到，我们会尽快联系您 · Message received; we will get back to you.');
    } catch (err) { list.notice(`⚠ ${err.message}`); }
  });
  const starBox = $('#stars');
  for (let i = 1; i <= 5; i++) {
    starBox.append(el('button', { type: 'button', class: 'star', 'aria-label': `${i} stars`,
      dataset: { stars: i }, onclick: () => pickStars(i) }, '★'));
  }
  ui.rate.addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      await conn.request('rate', { conversationId: conv.conversationId, stars,
        comment: $('#rate-comment').value.trim() });
      afterward(`感谢您的评价 · Thanks for rating us ${'★'.repeat(stars)}`);
    } catch (err) { list.notice(`⚠ ${err.message}`); }
  });
  $('#new-chat').addEventListener('click', resetToMenu);
}

function pickStars(n) {
  stars = n;
  $('#stars').querySelectorAll('.star').forEach((s) => s.classList.toggle('on', s.dataset.stars <= n));
  $('#rate-submit').disabled = false;
}

async function main() {
  list = new MessageList(ui.messages, { me: '', actions: {
    onQuickReply: (text) => send(text),
    onHandover: () => askForPerson(),
  } });
  wire();
  try { await token.get(); } catch (e) { setStatus(ui.status, e.message, 'off'); return; }
  conn = new Connection({
    url: () => wsUrl(token.value),
    onWelcome, onPush,
    onStatus: (text, kind) => setStatus(ui.status, text, kind),
    renewToken: () => token.renew(),
    onAuthFailed: () => banner(t('无法登录客服系统，请刷新页面重试', 'Could not sign in to customer service; please reload the page.')),
  });
  marker = new ReadMarker(conn);
  conn.start();
}

main();
