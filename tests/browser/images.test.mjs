// Images in a real browser: an image sent from the widget shows as a thumbnail in the
// workbench, one sent from the workbench shows in the widget, a click enlarges either; paste and
// drop send too; a text file named like an image is refused with a clear message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { sharedSession, shot, demoAgents } from './harness.mjs';

const T = 15000;
const session = sharedSession();
const { openPage, errors } = session;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) { c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; }
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) { c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8); }
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** A real, decodable RGB PNG of one colour. */
function png(width, height, [r, g, b]) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) { row.set([r, g, b], 1 + x * 3); }
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// The thumbnail has loaded from its blob: URL with the picture's own size.
async function loadedSize(locator) {
  await locator.waitFor({ timeout: T });
  return locator.evaluate((img) => ({ w: img.naturalWidth, h: img.naturalHeight,
    src: img.src, shown: Math.max(img.clientWidth, img.clientHeight) }));
}

test('images both ways: widget -> workbench thumbnail, workbench -> widget, click to enlarge', async () => {
  const agent = demoAgents().find((a) => a.alwaysOn && !a.supervisor && a.stages.includes('pre_sales'));
  assert.ok(agent);
  const wb = await openPage(`/workbench.html?token=${session.tokens.agents[agent.id]}`, 'workbench');
  await wb.locator('#status', { hasText: 'connected' }).waitFor({ timeout: T });
  const widget = await openPage(`/widget.html?token=${session.tokens.customers['c-1002']}&page=product`,
    'widget');
  await widget.locator('#menu').waitFor({ state: 'visible', timeout: T });
  await widget.fill('#text', '请看图片 Please look at this picture');
  await widget.click('#menu button[data-stage="1"]');
  await wb.locator('#conv-list .conv', { hasText: 'c-1002' }).waitFor({ timeout: T });
  await widget.locator('#agent-line', { hasText: agent.name.split(' ')[0] }).waitFor({ timeout: T });

  // Widget -> workbench, through the 图片 Image button's file input.
  await widget.locator('#composer .image-button', { hasText: '图片' }).waitFor({ timeout: T });
  await widget.setInputFiles('#composer .image-file',
    { name: 'red.png', mimeType: 'image/png', buffer: png(300, 150, [220, 30, 30]) });
  const atAgent = await loadedSize(wb.locator('#chat-scroll .msg-customer img.chat-image.loaded'));
  assert.equal(atAgent.w, 300);
  assert.equal(atAgent.h, 150);
  assert.match(atAgent.src, /^blob:/);
  assert.ok(atAgent.shown <= 200, `thumbnail at most 200 px, was ${atAgent.shown}`);
  await widget.locator('.msg-mine img.chat-image.loaded').waitFor({ timeout: T });
  await widget.locator('.msg-mine', { has: widget.locator('img.chat-image') })
    .locator('.msg-state', { hasText: 'sent' }).waitFor({ timeout: T });

  await wb.click('#chat-scroll .msg-customer img.chat-image');
  const overlay = wb.locator('.image-overlay img.image-full');
  await overlay.waitFor({ state: 'visible', timeout: T });
  assert.ok(await overlay.evaluate((img) => img.clientWidth > 200), 'the enlarged view is larger');
  await shot(wb, 'images-workbench-enlarged');
  await wb.keyboard.press('Escape');
  await wb.locator('.image-overlay').waitFor({ state: 'detached', timeout: T });

  // Workbench -> widget.
  await wb.setInputFiles('#chat-composer .image-file',
    { name: 'blue.png', mimeType: 'image/png', buffer: png(64, 96, [20, 60, 220]) });
  const atCustomer = await loadedSize(widget.locator('.msg-staff img.chat-image.loaded'));
  assert.equal(atCustomer.w, 64);
  assert.equal(atCustomer.h, 96);
  await widget.click('.msg-staff img.chat-image');
  await widget.locator('.image-overlay img.image-full').waitFor({ state: 'visible', timeout: T });
  await shot(widget, 'images-widget-enlarged');
  await widget.click('.image-overlay');
  await widget.locator('.image-overlay').waitFor({ state: 'detached', timeout: T });

  // Paste into the widget's input and drop onto the workbench's chat: the same upload and send.
  await widget.evaluate(async (bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'pasted.png', { type: 'image/png' }));
    document.querySelector('#text').dispatchEvent(new ClipboardEvent('paste',
      { clipboardData: dt, bubbles: true, cancelable: true }));
  }, [...png(40, 20, [20, 200, 20])]);
  await wb.waitForFunction(() => [...document.querySelectorAll(
    '#chat-scroll .msg-customer img.chat-image.loaded')].some((i) => i.naturalWidth === 40),
  null, { timeout: T });
  await wb.evaluate(async (bytes) => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array(bytes)], 'dropped.png', { type: 'image/png' }));
    const target = document.querySelector('#chat-scroll');
    for (const type of ['dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    }
  }, [...png(30, 60, [200, 200, 20])]);
  await widget.waitForFunction(() => [...document.querySelectorAll(
    '.msg-staff img.chat-image.loaded')].some((i) => i.naturalWidth === 30), null, { timeout: T });

  // A text file named x.png: refused by its bytes, said in Chinese first, then English.
  await widget.setInputFiles('#composer .image-file',
    { name: 'x.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all\n') });
  await widget.locator('.msg-notice', { hasText: '不支持的图片格式' })
    .locator('text=Unsupported image type').waitFor({ timeout: T });
  await shot(widget, 'images-widget');

  await widget.close();
  await wb.close();
  // The 415 answer is logged by the browser as a failed resource load: expected here.
  assert.deepEqual(errors.filter((e) => !/status of 415/.test(e)), []);
});
