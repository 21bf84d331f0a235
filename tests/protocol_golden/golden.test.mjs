// The committed golden vectors against the pages' codec (web/js/codec.js over the code that
// protoc-gen-es generates, built by scripts/build-web.sh): every server frame the C++ side wrote
// decodes to the fields below, and every client frame built below encodes to the committed bytes.
// The messages mirror golden_server.cpp and golden_client.cpp field for field.
// Run: node --test tests/protocol_golden/golden.test.mjs (CTest: protocol_golden_js).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const gen = path.join(here, '../../web/gen/fenliu/v1/fenliu_pb.js');
if (!existsSync(gen)) { throw new Error(`${gen} missing: run scripts/build-web.sh first`); }
const { create, toBinary } = await import('../../web/node_modules/@bufbuild/protobuf/dist/esm/index.js');
const pb = await import('../../web/js/codec.js');
const { AgentState, ConversationState: CS, ErrorCode, Role, Stage, Visibility } = pb;
const vectors = JSON.parse(readFileSync(path.join(here, 'vectors.json'), 'utf8'));

const BIG = 2 ** 53 - 1;
const T0 = 1790000000123;
const hex = (b) => Buffer.from(b).toString('hex');
const unhex = (h) => new Uint8Array(Buffer.from(h, 'hex'));
const text = (value) => ({ content: { case: 'text', value } });
const body = (kind, value, requestId = 0) => ({ requestId, body: { case: kind, value } });

function info(id, stage, state) {
  return { conversationId: id, stage, state, customerId: 'v-顾客-7',
    agentId: state === CS.QUEUED ? '' : 'a-li', lastSeq: 12, createdAtMs: T0 - 60000 };
}
function chat(seq, senderRole, senderId, more = {}) {
  return { conversationId: 42, seq, senderRole, senderId, clientMsgId: `c-lq2-${seq}`,
    sentAtMs: T0 + seq, ...more };
}
const order = { orderId: 'O-20261201-88', status: 'shipped', totalCents: 25800,
  items: [{ productId: 'P-100', title: '保温杯 Thermos 500 ml', quantity: 2, priceCents: 12900 }] };

