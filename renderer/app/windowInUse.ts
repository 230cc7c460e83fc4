/**
 * Which of the till's windows the cashier is at. Every window hears main's events, and a serial
 * scanner's code is one of them: with the sale screen open in two windows, both added the item —
 * one scan, two of it in the check. The windows of one till (one origin: Electron's app:// or the
 * web host's port) tell each other over a BroadcastChannel when the cashier uses one (it gets the
 * focus, a key, a touch or a click); a code belongs to the window used last. A window that opens is
 * in use (the cashier just opened it); one that closes says goodbye. Where windows cannot hear each
 * other (no BroadcastChannel), each takes the code, as before.
 */

const CHANNEL = 'kassa:windows';

type Said =
  | { readonly type: 'hello' | 'used'; readonly id: string; readonly at: number }
  /** The answer to a new window's hello (`to`). */
  | { readonly type: 'here'; readonly id: string; readonly at: number; readonly to: string }
  | { readonly type: 'bye'; readonly id: string };

export type WindowInUse = {
  /** Whether no other open window of the till was used after this one. */
  readonly isLast: () => boolean;
  readonly stop: () => void;
};

/** What the cashier does in a window that makes it the one in use. */
const USES = ['focus', 'keydown', 'pointerdown'] as const;

/**
 * Starts telling the till's other windows when this one is used; `onChange` hears whether it is the
 * one in use whenever that may have changed. `win`: the window (tests pass a stand-in).
 */
export function trackWindowInUse(onChange: (last: boolean) => void = () => {}, win: Pick<Window, 'addEventListener' | 'removeEventListener'> = window): WindowInUse {
  if (typeof BroadcastChannel !== 'function') {
    onChange(true);
    return { isLast: () => true, stop: () => {} };
  }
  const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const channel = new BroadcastChannel(CHANNEL);
  /** When each other window was used last, by its id. */
  const others = new Map<string, number>();
  let mine = Date.now();
  // The same millisecond in two windows: the larger id counts as later, in both.
  const isLast = () => [...others].every(([other, at]) => at < mine || (at === mine && other < id));
  const say = (m: Said) => channel.postMessage(m);
  channel.onmessage = (e: MessageEvent<Said>) => {
    const m = e.data;
    if (m.type === 'bye') others.delete(m.id);
    else others.set(m.id, m.at);
    if (m.type === 'hello') say({ type: 'here', id, at: mine, to: m.id });
    // This window just opened: it is the one in use, though another was used in the same millisecond.
    if (m.type === 'here' && m.to === id) used();
    onChange(isLast());
  };
  const used = () => {
    // Told only when it changes who is last: a wedge scan's keys say nothing thirteen times.
    if (isLast()) return;
    mine = Math.max(Date.now(), ...[...others.values()].map((at) => at + 1));
    say({ type: 'used', id, at: mine });
    onChange(true);
  };
  const bye = () => say({ type: 'bye', id });
  for (const use of USES) win.addEventListener(use, used, true);
  win.addEventListener('pagehide', bye);
  say({ type: 'hello', id, at: mine });
  onChange(true);
  return {
    isLast,
    stop() {
      for (const use of USES) win.removeEventListener(use, used, true);
      win.removeEventListener('pagehide', bye);
      bye();
      channel.close();
    },
  };
}
