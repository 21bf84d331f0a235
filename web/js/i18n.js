// UI text: every string Chinese first, English second ("已读 Read"), and the phrases for the
// machine words the server sends (routing rules, revoke / unassign / state reasons), so a page
// never shows a raw rule name, `null` or `undefined`.

/** "中文 English": the one shape of every UI string. */
export function t(zh, en) { return `${zh} ${en}`; }

/** A value for a template: '' for null / undefined, else its string. */
export function text(v) { return v === null || v === undefined ? '' : String(v); }

// Every reason the router can put into Offer.reason (the routing rule), OfferRevoked.reason,
// Unassigned.reason and AgentStateChanged.reason (router/core: actions.hpp and the rules).
const REASONS = {
  // Offer.reason: the rule that chose this agent.
  least_load: t('当前接待最少', 'fewest chats right now'),
  round_robin: t('轮流分配', 'round robin'),
  most_skilled: t('技能最匹配', 'best skill match'),
  fastest_fit: t('处理最快', 'fastest for this kind of chat'),
  sticky: t('上次为该客户服务', 'served this buyer before'),
  transfer_agent: t('转接指定给您', 'transferred to you'),
  relaxed_skills: t('放宽技能要求', 'skill requirement relaxed'),
  overflow: t('跨组溢出分配', 'overflow from another group'),
  queue_order: t('按排队顺序', 'next in the queue'),
  vip_reserved: t('VIP 预留', 'reserved for VIP'),
  transfer: t('转接', 'transfer'),
  // Decisions without a winner (shown on boards and notices).
  queued: t('排队中', 'queued'),
  sticky_wait: t('等待上次的客服', 'waiting for the previous agent'),
  sticky_wait_expired: t('等待上次客服超时', 'stopped waiting for the previous agent'),
  transfer_wait_expired: t('转接等待超时', 'transfer wait expired'),
  no_agent_on_shift: t('无人值班', 'nobody on shift'),
  alert: t('已告警主管', 'supervisor alerted'),
  leave_message_offered: t('建议留言', 'leave a message offered'),
  // OfferRevoked.reason
  timeout: t('超时未接', 'not accepted in time'),
  offer_timeout: t('超时未接', 'not accepted in time'),
  offer_declined: t('已拒绝', 'declined'),
  declined: t('已拒绝', 'declined'),
  taken_back: t('已收回', 'taken back'),
  customer_left: t('客户已离开', 'the buyer left'),
  customer_left_message: t('客户已留言', 'the buyer left a message'),
  // Unassigned.reason
  response_deadline: t('回复超时', 'reply overdue'),
  no_reply_in_time: t('回复超时', 'reply overdue'),
  shift_end: t('班次结束', 'shift ended'),
  shift_ending: t('班次即将结束', 'shift ending'),
  agent_disconnected: t('客服断线', 'the agent disconnected'),
  stage_changed: t('阶段已变更', 'stage changed'),
  closed: t('会话已结束', 'conversation closed'),
  complaint_risk: t('投诉风险', 'complaint risk'),
  // AgentStateChanged.reason
  set: t('本人设置', 'set by the agent'),
  set_by_agent: t('本人设置', 'set by the agent'),
  supervisor: t('主管设置', 'set by a supervisor'),
  missed_offers: t('多次未接', 'missed offers'),
  disconnected: t('已断线', 'disconnected'),
  connected: t('已连接', 'connected'),
  restored: t('恢复上次状态', 'state restored after reconnect'),
  load: t('接待量变化', 'load changed'),
  on_shift: t('上班', 'shift started'),
  shift_start: t('上班', 'shift started'),
};

/** A reason from the server as a phrase; an unknown one is named neutrally, never raw. */
export function reasonText(reason) {
  const r = text(reason);
  if (!r) { return ''; }
  if (REASONS[r]) { return REASONS[r]; }
  if (r.startsWith('set_by:')) { return t(`由 ${r.slice(7)} 设置`, `set by ${r.slice(7)}`); }
  return t('其他原因', 'other reason');
}

/** The server's time-zone for times on the pages (Welcome.shop_time_zone); '' keeps UTC. */
let zone = '';
export function setTimeZone(name) {
  zone = text(name);
  try { new Intl.DateTimeFormat('zh-CN', { timeZone: zone || 'UTC' }); } catch { zone = ''; }
}
export function timeZone() { return zone || 'UTC'; }

/** hh:mm in the shop's time zone. */
export function formatClock(ms) {
  if (!ms) { return ''; }
  return new Intl.DateTimeFormat('zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false,
    timeZone: timeZone() }).format(new Date(Number(ms)));
}
