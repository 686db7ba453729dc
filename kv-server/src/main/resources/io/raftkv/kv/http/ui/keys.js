// The key browser: list, get, put and delete against this page's own node (/v1/kv), and a live watch
// pane (/v1/watch as Server-Sent Events).
import {el, fetchJson, b64ToText, fmtTime} from './util.js';

const MAX_WATCH_LINES = 100;

function keyPath(key) {
  return '/v1/kv/' + encodeURIComponent(key);
}

/** Owns #keys: its forms, the listing and the one watch EventSource. */
export class KeyBrowser {
  constructor(root) {
    this.prefix = el('input', {id: 'kv-prefix', placeholder: 'prefix (empty = all)', 'aria-label': 'prefix'});
    this.key = el('input', {id: 'kv-key', placeholder: 'key', 'aria-label': 'key'});
    this.value = el('input', {id: 'kv-value', placeholder: 'value', 'aria-label': 'value'});
    this.status = el('div', {class: 'kv-status', role: 'status'});
    this.list = el('table', {id: 'kv-list', class: 'kv-list'});
    this.watchLog = el('ol', {id: 'watch-log', class: 'watch-log'});
    this.watchButton = el('button', {type: 'button', id: 'watch-toggle', onclick: () => this.toggleWatch()}, 'Watch prefix');
    this.source = null;
    root.append(
      el('div', {class: 'kv-row'}, this.prefix,
        el('button', {type: 'button', id: 'kv-list-button', onclick: () => this.refresh()}, 'List'), this.watchButton),
      el('div', {class: 'kv-row'}, this.key, this.value,
        el('button', {type: 'button', id: 'kv-get', onclick: () => this.get()}, 'Get'),
        el('button', {type: 'button', id: 'kv-put', onclick: () => this.put()}, 'Put'),
        el('button', {type: 'button', id: 'kv-delete', class: 'danger', onclick: () => this.del()}, 'Delete')),
      this.status, el('div', {class: 'kv-scroll'}, this.list),
      el('h3', {}, 'Watch'), this.watchLog);
  }

  say(text, error = false) {
    this.status.textContent = text;
    this.status.classList.toggle('error', error);
  }

  async refresh() {
    try {
      const r = await fetchJson(`/v1/kv?prefix=${encodeURIComponent(this.prefix.value)}&limit=100`);
      this.list.replaceChildren(el('tr', {}, el('th', {}, 'key'), el('th', {}, 'value'), el('th', {}, 'mod'),
        el('th', {}, 'ver')));
      for (const kv of r.kvs) {
        this.list.append(el('tr', {onclick: () => { this.key.value = kv.key; this.value.value = b64ToText(kv.value); }},
          el('td', {class: 'k'}, kv.key), el('td', {class: 'v'}, b64ToText(kv.value)),
          el('td', {}, kv.modRevision), el('td', {}, kv.version)));
      }
      this.say(`${r.kvs.length}${r.more ? '+' : ''} keys at revision ${r.revision}`);
    } catch (e) {
      this.say(`list failed: ${e.message}`, true);
    }
  }

  requireKey() {
    if (!this.key.value) {
      this.say('enter a key', true);
      return false;
    }
    return true;
  }

  async get() {
    if (!this.requireKey()) return;
    try {
      const r = await fetch(keyPath(this.key.value));
      if (r.status === 404) {
        this.say(`${this.key.value}: not found`, true);
        return;
      }
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      this.value.value = await r.text();
      this.say(`${this.key.value}: modRevision ${r.headers.get('ETag')}, version ${r.headers.get('X-Version')}`);
    } catch (e) {
      this.say(`get failed: ${e.message}`, true);
    }
  }

  async put() {
    if (!this.requireKey()) return;
    try {
      const r = await fetchJson(keyPath(this.key.value), {method: 'PUT', body: this.value.value});
      this.say(`put ${this.key.value} at revision ${r.revision}`);
      this.refresh();
    } catch (e) {
      this.say(`put failed: ${e.message}`, true);
    }
  }

  async del() {
    if (!this.requireKey()) return;
    try {
      const r = await fetchJson(keyPath(this.key.value), {method: 'DELETE'});
      this.say(`deleted ${this.key.value} at revision ${r.revision}`);
      this.refresh();
    } catch (e) {
      this.say(`delete failed: ${e.message}`, true);
    }
  }

  toggleWatch() {
    if (this.source) {
      this.source.close();
      this.source = null;
      this.watchButton.textContent = 'Watch prefix';
      this.line('watch stopped');
      return;
    }
    const prefix = this.prefix.value;
    const source = new EventSource(`/v1/watch?prefix=${encodeURIComponent(prefix)}&prevKv=true`);
    this.source = source;
    this.watchButton.textContent = 'Stop watch';
    this.line(`watching prefix "${prefix}"`);
    source.onmessage = e => {
      const msg = JSON.parse(e.data);
      for (const ev of msg.events) {
        const text = ev.type === 'put' ? `put ${ev.kv.key} = ${b64ToText(ev.kv.value)}` : `delete ${ev.kv.key}`;
        this.line(`rev ${msg.revision}: ${text}`, ev.type);
      }
    };
    source.addEventListener('error', e => {
      if (e.data) this.line(`watch ended: ${e.data}`, 'error');
      else if (source.readyState !== EventSource.CLOSED) this.line('watch connection lost, resuming…', 'error');
    });
  }

  line(text, kind = 'note') {
    this.watchLog.prepend(el('li', {class: kind}, el('time', {}, fmtTime(Date.now())), ' ', text));
    while (this.watchLog.children.length > MAX_WATCH_LINES) this.watchLog.lastElementChild.remove();
  }
}
