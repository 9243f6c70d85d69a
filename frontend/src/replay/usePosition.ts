/** Where the replay stands and how it moves: the seq and the chair (from the address when
 * allowed, kept in the address so a link shows the same point from the same chair), the turn
 * markers and the stops of the chair's events, and the steps by event (← →) and by turn
 * (shift+← →). */

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { StateBody, View } from "../server/types";
import { canChooseChair, clampSeq, perspectives, phaseStarts, readParams, step, stops, turnMarkers, turnStep, writeParams } from "./position";
import { openedAt } from "./useRecord";

/** The seq and the chair: first from the address (?at=&as=) when allowed, else the end from
 * the caller's own chair; written back to the address as they change. */
export function usePosition(head: StateBody | null) {
  const initial = useRef(readParams(typeof window !== "undefined" ? window.location.search : ""));
  const [seq, setSeqState] = useState<number | null>(null);
  const [chair, setChair] = useState<string | null>(null);
  const maxSeq = head?.seq ?? 1;
  const firstSeq = head?.view.game.branch?.from_seq ?? 1; // a branch's log begins at its fork

  useEffect(() => {
    if (!head) return;
    setSeqState((current) => (current === null ? Math.max(firstSeq, clampSeq(initial.current.at ?? head.seq, head.seq)) : Math.min(current, head.seq)));
    setChair((current) => {
      const wanted = current ?? initial.current.as;
      const allowed = canChooseChair(head.role, head.view) && wanted && perspectives(head.view).includes(wanted);
      return allowed ? wanted : head.role;
    });
  }, [head]);

  const setSeq = useCallback((next: number) => setSeqState(Math.max(firstSeq, clampSeq(next, maxSeq))), [maxSeq, firstSeq]);

  useEffect(() => {
    if (seq === null || chair === null) return;
    const search = writeParams(window.location.search, { at: seq, as: chair });
    const url = `${window.location.pathname}${search}${window.location.hash}`;
    if (url !== `${window.location.pathname}${window.location.search}${window.location.hash}`) window.history.replaceState(null, "", url);
  }, [seq, chair]);

  return { seq, chair, setSeq, setChair, maxSeq, firstSeq };
}

/** The phase starts and turn markers of the game, the stops of the chair's own events, and the
 * steps between them, also on the arrow keys anywhere on the page (but not where they already
 * mean something). */
export function useSteps(head: StateBody | null, chair: string | null, laterView: View | null, seq: number | null, setSeq: (seq: number) => void) {
  const maxSeq = head?.seq ?? 1;
  const headTimeline = useMemo(() => head?.view.timeline ?? [], [head]);
  const openSeq = openedAt(head);
  const starts = useMemo(() => phaseStarts(headTimeline), [headTimeline]);
  const markers = useMemo(() => turnMarkers(headTimeline, maxSeq, head?.view.game.turn_labels ?? []), [headTimeline, maxSeq, head]);
  const ownRole = head?.role ?? null;
  const stopList = useMemo(
    () => stops(laterView?.timeline ?? (chair === ownRole ? headTimeline : []), maxSeq, openSeq ? [openSeq] : []),
    [laterView, chair, ownRole, headTimeline, maxSeq, openSeq],
  );

  const onStep = useCallback((dir: 1 | -1) => seq !== null && setSeq(step(stopList, seq, dir)), [seq, stopList, setSeq]);
  const onTurn = useCallback((dir: 1 | -1) => seq !== null && setSeq(turnStep(markers, seq, dir, maxSeq)), [seq, markers, maxSeq, setSeq]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) return;
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
      const target = event.target as HTMLElement | null;
      if (target && (target.closest("input, select, textarea, [role=tab], [contenteditable=true]") || target.isContentEditable)) return;
      event.preventDefault();
      const dir = event.key === "ArrowLeft" ? -1 : 1;
      if (event.shiftKey) onTurn(dir);
      else onStep(dir);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onStep, onTurn]);

  return { starts, markers, onStep, onTurn };
}
