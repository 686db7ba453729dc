// Local mode only (raftkv local): buttons that act on the node processes through the launcher's control
// API, and leader transfer. Created only when /ui/config.json names a launcher, so outside local mode
// none of these elements exist.
import {el, fetchJson} from './util.js';

const POLL_MS = 1000;

/** Owns the controls inside each member card and the launcher's view of the processes. */
export class LocalControls {
  constructor(controlUrl, {cards, onNote}) {
    this.url = controlUrl.replace(/\/$/, '');
    this.cards = cards;
    this.onNote = onNote;
    this.processes = new Map();
    this.busy = false;
    this.poll();
    setInterval(() => this.poll(), POLL_MS);
  }

  async poll() {
    try {
      const r = await fetchJson(`${this.url}/v1/local/nodes`);
      this.processes = new Map(r.nodes.map(n => [n.id, n]));
      this.launcherDown = false;
    } catch (e) {
      this.launcherDown = true;
    }
    for (const id of this.cards.cards.keys()) this.render(id);
  }

  /** (Re)draws the buttons of member id for its process state. */
  render(id) {
    const c = this.cards.card(id);
    const p = this.processes.get(id);
    const state = this.launcherDown ? 'launcher unreachable' : p ? p.state + (p.isolated ? ', isolated' : '') : 'not started by the launcher';
    const signature = `${state}/${p && p.pid}/${this.busy}/${c.root.dataset.role}`;
    if (c.controlsSignature === signature) return; // unchanged: keep the buttons (and any click on them)
    c.controlsSignature = signature;
    c.root.dataset.process = p ? p.state : 'unknown';
    c.root.dataset.isolated = String(!!(p && p.isolated));
    const button = (action, label, cls = '') => el('button', {type: 'button', class: `ctl ${cls}`,
      dataset: {action, node: id}, disabled: this.busy || !p, onclick: () => this.act(id, action)}, label);
    const running = p && p.state === 'running';
    const paused = p && p.state === 'paused';
    c.controls.replaceChildren(el('div', {class: 'process'}, `process: ${state}${p && p.pid ? ` (pid ${p.pid})` : ''}`),
      el('div', {class: 'buttons'},
        running || paused ? button('kill', 'Kill', 'danger') : button('restart', 'Start'),
        running || paused ? button('restart', 'Restart') : '',
        paused ? button('resume', 'Resume') : running ? button('pause', 'Pause') : '',
        running ? (p.isolated ? button('heal', 'Heal network') : button('isolate', 'Cut network')) : '',
        running && c.root.dataset.role !== 'leader' ? el('button', {type: 'button', class: 'ctl',
          dataset: {action: 'transfer', node: id}, disabled: this.busy, onclick: () => this.transfer(id)},
        'Make leader') : ''));
  }

  async act(id, action) {
    this.busy = true;
    this.onNote(`${action} ${id}…`);
    try {
      await fetchJson(`${this.url}/v1/local/nodes/${encodeURIComponent(id)}/${action}`, {method: 'POST'});
      this.onNote(`${action} ${id}: done`);
    } catch (e) {
      this.onNote(`${action} ${id} failed: ${e.message}`);
    } finally {
      this.busy = false;
      this.poll();
    }
  }

  async transfer(id) {
    this.busy = true;
    this.onNote(`leader transfer to ${id}…`);
    try {
      const r = await fetchJson('/v1/leader/transfer', {method: 'POST', headers: {'Content-Type': 'application/json'},
        body: JSON.stringify({to: id})});
      this.onNote(`leader transfer: ${r.leader} leads`);
    } catch (e) {
      this.onNote(`leader transfer to ${id} failed: ${e.message}`);
    } finally {
      this.busy = false;
      this.poll();
    }
  }
}
