// Sparklines of cluster throughput and latency from the members' status ticks.
import {el, svg, fmtRate} from './util.js';

const SAMPLES = 120;

/** Owns #charts: a ring buffer per series, sampled once per second from the latest status of every member. */
export class Charts {
  constructor(root) {
    this.series = [
      {key: 'requests', label: 'requests/s (all nodes)', unit: '/s', values: []},
      {key: 'applied', label: 'applied/s (leader)', unit: '/s', values: []},
      {key: 'p99', label: 'request p99 (worst node)', unit: 'ms', values: []},
    ];
    for (const s of this.series) {
      s.line = svg('polyline', {class: 'spark-line', points: ''});
      s.area = svg('polygon', {class: 'spark-area', points: ''});
      const box = svg('svg', {class: 'spark', viewBox: `0 0 ${SAMPLES} 30`, preserveAspectRatio: 'none'});
      box.append(s.area, s.line);
      s.value = el('span', {class: 'spark-value'});
      root.append(el('div', {class: 'chart', dataset: {series: s.key}}, el('div', {class: 'chart-head'},
        el('span', {}, s.label), s.value), box));
    }
  }

  /** Takes one sample from the open members' statuses. */
  sample(members) {
    const live = members.filter(m => m.conn === 'open' && m.status);
    const leader = live.find(m => m.status.role === 'leader');
    const values = {
      requests: live.reduce((a, m) => a + (m.status.requestsPerSec || 0), 0),
      applied: leader ? leader.status.appliedPerSec || 0 : 0,
      p99: live.reduce((a, m) => Math.max(a, m.status.requestP99Ms || 0), 0),
    };
    for (const s of this.series) {
      s.values.push(values[s.key]);
      if (s.values.length > SAMPLES) s.values.shift();
      this.draw(s);
    }
  }

  draw(s) {
    const max = Math.max(1e-9, ...s.values);
    const off = SAMPLES - s.values.length;
    const pts = s.values.map((v, i) => `${off + i},${(29 - (v / max) * 27).toFixed(1)}`).join(' ');
    s.line.setAttribute('points', pts);
    s.area.setAttribute('points', s.values.length ? `${off},30 ${pts} ${SAMPLES - 1},30` : '');
    const last = s.values[s.values.length - 1];
    s.value.textContent = `${fmtRate(last)} ${s.unit} (max ${fmtRate(max)})`;
  }
}