const server = {
  read_receipt: body('readReceipt', { conversationId: 42, readerRole: Role.AGENT,
    readerId: 'a-li', lastReadSeq: 11 }),
  conversation_rated: body('conversationRated', { conversationId: 42, stars: 4,
    comment: '很耐心 patient' }),
  welcome: body('welcome', { role: Role.AGENT, identity: 'a-li', shopId: 'demo-shop',
    serverTimeMs: T0, maxMessageBytes: 65536, maxTextChars: 2000, openConversations: [5, 300, BIG],
    shopTimeZone: 'Asia/Shanghai' }),
  message_text: body('message', { clientTimeMs: T0 - 5, message: chat(7, Role.CUSTOMER, 'v-顾客-7',
    { content: text('你好，我的快递到哪了？ Where is my parcel? 📦') }) }),
  message_product_card: body('message', { message: chat(8, Role.AGENT, 'a-li', { content: {
    content: { case: 'product', value: { productId: 'P-100', title: '保温杯 Thermos 500 ml',
      priceCents: 12900, currency: 'CNY', pictureUrl: '/img/p-100.png' } } } }) }),
  message_whisper: body('message', { message: chat(9, Role.SUPERVISOR, 's-wang', {
    content: text('先核对订单号 check the order id first'), visibility: Visibility.STAFF_ONLY }) }),
  message_recall: body('message', { message: chat(10, Role.AGENT, 'a-li', {
    content: { content: { case: 'recall', value: { recalledSeq: 8 } } } }) }),
  send_ack: body('sendAck', { conversationId: 42, clientMsgId: 'c-lq2-11', seq: 11,
    duplicate: true, sentAtMs: T0 + 11 }, 17),
  conversation_started: body('conversationStarted', {
    conversation: info(42, Stage.IN_SALE, CS.QUEUED), resumed: false }, 3),
  queue_status: body('queueStatus', { conversationId: 42, position: 3, etaSeconds: 95,
    stage: Stage.IN_SALE, leaveMessageOffered: true, waitingForPreviousAgent: true }),
  queue_status_no_agents_online: body('queueStatus', { conversationId: 42, position: 1,
    etaSeconds: 30, stage: Stage.PRE_SALES, leaveMessageOffered: true, noAgentsOnline: true }),
  assigned: body('assigned', { conversation: info(42, Stage.IN_SALE, CS.ACTIVE),
    agentDisplayName: '小李 Li', transferNote: '客户要改地址 wants to change the address' }),
  typing: body('typing', { conversationId: 42, role: Role.CUSTOMER, senderId: 'v-顾客-7',
    typing: true }),
  conversation_closed: body('conversationClosed', { conversationId: 42, closedBy: 'a-li',
    ratingInvited: true }),
  resume_result: body('resumeResult', { conversationId: BIG, fromSeq: 4, toSeq: 9,
    conversation: info(BIG, Stage.PRE_SALES, CS.ACTIVE), myLastReadSeq: 8, peerLastReadSeq: 6 }, 5),
  history: body('history', { conversationId: 42, more: true, messages: [
    chat(5, Role.SYSTEM, '', { content: { content: { case: 'notice', value: {
      kind: 'transferred', text: '已转接至售后 Transferred to after-sales' } } } }),
    chat(4, Role.AGENT, 'a-li', { content: { content: { case: 'order', value: order } },
      recalled: true }),
  ] }, 6),
  offer: body('offer', { conversation: info(42, Stage.AFTER_SALES, CS.OFFERED),
    expiresAtMs: T0 + 20000, reason: 'lowest_load_ratio' }),
  offer_revoked: body('offerRevoked', { conversationId: 42, reason: 'timeout' }),
  unassigned: body('unassigned', { conversationId: 42, reason: 'taken_back' }),
  agent_state_changed: body('agentStateChanged', { agentId: 'a-li', state: AgentState.AWAY,
    reason: 'missed_offers', load: 2, capacity: 5 }),
  customer_profile: body('customerProfile', { customerId: 'b-1001', displayName: '王女士',
    tags: ['vip', '回头客 returning'], vip: true, orders: [order], vipLevel: 2,
    notes: [{ noteId: 7, authorId: 'a-li', authorName: '小李 Li', text: '脚宽，推荐大半码', atMs: T0 }],
    pastConversations: [{ conversationId: BIG, stage: Stage.AFTER_SALES,
      state: CS.CLOSED, agentId: 'a-li', agentDisplayName: '小李 Li',
      createdAtMs: -1, closedAtMs: T0, ratingStars: 4, ratingComment: '还行 ok' }],
    leftMessages: [{ conversationId: 41, text: '请回电', contact: '+86 138 0000 0000', atMs: T0 }],
    shopTags: ['老客户'], conversationId: 42 }, 8),
  quick_phrases: body('quickPhrases', { conversationId: 42, phrases: [
    { id: 'shop-hi', group: '问候', shortcut: 'hi', text: '{customer_name}您好', rendered: '王女士您好' },
    { id: 'p-00000000002a', ownerId: 'a-li', shortcut: 'xie', text: '谢谢 thanks' }] }, 26),
  product_list: body('productList', { products: [{ productId: 'P-100',
    title: '保温杯 Thermos 500 ml', priceCents: 12900, currency: 'CNY',
    pictureUrl: '/img/p-100.svg', category: 'kitchen' }] }, 28),
  suggestions: body('suggestions', { conversationId: 42, forSeq: 11, suggestions: [
    { text: '亲，支持七天无理由退货', source: 'phrase', id: 'shop-th', score: 0.625 }] }, 27),
  stage_changed: body('stageChanged', { conversationId: 42, from: Stage.PRE_SALES,
    to: Stage.IN_SALE, reason: 'order_paid' }),
  board: body('board', { atMs: T0,
    agents: [{ agentId: 'a-li', displayName: '小李 Li', state: AgentState.ONLINE, load: 3,
      capacity: 5, stages: [Stage.PRE_SALES, Stage.IN_SALE], onShift: true }],
    stages: [{ stage: Stage.AFTER_SALES, queued: 4, active: 7, longestWaitSeconds: 130 }] }),
  board_live: body('board', { atMs: T0, serviceLevelTargetS: 30,
    agents: [{ agentId: 'a-li', state: AgentState.BUSY, load: 2, capacity: 5,
      conversations: [41, 42] }],
    stages: [{ stage: Stage.PRE_SALES, queued: 1, waitsEnded: 8, answeredInTarget: 6, arrivals: 9,
      serviceLevel: 0.75 }],
    conversations: [{ conversationId: 42, stage: Stage.PRE_SALES, state: CS.ACTIVE,
      customerId: 'c-1002', agentId: 'a-li', arrivedAtMs: T0 }] }),
  alerts: body('alerts', { alerts: [{ kind: 'missed_offers', conversationId: 42,
    stage: Stage.AFTER_SALES,
    text: '小李 连续 3 次未接起会话，已置为离开 · Li missed 3 offers in a row and was set away',
    agentId: 'a-li', alertId: 1790000000123000, atMs: T0, acknowledgedBy: 'sup-1',
    acknowledgedAtMs: T0 + 5000 }] }, 41),
  qa_checklist: body('qaChecklist', { items: [{ id: 'accuracy', label: '解答准确 Accuracy',
    weight: 2, maxScore: 5 }] }, 42),
  alert: body('alert', { kind: 'long_wait', conversationId: 42, stage: Stage.AFTER_SALES,
    text: '等待超过 3 分钟 waiting over 3 minutes' }),
  error: body('error', { code: ErrorCode.CONVERSATION_CLOSED,
    detail: 'conversation 42 is closed', retryable: false }, 9),
  ok: body('ok', {}, 10),
  qa_sample: body('qaSample', { conversations: [info(40, Stage.PRE_SALES, CS.CLOSED),
    info(41, Stage.AFTER_SALES, CS.CLOSED)] }, 11),
  transcript: body('transcript', { conversation: info(40, Stage.PRE_SALES, CS.CLOSED),
    messages: [chat(1, Role.BOT, 'bot', { content: { content: { case: 'bot', value: {
      faqId: 'shipping_time', text: '一般 48 小时内发货 Ships within 48 hours',
      offersHandover: true } } } })] }, 12),
  qa_review_saved: body('qaReviewSaved', { conversationId: 40, totalScore: 17 }, 13),
  pong: body('pong', { clientTimeMs: -5, serverTimeMs: T0 }),
};

