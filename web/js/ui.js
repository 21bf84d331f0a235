// Small DOM helpers shared by the widget and the workbench.
import { formatClock } from './i18n.js';

/** el('div', {class: 'x', onclick: fn}, 'text', child, ...) */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) { continue; }
    if (k.startsWith('on')) { node.addEventListener(k.slice(2), v); }
    else if (k === 'class') { node.className = v; }
    else if (k === 'dataset') { Object.assign(node.dataset, v); }
    else { node.setAttribute(k, v === true ? '' : v); }
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) { continue; }
    node.append(c instanceof Node ? c : String(c));
  }
  return node;
}

/** node.replaceChildren, skipping null / undefined / false (the DOM would print "null"). */
export function fill(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

export const $ = (sel, root = document) => root.querySelector(sel);

export function show(node, visible) { node.hidden = !visible; }

/** hh:mm in the shop's time zone (Welcome.shop_time_zone), whatever the browser's is. */
export function clockTime(ms) { return formatClock(ms); }

export function money(cents, currency = 'CNY') {
  const sym = currency === 'CNY' ? '¥' : `${currency} `;
  return `${sym}${(Number(cents) / 100).toFixed(2)}`;
}

export function duration(seconds) {
  if (seconds < 60) { return `${seconds} s`; }
  const m = Math.round(seconds / 60);
  return `${m} min`;
}

export function param(name) { return new URLSearchParams(location.search).get(name); }

export function wsUrl(token) {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}/ws?token=${encodeURIComponent(token)}`;
}

/** Sets a status pill: text plus a kind (ok, wait, off) used as a CSS class. */
export function setStatus(node, text, kind) {
  node.textContent = text;
  node.className = `status status-${kind}`;
}
