/**
 * The live game of one page: the newest view of its role from the socket (a whole view, then
 * the changes to it: socket.ts), with a REST fallback while the socket is down, and a way to
 * send commands.
 */

import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { Api, newKey } from "./api";
import { serverClock } from "./clock";
import type { Command } from "./commands.gen";
import { CommandNotAnswered, type ConnectionStatus, GameSocket, socketUrl } from "./socket";
import type { Presence, View } from "./types";

export interface Shown {
  seq: number;
  view: View | null;
}

/** Keep the newer of two views: a late or repeated message never rolls the page back. */
export function accept(current: Shown, seq: number, view: View): Shown {
  if (current.view && seq < current.seq) return current;
  if (current.view && seq === current.seq && current.view === view) return current;
  return { seq, view };
}

const NAME_KEY = "wargame.displayName";

export function storedName(): string {
  try {
    return localStorage.getItem(NAME_KEY) ?? "";
  } catch {
    return "";
  }
}

export function storeName(name: string): void {
  try {
    if (name) localStorage.setItem(NAME_KEY, name);
    else localStorage.removeItem(NAME_KEY);
  } catch {
    /* private mode: the name lasts for this page only */
  }
}

export interface LiveGame {
  view: View | null;
  seq: number;
  status: ConnectionStatus;
  /** Set when the first load failed for good (bad link, no such game). */
  loadError: string | null;
  api: Api;
  /** Over the socket when it is open, over REST otherwise or when the socket gives no answer
   * (with the same idempotency key, so the command runs once). */
  send: (command: Command) => Promise<{ seq: number }>;
  refresh: () => Promise<void>;
  /** Control's sockets only: who is connected, per role (null until the first frame). */
  presence: Presence | null;
}

/**
 * ``identity`` is the name sent with ``identify`` (who is at this browser, for the White Cell's
 * list of who is in the room); ``displayName`` goes with every command.
 */
export function useGame(gameId: string, token: string | null, as: string | null = null, displayName = "", identity = displayName): LiveGame {
  const api = useMemo(() => new Api({ token, as }), [token, as]);
  const [shown, setShown] = useState<Shown>({ seq: 0, view: null });
  const [status, setStatus] = useState<ConnectionStatus>({ kind: "connecting" });
  const [loadError, setLoadError] = useState<string | null>(null);
  const [presence, setPresence] = useState<Presence | null>(null);
  const socketRef = useRef<GameSocket | null>(null);
  const arrivedRef = useRef<number | null>(null);
  const seqRef = useRef(0);
  const nameRef = useRef(displayName);
  nameRef.current = displayName;
  const identityRef = useRef(identity);
  identityRef.current = identity;
  useEffect(() => {
    socketRef.current?.identify(identity);
  }, [identity]);

  const show = useCallback((seq: number, view: View) => {
    seqRef.current = Math.max(seqRef.current, seq);
    socketRef.current?.noteView(seq, view);
    setShown((current) => accept(current, seq, view));
  }, []);

  const refresh = useCallback(async () => {
    try {
      const sent = Date.now();
      const body = await api.state(gameId);
      // The server's time is taken halfway through the request.
      serverClock.add(body.server_time, Math.round((sent + Date.now()) / 2));
      show(body.seq, body.view);
      setLoadError(null);
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 401 || status === 403 || status === 404) {
        setLoadError((error as Error).message);
        // A revoked link: stop showing what it showed.
        setShown({ seq: 0, view: null });
      }
    }
  }, [api, gameId, show]);

  useEffect(() => {
    const socket = new GameSocket({
      url: socketUrl(window.location, gameId, token, as),
      onState: (seq, view, arrivedAt) => {
        arrivedRef.current = arrivedAt;
        // Rendered now, within the frame's own task, rather than in a task queued behind
        // whatever else the page has to do: a change is small, its render short.
        flushSync(() => {
          setLoadError(null);
          show(seq, view);
        });
      },
      onStatus: (next) => {
        setStatus(next);
        // A link that is not valid any more (revoked, another game): clear what it showed.
        if (next.kind === "denied") setShown({ seq: 0, view: null });
      },
      onServerTime: (serverTime, receivedAt) => serverClock.add(serverTime, receivedAt),
      onPresence: setPresence,
    });
    if (identityRef.current) socket.identify(identityRef.current);
    socketRef.current = socket;
    socket.start();
    const online = () => socket.reconnectNow();
    const offline = () => socket.goOffline();
    const visible = () => {
      if (document.visibilityState === "visible") socket.reconnectNow();
    };
    window.addEventListener("online", online);
    window.addEventListener("offline", offline);
    document.addEventListener("visibilitychange", visible);
    return () => {
      window.removeEventListener("online", online);
      window.removeEventListener("offline", offline);
      document.removeEventListener("visibilitychange", visible);
      socket.stop();
      socketRef.current = null;
    };
  }, [gameId, token, as, show]);

  // From a frame's arrival to the page showing it (the DOM updated, before layout and paint):
  // a "wargame:apply" performance measure, which bench/bench_push.py reads on a throttled phone.
  useLayoutEffect(() => {
    const start = arrivedRef.current;
    arrivedRef.current = null;
    if (start === null) return;
    try {
      performance.measure("wargame:apply", { start, detail: { seq: shown.seq } });
      if (performance.getEntriesByName("wargame:apply").length > 500) performance.clearMeasures("wargame:apply");
    } catch {
      /* no User Timing: nothing to record */
    }
  }, [shown.seq]);

  // While the socket is down (a proxy without websockets, a long outage), read the state over
  // REST now and then so the page is never far behind.
  useEffect(() => {
    if (status.kind === "live" || status.kind === "denied" || status.kind === "offline") return;
    const first = window.setTimeout(() => void refresh(), status.kind === "connecting" ? 4000 : 2000);
    const every = window.setInterval(() => void refresh(), 10_000);
    return () => {
      window.clearTimeout(first);
      window.clearInterval(every);
    };
  }, [status.kind, refresh]);

  const send = useCallback(
    async (command: Command) => {
      const name = nameRef.current.trim();
      const body = name ? { ...command, display_name: name.slice(0, 100) } : command;
      const key = newKey();
      const socket = socketRef.current;
      let result: { seq: number };
      try {
        if (!socket?.open) throw new CommandNotAnswered("the connection is not open");
        result = await socket.command(key, body);
      } catch (error) {
        if (!(error instanceof CommandNotAnswered)) throw error;
        result = await api.command(gameId, body, key);
      }
      // The socket normally brings the new view at once; if it has not shortly, fetch it.
      window.setTimeout(() => {
        if (seqRef.current < result.seq) void refresh();
      }, 1500);
      return result;
    },
    [api, gameId, refresh],
  );

  return { view: shown.view, seq: shown.seq, status, loadError, api, send, refresh, presence };
}
