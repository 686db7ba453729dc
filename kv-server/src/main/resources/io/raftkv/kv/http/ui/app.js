// The dashboard's entry point: discovers the members from this node's /v1/members, opens one event
// stream per member, and keeps the model that every view renders from.
import {fetchJson} from './util.js';
import {MemberStream} from './events.js';
import {MemberCards} from './members.js';
import {Network} from './network.js';
import {Timeline} from './timeline.js';
import {Charts} from './charts.js';
import {KeyBrowser} from './keys.js';
import {LocalControls} from './controls.js';

const MEMBERS_REFRESH_MS = 5000;

/** The model: id -> {id, clientUrl, peerAddress, member role, status, statusAt, conn, failures, stream}. */
const members = new Map();
const cards = new MemberCards(document.getElementById('members'));
const network = new Network(document.getElementById('network'));
const timeline = new Timeline(document.getElementById('timeline'));
const charts = new Charts(document.getElementById('charts'));
new KeyBrowser(document.getElementById('keys'));
let controls = null;

function sorted() {
  return [...members.values()].sort((a, b) => a.id.localeCompare(b.id, undefined, {numeric: true}));
}

function lastIndex() {
  return sorted().reduce((a, m) => Math.max(a, m.status ? m.status.lastIndex : 0), 0);
}

function onEvent(m, type, data) {
  if (type === 'status') {
    m.status = data;
    m.statusAt = performance.now();
    return;
  }
  if (type === 'hello' && data.clientUrl) m.clientUrl = data.clientUrl;
  timeline.add(type, data);
  if (type === 'conf') refreshMembers();
}

function onState(m, state, failures) {
  const was = m.conn;
  m.conn = state;
  m.failures = failures;
  if (state === 'unreachable' && was === 'open') timeline.note(`${m.id} unreachable`);
  if (state === 'open' && was === 'unreachable') timeline.note(`${m.id} reachable again`);
}

/** Adopts a member list: new members get a stream, removed ones lose theirs. */
function adopt(list) {
  const ids = new Set(list.members.map(x => x.id));
  for (const x of list.members) {
    let m = members.get(x.id);
    if (!m) {
      m = {id: x.id, status: null, statusAt: 0, conn: 'connecting', failures: 0};
      members.set(x.id, m);
      cards.card(x.id);
    }
    m.memberRole = x.role;
    m.peerAddress = x.peerAddress;
    if (x.clientUrl && x.clientUrl !== m.clientUrl) {
      if (m.stream) m.stream.close();
      m.clientUrl = x.clientUrl;
      m.stream = new MemberStream(x.id, x.clientUrl, {interval: 100,
        onEvent: (t, d) => onEvent(m, t, d), onState: (s, f) => onState(m, s, f)});
    }
  }
  for (const [id, m] of members) {
    if (!ids.has(id)) {
      if (m.stream) m.stream.close();
      members.delete(id);
    }
  }
  cards.retain(ids);
  document.getElementById('members-note').textContent =
    `${list.members.length} members, configuration index ${list.configIndex}`;
}

/** Asks this page's own node first, then any other known member (this node may be the one killed). */
async function refreshMembers() {
  const origins = [''].concat(sorted().map(m => m.clientUrl).filter(Boolean));
  for (const origin of origins) {
    try {
      adopt(await fetchJson(`${origin}/v1/members`));
      return;
    } catch (e) {
      // try the next member
    }
  }
}

function renderSummary() {
  const live = sorted().filter(m => m.conn === 'open' && m.status);
  const leaders = live.filter(m => m.status.role === 'leader');
  const term = live.reduce((a, m) => Math.max(a, m.status.term), 0);
  const el = document.getElementById('summary');
  el.dataset.leader = leaders.length === 1 ? leaders[0].id : '';
  el.dataset.term = term;
  el.textContent = `${live.length}/${members.size} reachable · term ${term} · ` +
    (leaders.length === 1 ? `leader ${leaders[0].id}` : leaders.length ? `${leaders.length} leaders` : 'no leader');
}

function render() {
  const last = lastIndex();
  for (const m of members.values()) cards.update(m, last);
  network.draw(sorted());
  renderSummary();
  if (controls) for (const id of members.keys()) controls.render(id);
}

function animate(now) {
  cards.tick(now, members.values());
  requestAnimationFrame(animate);
}

async function main() {
  document.getElementById('origin').textContent = `Served by ${location.host}.`;
  let config = {localControl: null};
  try {
    config = await fetchJson('/ui/config.json');
  } catch (e) {
    // An older node: no local mode.
  }
  await refreshMembers();
  if (config.localControl) {
    document.body.classList.add('local-mode');
    controls = new LocalControls(config.localControl, {cards, onNote: t => timeline.note(t)});
  }
  setInterval(refreshMembers, MEMBERS_REFRESH_MS);
  setInterval(render, 200);
  setInterval(() => charts.sample(sorted()), 1000);
  requestAnimationFrame(animate);
}

main();
