// Dates and times in the shop's time zone (i18n.js keeps it, from Welcome.shop_time_zone), so
// every page shows the same clock whatever the browser's locale.
import { timeZone } from './i18n.js';

/** 2026-12-02 14:05 in the shop's zone; empty for 0. */
export function shopDateTime(ms) {
  if (!ms) { return ''; }
  return new Intl.DateTimeFormat('zh-CN', { timeZone: timeZone(), hour12: false, year: 'numeric',
    month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' })
    .format(new Date(Number(ms))).replace(/\//g, '-');
}
