// fenliu.v1 enum values the pages use, and their display names.
export const Role = { CUSTOMER: 1, AGENT: 2, SUPERVISOR: 3, QA: 4, BOT: 5, SYSTEM: 6 };
export const Stage = { UNSPECIFIED: 0, PRE_SALES: 1, IN_SALE: 2, AFTER_SALES: 3 };
export const AgentState = { ONLINE: 1, AWAY: 2, BUSY: 3, OFFLINE: 4 };
export const ConvState = {
  BOT: 1, QUEUED: 2, OFFERED: 3, ACTIVE: 4, WRAP_UP: 5, CLOSED: 6, LEFT_MESSAGE: 7, ABANDONED: 8,
};
export const Visibility = { ALL: 0, STAFF_ONLY: 1 };
export const ErrorCode = {
  RATE_LIMITED: 8, CONFLICT: 10, STORE_UNAVAILABLE: 11, OVERLOADED: 12, RESYNC_REQUIRED: 13,
  INTERNAL: 15, CONVERSATION_CLOSED: 16,
};

export const stageName = {
  0: 'Any / 不确定', 1: 'Pre-sales 售前', 2: 'In-sale 售中', 3: 'After-sales 售后',
};
export const agentStateName = { 0: '—', 1: 'online', 2: 'away', 3: 'busy', 4: 'offline' };
export const convStateName = {
  0: '—', 1: 'bot', 2: 'queued', 3: 'offered', 4: 'active', 5: 'wrap-up', 6: 'closed',
  7: 'left a message', 8: 'abandoned',
};
export const roleName = {
  0: '—', 1: 'customer', 2: 'agent', 3: 'supervisor', 4: 'qa', 5: 'bot', 6: 'system',
};
