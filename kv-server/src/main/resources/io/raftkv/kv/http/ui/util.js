// Small DOM and formatting helpers shared by the dashboard's modules.

/** Creates an element: el('div', {class: 'x', dataset: {id: 'n1'}}, child, 'text', ...). */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'dataset') Object.assign(e.dataset, v);
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c !== undefined && c !== null && c !== false) e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Creates an SVG element with attributes. */
export function svg(tag, attrs = {}) {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

/** A stable, distinct colour per term (golden-angle hues), as RaftScope colours terms. */
export function termColor(term) {
  return `hsl(${(term * 137.508) % 360}, 65%, 52%)`;
}

export function fmtRate(x) {
  if (x === undefined || x === null || Number.isNaN(x)) return '–';
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

export function fmtTime(ms) {
  const d = new Date(ms);
  return d.toLocaleTimeString([], {hour12: false}) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

/** fetch + JSON with the API's error format turned into an Error carrying status and code. */
export async function fetchJson(url, options = {}) {
  const r = await fetch(url, options);
  const text = await r.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = {message: text}; }
  if (!r.ok) {
    const err = new Error((body && (body.message || body.error)) || `HTTP ${r.status}`);
    err.status = r.status;
    err.code = body && body.error;
    throw err;
  }
  return body;
}

/** Base64 (the API's JSON value encoding) to text, showing bytes that are not UTF-8 as \xNN. */
export function b64ToText(b64) {
  const bin = atob(b64 || '');
  const bytes = Uint8Array.from(bin, c => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', {fatal: true}).decode(bytes);
  } catch (e) {
    return Array.from(bytes, b => (b >= 32 && b < 127 ? String.fromCharCode(b) : '\\x' + b.toString(16).padStart(2, '0'))).join('');
  }
}
