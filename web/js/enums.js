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
