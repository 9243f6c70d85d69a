/** Loading the record: the head (the newest view of the caller's own role), the view at the
 * position from the cache, and the same chair's last view before the record was opened (for the
 * charts' faded future and the steps). */

import { useCallback, useEffect, useMemo, useState } from "react";
import { Api, errorText } from "../server/api";
import type { StateBody } from "../server/types";
import { ViewCache } from "./viewCache";

export interface Head {
  head: StateBody | null;
  error: { status: number; text: string } | null;
  reload: () => Promise<void>;
}

/** The newest view of the caller's own role; ``reload`` brings a running game up to now. */
export function useHead(api: Api, gameId: string): Head {
  const [head, setHead] = useState<StateBody | null>(null);
  const [error, setError] = useState<{ status: number; text: string } | null>(null);
  const load = useCallback(async () => {
    try {
      setHead(await api.stateAt(gameId, null, null));
      setError(null);
    } catch (failure) {
      setError({ status: (failure as { status?: number }).status ?? 0, text: errorText(failure) });
    }
  }, [api, gameId]);
  useEffect(() => {
    void load();
  }, [load]);
  return { head, error, reload: load };
}

export function useViewCache(api: Api, gameId: string): ViewCache {
  return useMemo(() => new ViewCache((seq, role) => api.stateAt(gameId, seq, role)), [api, gameId]);
}

/** The view at (seq, chair): at once from the cache, else after the slider rests for a moment. */
export function useViewAt(cache: ViewCache, seq: number | null, chair: string | null) {
  const [shown, setShown] = useState<StateBody | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (seq === null || chair === null) return;
    const cached = cache.peek(seq, chair);
    if (cached) {
      setShown(cached);
      setLoadError(null);
      return;
    }
    let alive = true;
    const timer = window.setTimeout(() => {
      cache.get(seq, chair).then(
        (body) => {
          if (!alive) return;
          setShown(body);
          setLoadError(null);
        },
        (failure) => alive && setLoadError(errorText(failure)),
      );
    }, 160);
    return () => {
      alive = false;
      window.clearTimeout(timer);
    };
  }, [seq, chair, cache, attempt]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { shown, loadError, retry };
}

/** The seq at which the record was opened to every role, or null. */
export function openedAt(head: StateBody | null): number | null {
  return head?.view.timeline.find((e) => e.type === "record_opened")?.seq ?? null;
}

/** The chair's last view before the record was opened (its whole series, its stops). */
export function useLaterView(cache: ViewCache, head: StateBody | null, chair: string | null) {
  const [later, setLater] = useState<StateBody | null>(null);
  const openSeq = openedAt(head);
  const lastOwnSeq = openSeq ? openSeq - 1 : (head?.seq ?? 1);
  useEffect(() => {
    if (!head || chair === null) return;
    let alive = true;
    cache.get(lastOwnSeq, chair).then(
      (body) => alive && setLater(body),
      () => alive && setLater(null),
    );
    return () => {
      alive = false;
    };
  }, [head, chair, cache, lastOwnSeq]);
  return later && later.role === chair ? later.view : null;
}
