// Display names of fenliu.v1 enum values. The values themselves come from the generated code.
import { AgentState, ConversationState, Role, Stage } from './codec.js';

export const stageName = {
  [Stage.UNSPECIFIED]: 'Any / 不确定', [Stage.PRE_SALES]: 'Pre-sales 售前',
  [Stage.IN_SALE]: 'In-sale 售中', [Stage.AFTER_SALES]: 'After-sales 售后',
};
export const agentStateName = {
  [AgentState.UNSPECIFIED]: '—', [AgentState.ONLINE]: 'online', [AgentState.AWAY]: 'away',
  [AgentState.BUSY]: 'busy', [AgentState.OFFLINE]: 'offline',
};
export const convStateName = {
  [ConversationState.UNSPECIFIED]: '—', [ConversationState.BOT]: 'bot',
  [ConversationState.QUEUED]: 'queued', [ConversationState.OFFERED]: 'offered',
  [ConversationState.ACTIVE]: 'active', [ConversationState.WRAP_UP]: 'wrap-up',
  [ConversationState.CLOSED]: 'closed', [ConversationState.LEFT_MESSAGE]: 'left a message',
  [ConversationState.ABANDONED]: 'abandoned',
};
export const roleName = {
  [Role.UNSPECIFIED]: '—', [Role.CUSTOMER]: 'customer', [Role.AGENT]: 'agent',
  [Role.SUPERVISOR]: 'supervisor', [Role.QA]: 'qa', [Role.BOT]: 'bot', [Role.SYSTEM]: 'system',
};

/** Why the bot handed a chat over (HandoverSummary.reason). */
export const handoverReason = {
  asked_for_person: '买家要求人工 · the buyer asked for a person',
  button: '买家点了转人工 · the buyer tapped "talk to a person"',
  unanswered_limit: '机器人多次未能回答 · the bot could not answer several times',
  order_status: '查询订单物流 · an order tracking question',
  order_problem: '订单问题（发错/破损）· a problem with the order',
  refund_progress: '退款进度 · a refund in progress',
  complaint: '投诉 · a complaint',
  risk: '投诉风险高 · high complaint risk',
  other: '机器人转接 · handed over by the bot',
};
/** Intents the bot detected (HandoverSummary.intents). */
export const intentName = {
  handover: '转人工', order_status: '查物流', order_problem: '订单问题',
  refund_progress: '退款进度', complaint: '投诉', greeting: '问候', faq: '常见问题',
};
/** Supervisor alert kinds (SupervisorAlert.kind). */
export const alertName = {
  long_wait: '等待过久 · Long wait', no_agent_on_shift: '无人值班 · Nobody on shift',
  response_deadline: '回复超时 · Reply overdue', missed_offers: '多次未接 · Missed offers',
  complaint_risk: '投诉风险 · Complaint risk',
};
