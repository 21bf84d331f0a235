// Supervisors: KPIs (数据指标) from GET /api/kpis — trends per shop day and a per-agent
// comparison drawn with ECharts, and the per-agent table. Dates are the shop's (its time zone
// decides where a day starts); a measure without data shows "—".
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { $, el, fill } from './ui.js';
import { t, timeZone } from './i18n.js';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

const NONE = '—';

/** ms as "m:ss" (or "h:mm:ss"); "—" for no data. */
export function kpiDuration(ms) {
  if (ms === null || ms === undefined || !Number.isFinite(Number(ms))) { return NONE; }
  const total = Math.round(Number(ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** A share 0..1 as "50.0%"; "—" for no data. */
export function kpiShare(v) {
  if (v === null || v === undefined || !Number.isFinite(Number(v))) { return NONE; }
  return `${(Number(v) * 100).toFixed(1)}%`;
}

function kpiNumber(v, digits = 1) {
  if (v === null || v === undefined || !Number.isFinite(Number(v))) { return NONE; }
  return Number(v).toFixed(digits);
}

/** Today's date in the shop's time zone, YYYY-MM-DD. */
function shopToday() {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timeZone(), year: 'numeric',
    month: '2-digit', day: '2-digit' }).format(new Date());
}

function addDays(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// Chart values: null stays null (a gap), never NaN.
const seconds = (ms) => (ms === null || ms === undefined ? null : Math.round(Number(ms) / 100) / 10);
const percent = (v) => (v === null || v === undefined ? null : Math.round(Number(v) * 1000) / 10);

const COLUMNS = [
  [t('会话', 'Chats'), (r) => String(r.conversations)],
  [t('首响均值', 'First reply avg'), (r) => kpiDuration(r.first_response_avg_ms)],
  [t('首响P50', 'First reply p50'), (r) => kpiDuration(r.first_response_p50_ms)],
  [t('首响P90', 'First reply p90'), (r) => kpiDuration(r.first_response_p90_ms)],
  [t('平均响应', 'Reply avg'), (r) => kpiDuration(r.response_avg_ms)],
  [t('响应P90', 'Reply p90'), (r) => kpiDuration(r.response_p90_ms)],
  [t('平均时长', 'Duration avg'), (r) => kpiDuration(r.duration_avg_ms)],
  [t('好评率', 'Satisfied'), (r) => kpiShare(r.satisfied_share)],
  [t('差评率', 'Unsatisfied'), (r) => kpiShare(r.unsatisfied_share)],
  [t('转接率', 'Transferred'), (r) => kpiShare(r.transfer_rate)],
  [t('放弃率', 'Abandoned'), (r) => kpiShare(r.abandonment_rate)],
  [t('留言', 'Left msgs'), (r) => String(r.left_messages)],
  [t('留言答复', 'Left msg answer'), (r) => kpiDuration(r.left_answer_avg_ms)],
  [t('服务水平', 'Service level'), (r) => kpiShare(r.service_level)],
  [t('机器人拦截', 'Bot contained'), (r) => kpiShare(r.bot_containment)],
  [t('售前转化', 'Pre-sales conv.'), (r) => kpiShare(r.conversion_rate)],
  [t('质检均分', 'QA avg'), (r) => kpiNumber(r.qa_average)],
];

export class KpiPanel {
  constructor({ token, notify }) {
    this.token = token;
    this.notify = notify;
    this.trend = null;
    this.agents = null;
    const to = shopToday();
    $('#kpi-from').value = addDays(to, -6);
    $('#kpi-to').value = to;
    $('#kpi-form').addEventListener('submit', (e) => { e.preventDefault(); this.load(); });
    window.addEventListener('resize', () => { this.trend?.resize(); this.agents?.resize(); });
  }

  query(extra) {
    const q = new URLSearchParams({ from: $('#kpi-from').value, to: $('#kpi-to').value, ...extra });
    return `/api/kpis?${q}`;
  }

  async get(extra) {
    const res = await fetch(this.query(extra), { headers: { Authorization: `Bearer ${this.token}` } });
    const body = await res.json();
    if (!res.ok) {
      throw new Error(`${body.field ? `${body.field}: ` : ''}${body.detail || body.error || `HTTP ${res.status}`}`);
    }
    return body;
  }

  async load() {
    const status = $('#kpi-status');
    status.textContent = t('读取中', 'Loading…');
    try {
      const [days, agents] = await Promise.all([
        this.get({ group_by: 'shop', period: 'day' }), this.get({ group_by: 'agent' })]);
      this.drawTrend(days.rows);
      this.drawAgents(agents.rows);
      this.fillTable(agents.rows);
      this.fillCsvLink();
      status.textContent = `${days.from_local.slice(0, 10)} — ${addDays(days.to_local.slice(0, 10), -1)} · `
        + `${t('会话', 'chats')} ${days.conversations} · ${t('服务水平目标', 'service-level target')} `
        + `${days.service_level_target_s} s · ${t('时区', 'time zone')} ${days.time_zone || `UTC${days.utc_offset_minutes >= 0 ? '+' : ''}${days.utc_offset_minutes / 60}`}`;
    } catch (e) {
      status.textContent = `${t('无法读取', 'Could not load')}: ${e.message}`;
    }
  }

  fillCsvLink() {
    // The CSV needs the token too: fetched, then offered as a file.
    $('#kpi-csv').onclick = async () => {
      const res = await fetch(this.query({ group_by: 'agent', format: 'csv' }),
        { headers: { Authorization: `Bearer ${this.token}` } });
      const blob = new Blob([await res.text()], { type: 'text/csv' });
      const a = el('a', { href: URL.createObjectURL(blob),
        download: `kpis-${$('#kpi-from').value}-${$('#kpi-to').value}.csv` });
      a.click();
      URL.revokeObjectURL(a.href);
    };
  }

  drawTrend(rows) {
    const node = $('#kpi-trend');
    this.trend ??= echarts.init(node, null, { renderer: 'svg' });
    const series = [
      { name: t('会话量', 'Chats'), type: 'bar', yAxisIndex: 0, data: rows.map((r) => r.conversations) },
      { name: t('首响P50 (秒)', 'First reply p50 (s)'), type: 'line', yAxisIndex: 0, connectNulls: false,
        data: rows.map((r) => seconds(r.first_response_p50_ms)) },
      { name: t('好评率 %', 'Satisfied %'), type: 'line', yAxisIndex: 1, data: rows.map((r) => percent(r.satisfied_share)) },
      { name: t('服务水平 %', 'Service level %'), type: 'line', yAxisIndex: 1, data: rows.map((r) => percent(r.service_level)) },
    ];
    this.trend.setOption({
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? NONE : v) },
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: rows.map((r) => r.period) },
      yAxis: [{ type: 'value' }, { type: 'value', min: 0, max: 100 }],
      series,
    }, true);
    node.dataset.series = String(series.length);
    node.dataset.points = String(rows.length);
  }

  drawAgents(rows) {
    const node = $('#kpi-agents');
    this.agents ??= echarts.init(node, null, { renderer: 'svg' });
    const names = rows.map((r) => (r.group ? r.name : t('无人接待', 'No person')));
    const series = [
      { name: t('会话量', 'Chats'), type: 'bar', data: rows.map((r) => r.conversations) },
      { name: t('首响均值 (秒)', 'First reply avg (s)'), type: 'bar', data: rows.map((r) => seconds(r.first_response_avg_ms)) },
      { name: t('好评率 %', 'Satisfied %'), type: 'bar', data: rows.map((r) => percent(r.satisfied_share)) },
    ];
    this.agents.setOption({
      animation: false,
      tooltip: { trigger: 'axis', valueFormatter: (v) => (v === null || v === undefined ? NONE : v) },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 40, bottom: 30 },
      xAxis: { type: 'category', data: names },
      yAxis: { type: 'value' },
      series,
    }, true);
    node.dataset.series = String(series.length);
    node.dataset.points = String(rows.length);
  }

  fillTable(rows) {
    const table = $('#kpi-table');
    fill(table.tHead, el('tr', {}, el('th', {}, t('客服', 'Agent')), COLUMNS.map(([h]) => el('th', {}, h))));
    const body = rows.length ? rows.map((r) => el('tr', { dataset: { agent: r.group } },
      el('td', {}, r.group ? r.name : t('无人接待', 'No person')),
      COLUMNS.map(([, f]) => el('td', {}, f(r)))))
      : [el('tr', {}, el('td', { colspan: COLUMNS.length + 1, class: 'muted' },
        t('这段时间没有会话', 'No chats in this period')))];
    fill(table.tBodies[0], body);
  }
}
