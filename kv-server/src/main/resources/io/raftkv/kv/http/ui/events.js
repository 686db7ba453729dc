// One EventSource per member on that member's own origin (GET /v1/events, CORS per docs/API.md).
// A member that is down shows as unreachable while the stream keeps retrying.

export const EVENT_TYPES = ['hello', 'status', 'role', 'election', 'step_down', 'vote', 'leader', 'conf',
  'snapshot', 'dropped'];

const RETRY_MS = 1000;

/**
 * Owns one member's stream and its connection state: 'connecting', 'open' or 'unreachable'.
 * onEvent(type, data) gets every event; onState(state) every change of the connection state.
 */
export class MemberStream {
  constructor(id, clientUrl, {interval = 250, onEvent, onState}) {
    this.id = id;
    this.url = `${clientUrl.replace(/\/$/, '')}/v1/events?interval=${interval}`;
    this.onEvent = onEvent;
    this.onState = onState;
    this.state = 'connecting';
    this.failures = 0;
    this.source = null;
    this.timer = null;
    this.closed = false;
    this.open();
  }

  open() {
    if (this.closed) return;
    const source = new EventSource(this.url);
    this.source = source;
    source.onopen = () => { this.failures = 0; this.setState('open'); };
    source.onerror = () => {
      this.failures++;
      this.setState('unreachable');
      // The browser retries by itself after a network error; after an HTTP error (e.g. 429) it gives up.
      if (source.readyState === EventSource.CLOSED) {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.open(), RETRY_MS);
      }
    };
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, e => {
        let data;
        try { data = JSON.parse(e.data); } catch (err) { return; }
        if (this.state !== 'open') this.setState('open');
        this.onEvent(type, data);
      });
    }
  }

  setState(state) {
    if (state === this.state && state !== 'unreachable') return;
    this.state = state;
    this.onState(state, this.failures);
  }

  close() {
    this.closed = true;
    clearTimeout(this.timer);
    if (this.source) this.source.close();
  }
}
