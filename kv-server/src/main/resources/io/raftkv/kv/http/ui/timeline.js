// The timeline of elections, leader changes, step-downs and membership changes, merged from every member.
import {el, termColor, fmtTime} from './util.js';

const MAX_ITEMS = 200;

/**
 * Owns #timeline. Every member reports the same leader change and conf change, so those are shown once
 * (keyed by term and leader, or by config index); elections and step-downs are per member.
 */
export class Timeline {
  constructor(root) {
    this.root = root;
    this.seen = new Set();
  }

  /** Adds what event (type, data) says about the cluster, if anything. */
  add(type, d) {
    switch (type) {
      case 'election':
        this.item(`election/${d.node}/${d.term}/${d.cause}`, 'election', d, `${d.node} campaigns`,
          `term ${d.term}`, d.cause === 'pre_vote' ? 'pre-vote' : d.cause);
        break;
      case 'role':
        if (d.to === 'leader') this.item(`leader/${d.term}/${d.node}`, 'leader', d, `${d.node} is leader`, `term ${d.term}`, `was ${d.from}`);
        break;
      case 'leader':
        if (d.leader) this.item(`leader/${d.term}/${d.leader}`, 'leader', {...d, node: d.leader}, `${d.leader} is leader`, `term ${d.term}`, `seen by ${d.node}`);
        break;
      case 'step_down':
        this.item(`stepdown/${d.node}/${d.term}`, 'step_down', d, `${d.node} steps down`, `term ${d.term}`, d.cause.replace('_', '-'));
        break;
      case 'conf':
        this.item(`conf/${d.index}`, 'conf', d, 'membership', `index ${d.index}`,
          `voters ${(d.voters || []).join(',')}${d.learners && d.learners.length ? ` learners ${d.learners.join(',')}` : ''}`);
        break;
      case 'snapshot':
        this.item(`snapshot/${d.node}/${d.kind}/${d.index}`, 'snapshot', d, `${d.node} snapshot ${d.kind}`, `index ${d.index}`, `term ${d.term}`);
        break;
      case 'dropped':
        this.item(`dropped/${d.node}/${d.time}`, 'dropped', d, `${d.node}: ${d.count} events dropped`, '', 'viewer too slow');
        break;
      default:
    }
  }

  /** A line the dashboard itself notes (a member unreachable, a button pressed). */
  note(text) {
    const now = Date.now();
    this.item(`note/${now}/${text}`, 'note', {node: '', term: '', time: now}, text, '', '');
  }

  item(key, kind, d, what, term, why) {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    const li = el('li', {class: `event ${kind}`, dataset: {kind, term: d.term, node: d.node}},
      el('time', {}, fmtTime(d.time || Date.now())), el('span', {class: 'what'}, what),
      term ? el('span', {class: 'tterm', style: `color:${termColor(d.term)}`}, term) : '',
      why ? el('span', {class: 'why'}, why) : '');
    this.root.prepend(li);
    while (this.root.children.length > MAX_ITEMS) {
      this.root.lastElementChild.remove();
    }
  }
}
