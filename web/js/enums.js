// Display names of fenliu.v1 enum values. The values themselves come from the generated code.
import { AgentState, ConversationState, Role, Stage } from './codec.js';

export const stageName = {
  [Stage.UNSPECIFIED]: '不确定 Any', [Stage.PRE_SALES]: '售前 Pre-sales',
  [Stage.IN_SALE]: '售中 In-sale', [Stage.AFTER_SALES]: '售后 After-sales',
};
export const agentStateName = {
  [AgentState.UNSPECIFIED]: '—', [AgentState.ONLINE]: '在线 online', [AgentState.AWAY]: '离开 away',
  [AgentState.BUSY]: '忙碌 busy', [AgentState.OFFLINE]: '离线 offline',
};
export const convStateName = {
  [ConversationState.UNSPECIFIED]: '—', [ConversationState.BOT]: '机器人 bot',
  [ConversationState.QUEUED]: '排队中 queued', [ConversationState.OFFERED]: '待接入 offered',
  [ConversationState.ACTIVE]: '进行中 active', [ConversationState.WRAP_UP]: '收尾 wrap-up',
  [ConversationState.CLOSED]: '已结束 closed', [ConversationState.LEFT_MESSAGE]: '已留言 left a message',
  [ConversationState.ABANDONED]: '已放弃 abandoned',
};
export const roleName = {
  [Role.UNSPECIFIED]: '—', [Role.CUSTOMER]: '客户 customer', [Role.AGENT]: '客服 agent',
  [Role.SUPERVISOR]: '主管 supervisor', [Role.QA]: '质检 QA', [Role.BOT]: '机器人 bot',
  [Role.SYSTEM]: '系统 system',
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
  complaint_risk: '投诉风险 · Complaint risk', queue_surge: '进线激增 · Queue surge',
};
