// Read receipts, unread counts and alerts (part "receipts"): MarkRead when a conversation is on
// screen, the tab title's "(N) …", a sound and a desktop notification for new chats and
// messages (each switchable, kept in localStorage), and the composer's character counter.
import { el } from './ui.js';
import { t } from './i18n.js';

/** Sends MarkRead for the highest seq shown, once per new seq, while the page is visible. */
export class ReadMarker {
  constructor(conn) {
    this.conn = conn;
    this.sent = new Map();  // conversation id -> highest seq marked
  }

  /** Marks `seq` read in `convId` when the page is visible; lower or repeated marks are skipped. */
  mark(convId, seq) {
    if (!convId || !seq || document.hidden) { return; }
    if ((this.sent.get(convId) ?? 0) >= seq) { return; }
    this.sent.set(convId, seq);
    this.conn.request('markRead', { conversationId: convId, seq }).catch(() => {
      if (this.sent.get(convId) === seq) { this.sent.delete(convId); }  // try again next time
    });
  }

  /** What the server already holds (ResumeResult.my_last_read_seq). */
  known(convId, seq) {
    if (seq > (this.sent.get(convId) ?? 0)) { this.sent.set(convId, seq); }
  }
}

const SOUND_KEY = 'fenliu.alerts.sound';
const NOTIFY_KEY = 'fenliu.alerts.notify';

function stored(key) { return localStorage.getItem(key) !== 'off'; }

/** Sound and desktop notifications, and the unread count in the tab title. */
export class Alerts {
  constructor(baseTitle = document.title) {
    this.baseTitle = baseTitle;
    this.sound = stored(SOUND_KEY);
    this.desktop = stored(NOTIFY_KEY);
    this.ctx = null;
  }

  /** Two switches for a header: 提示音 Sound, 桌面通知 Notifications. */
  switches() {
    // Browsers ask for the notification permission only from a user gesture: the first click.
    document.addEventListener('click', () => {
      if (this.desktop && typeof Notification !== 'undefined' && Notification.permission === 'default') {
        Notification.requestPermission().catch(() => {});
      }
    }, { once: true });
    const box = (id, label, on, set) => el('label', {},
      el('input', { type: 'checkbox', id, checked: on || null,
        onchange: (e) => set(e.target.checked) }), label);
    return el('span', { class: 'alert-switches' },
      box('alert-sound', t('提示音', 'Sound'), this.sound, (v) => {
        this.sound = v;
        localStorage.setItem(SOUND_KEY, v ? 'on' : 'off');
      }),
      box('alert-notify', t('桌面通知', 'Notifications'), this.desktop, (v) => {
        this.desktop = v;
        localStorage.setItem(NOTIFY_KEY, v ? 'on' : 'off');
        if (v && typeof Notification !== 'undefined' && Notification.permission === 'default') {
          Notification.requestPermission().catch(() => {});
        }
      }));
  }

  /** The tab title shows "(N) …" while N messages are unread. */
  unread(n) {
    document.title = n > 0 ? `(${n}) ${this.baseTitle}` : this.baseTitle;
  }

  /** A new chat or message: a short tone and a notification, each unless switched off. */
  ping(title, body) {
    if (this.sound) { this.beep(); }
    if (this.desktop && typeof Notification !== 'undefined' && Notification.permission === 'granted'
        && document.hidden) {
      try { new Notification(title, { body, tag: 'fenliu' }); } catch { /* not allowed here */ }
    }
    document.body.dataset.lastAlert = String(Date.now());  // for tests and styling
  }

  beep() {
    try {
      this.ctx ??= new AudioContext();
      const osc = this.ctx.createOscillator();
      const gain = this.ctx.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.05;
      osc.connect(gain).connect(this.ctx.destination);
      osc.start();
      osc.stop(this.ctx.currentTime + 0.15);
    } catch { /* no audio output */ }
  }
}

/** Unicode code points, as the server counts max_text_chars. */
export function charCount(s) { return [...s].length; }

/**
 * A live "n / max" counter after `input`; `max()` is Welcome.max_text_chars (0: unknown).
 * Returns check(): null when the text may be sent, else the message to show.
 */
export function attachCounter(input, max) {
  const counter = el('span', { class: 'char-count', 'aria-live': 'polite' });
  input.after(counter);
  const update = () => {
    const n = charCount(input.value);
    const m = max();
    counter.textContent = m ? `${n} / ${m}` : '';
    counter.classList.toggle('over', Boolean(m) && n > m);
  };
  input.addEventListener('input', update);
  update();
  return {
    update,
    check() {
      const m = max();
      const n = charCount(input.value.trim());
      if (m && n > m) {
        return t(`消息过长（${n} 字，最多 ${m} 字），请删减后再发送`,
          `Message too long (${n} characters, at most ${m}); please shorten it.`);
      }
      return null;
    },
  };
}

/** The composer's error line (shown above the input), cleared on the next keystroke. */
export function composeError(form, input) {
  const line = el('div', { class: 'compose-error', role: 'alert' });
  line.hidden = true;
  form.before(line);
  input.addEventListener('input', () => { line.hidden = true; });
  return (msg) => { line.textContent = msg || ''; line.hidden = !msg; };
}
