/** Every event the caller may read, for the reveals (with their salts) and the commitments
 * published when the secret moves were made, and each reveal checked against its commitment. */

import { useEffect, useMemo, useState } from "react";
import type { Api } from "../server/api";
import type { StateBody, StoredEvent } from "../server/types";
import { allEvents, type CommitmentCheck, publishedCommitments, revealsFrom, verifyReveal } from "./commitments";

export function useCommitments(api: Api, gameId: string, head: StateBody | null) {
  const [events, setEvents] = useState<StoredEvent[] | null>(null);
  const [checks, setChecks] = useState<Map<string, CommitmentCheck>>(new Map());
  useEffect(() => {
    if (!head) return;
    let alive = true;
    allEvents((after) => api.events(gameId, after))
      .then((list) => alive && setEvents(list))
      .catch(() => alive && setEvents([]));
    return () => {
      alive = false;
    };
  }, [api, gameId, head]);

  const reveals = useMemo(() => revealsFrom(events ?? []), [events]);
  const published = useMemo(() => publishedCommitments(events ?? []), [events]);
  useEffect(() => {
    let alive = true;
    Promise.all([...reveals.values()].map(async (r) => [r.move_id, await verifyReveal(r, published.get(r.move_id)?.commitment)] as const)).then(
      (pairs) => alive && setChecks(new Map(pairs)),
    );
    return () => {
      alive = false;
    };
  }, [reveals, published]);
  return { reveals, published, checks };
}
