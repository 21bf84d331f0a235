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
    el('h2', {}, '演示 Demo'),
    el('p', {}, el('a', { href: '/widget.html', target: '_blank' }, 'Widget as a new visitor')),
    row('以演示买家打开客服窗口 Widget as a demo buyer:', 'widget.html', t.customers),
    row('以客服打开工作台 Workbench as an agent:', 'workbench.html', t.agents),
    row('以主管打开工作台 Workbench as a supervisor:', 'workbench.html', t.supervisors));
}

main();
