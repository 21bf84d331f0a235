// "Why did this chat go to this agent?": the router's decision records in words. Every rule
// and every reason a candidate was passed over (router/core: selection, eligibility, agent
// pool) has a phrase; an unknown one is named neutrally, never shown raw.
import { el } from './ui.js';
import { t, text, reasonText, formatClock } from './i18n.js';

const PASSED_OVER = {
  declined_or_missed: t('此前拒绝或未接', 'declined or missed it before'),
  lower_proficiency: t('技能等级较低', 'lower skill level'),
  fairness_idle_threshold: t('另一位客服空闲更久', 'another agent had been idle longer'),
  not_configured: t('未配置', 'not configured'),
  offline: t('离线', 'offline'),
  away: t('离开', 'away'),
  busy: t('忙碌', 'busy'),
  off_shift: t('不在班', 'off shift'),
  shift_ending: t('即将下班', 'shift ending'),
  at_capacity: t('接待已满', 'at capacity'),
  vip_reserved: t('剩余名额留给 VIP', 'remaining slots kept for VIPs'),
  not_chosen: t('未被选中（排序靠后）', 'not chosen (ranked lower)'),
  missed: t('超时未接', 'did not accept in time'),
  declined: t('拒绝', 'declined'),
  no_reply_in_time: t('未及时回复', 'did not reply in time'),
};

/** Why a candidate was passed over, in words. */
export function passedOverText(why) {
  const w = text(why);
  if (!w) { return ''; }
  if (PASSED_OVER[w]) { return PASSED_OVER[w]; }
  let m = /^missing_skill:(.+)$/.exec(w);
  if (m) { return t(`缺少技能「${m[1]}」`, `lacks the skill "${m[1]}"`); }
  m = /^skill_level:(.+):(\d+)<(\d+)$/.exec(w);
  if (m) { return t(`技能「${m[1]}」等级 ${m[2]}，需要 ${m[3]}`, `"${m[1]}" level ${m[2]}, needs ${m[3]}`); }
  return t('其他原因', 'other reason');
}

/** One decision as a sentence and its passed-over candidates. */
export function decisionItem(d, names = new Map()) {
  const who = (id) => names.get(id) || id;
  // reasonText is already "中文 English": one phrase each, not the sentence twice.
  const head = d.winner
    ? `${t('分配给', 'assigned to')} ${who(d.winner)} · ${reasonText(d.rule)}`
    : reasonText(d.rule);
  return el('li', {},
    el('b', {}, formatClock(Number(d.atMs))), ' · ', head,
    d.candidates.length ? el('ul', { class: 'muted' }, ...d.candidates
      .filter((c) => c.rejectedBecause)
      .map((c) => el('li', {}, `${who(c.agentId)}：${passedOverText(c.rejectedBecause)}`))) : '');
}
