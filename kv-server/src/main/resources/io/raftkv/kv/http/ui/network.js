// The members on a circle with a line per direction between each pair: its width and the speed of its
// moving dashes follow the messages per second that the sender reports (status.messages).
import {svg, termColor, fmtRate} from './util.js';

const W = 320;
const H = 240;

/** Owns #network; redrawn from the model on every status tick. */
export class Network {
  constructor(root) {
    this.root = root;
  }

  draw(members) {
    const n = members.length;
    const pos = new Map();
    members.forEach((m, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(1, n);
      pos.set(m.id, {x: W / 2 + 95 * Math.cos(a), y: H / 2 + 85 * Math.sin(a)});
    });
    const parts = [];
    for (const m of members) {
      const s = m.status;
      if (!s || m.conn !== 'open') continue;
      for (const [peer, r] of Object.entries(s.messages || {})) {
        const a = pos.get(m.id);
        const b = pos.get(peer);
        if (!b || !(r.sentPerSec > 0)) continue;
        // Offset each direction sideways so a->b and b->a are two visible lanes.
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const len = Math.hypot(dx, dy) || 1;
        const ox = (-dy / len) * 5;
        const oy = (dx / len) * 5;
        const width = Math.min(6, 0.8 + Math.log10(1 + r.sentPerSec) * 1.6);
        const line = svg('line', {x1: a.x + ox, y1: a.y + oy, x2: b.x + ox, y2: b.y + oy, class: 'msg-line',
          'stroke-width': width.toFixed(2), stroke: termColor(s.term)});
        line.style.animationDuration = `${Math.max(0.15, 4 / Math.sqrt(1 + r.sentPerSec)).toFixed(2)}s`;
        const label = svg('text', {x: (a.x + b.x) / 2 + ox * 3, y: (a.y + b.y) / 2 + oy * 3, class: 'msg-label'});
        label.textContent = fmtRate(r.sentPerSec);
        parts.push(line, label);
      }
    }
    for (const m of members) {
      const p = pos.get(m.id);
      const s = m.status;
      const role = m.conn !== 'open' ? 'unreachable' : s ? s.role : 'unknown';
      const g = svg('g', {class: `node ${role}`});
      g.append(svg('circle', {cx: p.x, cy: p.y, r: 20, fill: s && m.conn === 'open' ? termColor(s.term) : '#888'}));
      const t = svg('text', {x: p.x, y: p.y + 4, class: 'node-label'});
      t.textContent = m.id;
      g.append(t);
      parts.push(g);
    }
    this.root.replaceChildren(...parts);
  }
}