const client = {
  mark_read: body('markRead', { conversationId: 42, seq: 11 }, 25),
  send_message: body('sendMessage', { conversationId: BIG, clientMsgId: 'c-lq2-1',
    content: text('你好 héllo 👋'), clientTimeMs: T0 }, 21),
  send_message_whisper: body('sendMessage', { conversationId: 42, clientMsgId: 'c-lq2-2',
    content: text('先核对订单号'), whisper: true, clientTimeMs: T0 }, 22),
  start_conversation: body('startConversation', {
    entry: { pageType: 'order', productId: 'P-100', orderId: 'O-20261201-88' },
    requestedStage: Stage.AFTER_SALES, firstText: '杯子漏水 the cup leaks',
    clientMsgId: 'c-lq2-0' }, 1),
  resume: body('resume', { conversationId: 300, lastSeq: 1 }, 2),
  typing: body('typing', { conversationId: 42, typing: true }),
  ping: body('ping', { clientTimeMs: -5 }, 3),
  leave_message: body('leaveMessage', { conversationId: 42, text: '请回电 please call back',
    contact: '+86 138 0000 0000' }, 4),
  rate: body('rate', { conversationId: 42, stars: 5, comment: '很满意 great' }, 5),
  set_agent_state: body('setAgentState', { state: AgentState.BUSY }, 6),
  accept_offer: body('acceptOffer', { conversationId: 42 }, 7),
  decline_offer: body('declineOffer', { conversationId: 42, reason: 'declined' }, 8),
  close_conversation: body('closeConversation', { conversationId: 42 }, 9),
  mark_awaiting_logistics: body('markAwaitingLogistics', { conversationId: 42 }, 24),
  transfer_to_stage: body('transfer', { conversationId: 42,
    target: { target: { case: 'stage', value: Stage.AFTER_SALES } }, note: '退货 return' }, 10),
  transfer_to_agent: body('transfer', { conversationId: 42,
    target: { target: { case: 'agentId', value: 'a-zhao' } } }, 11),
  fetch_history: body('fetchHistory', { conversationId: 42, beforeSeq: 31, limit: 20 }, 12),
  fetch_profile: body('fetchProfile', { conversationId: 42 }, 13),
  fetch_quick_phrases: body('fetchQuickPhrases', { conversationId: 42 }, 26),
  save_quick_phrase: body('saveQuickPhrase', { phrase: { group: '物流', shortcut: 'wl',
    text: '订单{order_id}{order_status}' } }, 27),
  delete_quick_phrase: body('deleteQuickPhrase', { id: 'p-00000000002a' }, 28),
  edit_customer_tags: body('editCustomerTags', { conversationId: 42, add: ['老客户', '急单'],
    remove: ['vip'] }, 29),
  add_customer_note: body('addCustomerNote', { conversationId: 42, text: '脚宽，推荐大半码' }, 30),
  fetch_suggestions: body('fetchSuggestions', { conversationId: BIG }, 31),
  fetch_products: body('fetchProducts', { query: '保温', limit: 20 }, 32),
  subscribe_board: body('subscribeBoard', { subscribe: true }, 14),
  subscribe_board_empty: body('subscribeBoard', {}, 15),
  monitor: body('monitor', { conversationId: 42, monitor: true }, 16),
  barge: body('barge', { conversationId: 42 }, 17),
  force_transfer: body('forceTransfer', { conversationId: 42,
    target: { target: { case: 'agentId', value: 'a-zhao' } },
    note: '主管指派 supervisor\'s choice' }, 18),
  fetch_qa_sample: body('fetchQaSample', { limit: 50, stage: Stage.PRE_SALES }, 19),
  fetch_transcript: body('fetchTranscript', { conversationId: 40 }, 20),
  ack_alert: body('ackAlert', { alertId: 1790000000123000 }, 40),
  fetch_alerts: body('fetchAlerts', { includeAcknowledged: true, limit: 100 }, 41),
  fetch_qa_checklist: body('fetchQaChecklist', {}, 42),
  fetch_qa_reviews: body('fetchQaReviews', { agentId: 'a-li', limit: 20 }, 43),
  submit_qa_review: body('submitQaReview', { conversationId: 40, comment: '回复及时 quick replies',
    scores: [{ item: 'greeting', score: 5 }, { item: 'accuracy', score: 4 },
      { item: 'tone', score: 5 }, { item: 'resolution', score: 3 }] }, 23),
};

