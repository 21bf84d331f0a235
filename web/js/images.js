// Images in both pages: pick (图片 Image button), paste or drop an image; upload it to
// POST /api/images with the page's token; send it as an image message; show image messages as
// thumbnails that open an enlarged view. An <img src> cannot carry the bearer token, so the
// bytes are fetched with it and shown from a blob: URL.
import { el } from './ui.js';

let tokenOf = () => '';
const blobs = new Map();  // image id -> Promise of a blob: URL (one fetch per image and page)

/** Tells the module where the page's current token comes from (a function). */
export function useImageToken(fn) { tokenOf = fn; }

/** MessageContent holding an image (the init shape of the generated message). */
export function imageContent(image) {
  return { content: { case: 'image', value: { imageId: image.image_id, mimeType: image.mime_type,
    width: image.width, height: image.height } } };
}

const mib = (n) => `${(n / (1024 * 1024)).toFixed(n % (1024 * 1024) ? 1 : 0)} MB`;

// The server's refusal in Chinese first, then English.
function uploadError(status, body) {
  if (status === 413) {
    const limit = body?.max_bytes ? mib(body.max_bytes) : '';
    return `图片太大${limit ? `（上限 ${limit}）` : ''} · Image too large${limit ? ` (limit ${limit})` : ''}`;
  }
  if (status === 415) {
    return '不支持的图片格式，仅支持 JPEG、PNG、WebP、GIF · Unsupported image type: JPEG, PNG, WebP or GIF only';
  }
  if (status === 401) { return '登录已失效，请刷新页面 · Not signed in: please reload'; }
  return `图片上传失败 · Image upload failed (${status || 'network'})`;
}

/** Uploads `file` (a Blob); resolves with the server's answer, rejects with a readable Error. */
export async function uploadImage(file) {
  let res;
  try {
    res = await fetch('/api/images', { method: 'POST', body: file,
      headers: { Authorization: `Bearer ${tokenOf()}`, 'Content-Type': 'application/octet-stream' } });
  } catch {
    throw new Error(uploadError(0));
  }
  const body = await res.json().catch(() => null);
  if (res.status !== 201) { throw new Error(uploadError(res.status, body)); }
  return body;
}

function blobUrl(id) {
  if (!blobs.has(id)) {
    const p = fetch(`/api/images/${encodeURIComponent(id)}`,
      { headers: { Authorization: `Bearer ${tokenOf()}` } })
      .then((res) => {
        if (!res.ok) { throw new Error(`${res.status}`); }
        return res.blob();
      })
      .then((b) => URL.createObjectURL(b));
    p.catch(() => blobs.delete(id));  // a later render tries again
    blobs.set(id, p);
  }
  return blobs.get(id);
}

/** The enlarged view: an overlay closed by a click anywhere or Esc. */
export function openImage(src, alt = '') {
  const overlay = el('div', { class: 'image-overlay', role: 'dialog', 'aria-label': alt || 'image' },
    el('img', { class: 'image-full', src, alt }));
  const close = () => { overlay.remove(); document.removeEventListener('keydown', onKey); };
  const onKey = (e) => { if (e.key === 'Escape') { close(); } };
  overlay.addEventListener('click', close);
  document.addEventListener('keydown', onKey);
  document.body.append(overlay);
  return overlay;
}

/** A thumbnail (at most 200 px) of an ImageRef; a click enlarges it. */
export function imageThumb(ref) {
  const img = el('img', { class: 'chat-image', alt: '图片 Image', dataset: { imageId: ref.imageId } });
  if (ref.width && ref.height) {
    const scale = Math.min(1, 200 / Math.max(ref.width, ref.height));
    img.width = Math.max(1, Math.round(ref.width * scale));
    img.height = Math.max(1, Math.round(ref.height * scale));
  }
  blobUrl(ref.imageId).then((url) => { img.src = url; img.classList.add('loaded'); })
    .catch(() => { img.alt = '图片无法显示 · Image unavailable'; img.classList.add('broken'); });
  img.addEventListener('click', () => { if (img.src) { openImage(img.src, img.alt); } });
  return img;
}

function firstImage(items) {
  for (const item of items ?? []) {
    const file = item instanceof File ? item : item.kind === 'file' ? item.getAsFile() : null;
    if (file && file.type.startsWith('image/')) { return file; }
  }
  return null;
}

/**
 * Adds image input to a composer: a 图片 Image button (with a hidden file input) placed before
 * `before`, paste into `input`, and drop onto `dropZone`. `send(content)` sends a ready image
 * MessageContent; `enabled()` says whether sending is possible now; `onError(text)` shows a
 * failed upload.
 */
export function attachImageInput({ form, before, input, dropZone, send, enabled = () => true,
  onError }) {
  const picker = el('input', { type: 'file', accept: 'image/jpeg,image/png,image/webp,image/gif',
    class: 'image-file', hidden: true });
  const button = el('button', { type: 'button', class: 'ghost image-button',
    title: '发送图片 · Send an image (or paste / drop one)' }, '图片 Image');
  const go = async (file) => {
    if (!file || !enabled()) { return; }
    button.disabled = true;
    try {
      send(imageContent(await uploadImage(file)));
    } catch (e) {
      onError(e.message);
    } finally {
      button.disabled = false;
    }
  };
  button.addEventListener('click', () => { if (enabled()) { picker.click(); } });
  picker.addEventListener('change', () => { const f = picker.files[0]; picker.value = ''; go(f); });
  input.addEventListener('paste', (e) => {
    const file = firstImage(e.clipboardData?.items);
    if (file) { e.preventDefault(); go(file); }
  });
  dropZone.addEventListener('dragover', (e) => {
    if ([...(e.dataTransfer?.types ?? [])].includes('Files')) { e.preventDefault(); }
  });
  dropZone.addEventListener('drop', (e) => {
    const file = firstImage(e.dataTransfer?.files);
    if (file) { e.preventDefault(); go(file); }
  });
  form.insertBefore(picker, before);
  form.insertBefore(button, before);
  return { button, picker, upload: go };
}
