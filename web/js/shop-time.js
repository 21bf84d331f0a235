// Times in the shop's time zone (the server's Welcome names it when it knows it), so every
// page shows the same clock whatever the browser's locale.
let zone = 'Asia/Shanghai';

export function setShopTimeZone(tz) { if (tz) { zone = tz; } }

function format(ms, options) {
  try {
    return new Intl.DateTimeFormat('zh-CN', { timeZone: zone, hour12: false, ...options })
      .format(new Date(Number(ms)));
  } catch {
    return new Date(Number(ms)).toISOString();
  }
}

/** 2026-12-02 14:05 in the shop's zone; empty for 0. */
export function shopDateTime(ms) {
  if (!ms) { return ''; }
  return format(ms, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit',
    minute: '2-digit' }).replace(/\//g, '-');
}
