// Member cards: role, term, vote, election-timer ring, log strip, replication progress.
import {el, svg, termColor, fmtRate} from './util.js';

const RING_R = 26;
const RING_C = 2 * Math.PI * RING_R;
export const LOG_SLOTS = 48;

/** Owns the card elements of #members, one per member id; the data comes from the model on each update. */
export class MemberCards {
  constructor(root) {
    this.root = root;
    this.cards = new Map();
  }

  card(id) {
    let c = this.cards.get(id);
    if (c) return c;
    const ring = svg('circle', {cx: 32, cy: 32, r: RING_R, class: 'ring-fill', 'stroke-dasharray': `0 ${RING_C}`,
      transform: 'rotate(-90 32 32)'});
    const ringSvg = svg('svg', {viewBox: '0 0 64 64', class: 'ring'});
    ringSvg.append(svg('circle', {cx: 32, cy: 32, r: RING_R, class: 'ring-track'}), ring);
    const ringLabel = el('div', {class: 'ring-label'});
    c = {
      root: el('article', {class: 'member', dataset: {id, role: 'unknown', reachable: 'false'}}),
      name: el('h3', {}, id), role: el('span', {class: 'role'}, '…'), conn: el('span', {class: 'conn'}),
      term: el('dd', {class: 'term'}), vote: el('dd', {class: 'vote'}), leader: el('dd', {class: 'leader'}),
      commit: el('dd', {class: 'commit'}), applied: el('dd', {class: 'applied'}),
      ring, ringLabel, strip: el('div', {class: 'log-strip', title: 'last log entries, coloured by term'}),
      progress: el('table', {class: 'progress'}), rates: el('div', {class: 'rates'}),
      controls: el('div', {class: 'controls'}), timer: null,
    };
    for (let i = 0; i < LOG_SLOTS; i++) c.strip.append(el('span', {class: 'entry empty'}));
    c.root.append(
      el('div', {class: 'card-head'}, c.name, c.role, c.conn),
      el('div', {class: 'card-body'},
        el('div', {class: 'ring-box'}, ringSvg, ringLabel),
        el('dl', {class: 'facts'}, el('dt', {}, 'term'), c.term, el('dt', {}, 'vote'), c.vote,
          el('dt', {}, 'leader'), c.leader, el('dt', {}, 'commit'), c.commit, el('dt', {}, 'applied'), c.applied)),
      c.strip, c.progress, c.rates, c.controls);
    this.cards.set(id, c);
    this.root.append(c.root);
    return c;
  }

  /** Drops the cards of ids no longer members. */
  retain(ids) {
    for (const [id, c] of this.cards) {
      if (!ids.has(id)) { c.root.remove(); this.cards.delete(id); }
    }
  }

  /** Re-renders member m (model.members entry); lastIndex is the highest lastIndex of any member. */
  update(m, lastIndex) {
    const c = this.card(m.id);
    const s = m.status;
    const reachable = m.conn === 'open';
    c.root.dataset.reachable = String(reachable);
    c.root.dataset.conn = m.conn;
    c.conn.textContent = m.conn === 'open' ? '' : m.conn === 'connecting' ? 'connecting…'
      : `unreachable, reconnecting${m.failures > 1 ? ` (${m.failures})` : ''}`;
    const role = !reachable ? 'unreachable' : s ? (s.learner ? 'learner' : s.role) : 'unknown';
    c.root.dataset.role = role;
    c.role.textContent = role.replace('_', '-');
    if (!s) return;
    c.root.dataset.term = s.term;
    c.term.textContent = s.term;
    c.term.style.color = termColor(s.term);
    c.vote.textContent = s.votedFor || '–';
    c.leader.textContent = s.leader || '–';
    c.commit.textContent = s.commitIndex;
    c.applied.textContent = s.appliedIndex;
    this.renderStrip(c, s, lastIndex);
    if (reachable) this.renderProgress(c, s);
    else c.progress.replaceChildren(); // a leader we cannot hear from no longer leads anyone we know of
    const rates = Object.entries(s.messages || {}).map(([peer, r]) =>
      `→${peer} ${fmtRate(r.sentPerSec)} ←${fmtRate(r.receivedPerSec)}`);
    c.rates.textContent = rates.length ? `msgs/s ${rates.join(' · ')}` : '';
  }

  renderStrip(c, s, lastIndex) {
    const terms = new Map((s.log || []).map(e => [e.index, e.term]));
    const first = Math.max(1, lastIndex - LOG_SLOTS + 1);
    const slots = c.strip.children;
    for (let i = 0; i < LOG_SLOTS; i++) {
      const index = first + i;
      const slot = slots[i];
      const term = terms.get(index);
      let cls = 'entry';
      if (term === undefined) {
        cls += index <= s.snapshotIndex ? ' snapshotted' : ' empty';
        slot.style.background = '';
        slot.title = index <= s.snapshotIndex ? `${index}: in snapshot` : `${index}: absent`;
      } else {
        cls += index <= s.commitIndex ? ' committed' : ' uncommitted';
        if (index <= s.appliedIndex) cls += ' applied';
        slot.style.background = termColor(term);
        slot.style.borderColor = termColor(term);
        slot.title = `index ${index}, term ${term}${index <= s.commitIndex ? ', committed' : ''}${index <= s.appliedIndex ? ', applied' : ''}`;
      }
      if (index === s.commitIndex) cls += ' commit-mark';
      slot.className = cls;
    }
  }

  renderProgress(c, s) {
    const rows = Object.entries(s.progress || {});
    c.progress.replaceChildren();
    if (s.role !== 'leader' || rows.length === 0) return;
    c.progress.append(el('tr', {}, el('th', {}, 'follower'), el('th', {}, 'match'), el('th', {}, 'next'),
      el('th', {}, 'state')));
    for (const [peer, p] of rows) {
      c.progress.append(el('tr', {class: p.recentActive ? '' : 'inactive'}, el('td', {}, peer),
        el('td', {}, p.matchIndex), el('td', {}, p.nextIndex), el('td', {}, p.state)));
    }
  }

  /** Animates the rings between status ticks: elapsed grows with wall time until the next tick resets it. */
  tick(now, members) {
    for (const m of members) {
      const c = this.cards.get(m.id);
      const s = m.status;
      if (!c || !s) continue;
      let fraction;
      let label;
      if (m.conn !== 'open') {
        fraction = 0;
        label = '';
      } else if (s.role === 'leader') {
        const hb = Math.max(1, s.heartbeatIntervalMs || 50);
        fraction = ((s.electionElapsedMs || 0) + now - m.statusAt) % hb / hb;
        label = 'leads';
      } else {
        const timeout = Math.max(1, s.electionTimeoutMs || 1);
        // With a leader, heartbeats reset the timer between ticks: extrapolate at most one heartbeat interval.
        const cap = s.leader ? (s.heartbeatIntervalMs || 50) : timeout;
        const elapsed = Math.min(timeout, (s.electionElapsedMs || 0) + Math.min(cap, now - m.statusAt));
        fraction = elapsed / timeout;
        label = `${Math.round(elapsed)}/${timeout}ms`;
      }
      c.ring.setAttribute('stroke-dasharray', `${(fraction * RING_C).toFixed(1)} ${RING_C}`);
      c.ring.style.stroke = s.role === 'leader' ? termColor(s.term) : fraction > 0.8 ? '#e4572e' : '#4c9be8';
      c.ringLabel.textContent = label;
    }
  }
}