const sorted = (o) => Object.keys(o).sort();

test('the vectors file holds exactly the frames built here', () => {
  assert.deepEqual(sorted(vectors.server), sorted(server));
  assert.deepEqual(sorted(vectors.client), sorted(client));
});

test('server frames written by C++ decode to the expected fields', () => {
  for (const [name, init] of Object.entries(server)) {
    const got = pb.decodeServer(unhex(vectors.server[name]));
    const want = pb.withNumbers(pb.ServerEnvelopeSchema, create(pb.ServerEnvelopeSchema, init));
    assert.deepEqual(got, want, name);
    assert.equal(got.$unknown, undefined, `${name}: fields unknown to the generated code`);
    // and the JS encoder writes the same bytes as the C++ one
    assert.equal(hex(toBinary(pb.ServerEnvelopeSchema, got)), vectors.server[name], name);
  }
});

test('client frames encoded by the pages\' codec equal the committed bytes', () => {
  for (const [name, init] of Object.entries(client)) {
    assert.equal(hex(pb.encodeClient(init)), vectors.client[name], name);
  }
});

test('a few decoded fields spelled out', () => {
  const w = pb.decodeServer(unhex(vectors.server.welcome));
  assert.equal(w.body.case, 'welcome');
  assert.deepEqual(w.body.value.openConversations, [5, 300, BIG]);
  const m = pb.decodeServer(unhex(vectors.server.message_text)).body.value.message;
  assert.equal(m.content.content.value, '你好，我的快递到哪了？ Where is my parcel? 📦');
  assert.equal(m.sentAtMs, T0 + 7);
  const card = pb.decodeServer(unhex(vectors.server.message_product_card)).body.value.message;
  assert.equal(card.content.content.case, 'product');
  assert.equal(card.content.content.value.priceCents, 12900);
  const p = pb.decodeServer(unhex(vectors.server.pong)).body.value;
  assert.equal(p.clientTimeMs, -5);
  const ok = pb.decodeServer(unhex(vectors.server.ok));
  assert.equal(ok.body.case, 'ok');
  assert.equal(ok.requestId, 10);
});

test('the pages\' encoder refuses a field or a case the schema does not have', () => {
  assert.throws(() => pb.encodeClient(body('resume', { conversation_id: 3 }, 1)),
    /fenliu\.v1\.Resume has no field 'conversation_id'/);
  assert.throws(() => pb.encodeClient(body('fetch_history', { conversationId: 3 }, 1)),
    /no case 'fetch_history'/);
  assert.throws(() => pb.encodeClient(body('transfer', { conversationId: 3,
    target: { agentId: 'a-zhao' } }, 1)), /TransferTarget has no field 'agentId'/);
  assert.throws(() => pb.encodeClient(body('submitQaReview', { conversationId: 3,
    scores: [{ item: 'tone', points: 5 }] }, 1)), /scores\[0\]: fenliu\.v1\.QaScore has no field/);
});
