// Demo links on the start page: the widget as each demo buyer and the workbench as each staff
// member, from /api/dev/tokens (absent outside demo mode, then nothing is shown).
import { $, el } from './ui.js';

async function main() {
  const res = await fetch('/api/dev/tokens').catch(() => null);
  if (!res?.ok) { return; }
  const t = await res.json();
  const link = (page, token, label) => el('a', { href: `/${page}?token=${encodeURIComponent(token)}`,
    target: '_blank' }, label);
  const row = (title, page, group) => el('p', {}, el('b', {}, title), ' ',
    ...Object.entries(group ?? {}).flatMap(([id, tok]) => [link(page, tok, id), ' ']));
  $('#demo').append(
    el('h2', {}, 'Demo 演示'),
    el('p', {}, el('a', { href: '/widget.html', target: '_blank' }, 'Widget as a new visitor')),
    row('Widget as a demo buyer:', 'widget.html', t.customers),
    row('Workbench as an agent:', 'workbench.html', t.agents),
    row('Workbench as a supervisor:', 'workbench.html', t.supervisors));
}

main();
