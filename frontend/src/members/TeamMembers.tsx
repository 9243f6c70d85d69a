/** The team console's parts for people in a team: "since you were last here" (before the
 * page, dismissable) and the team's members with its lead (the team may choose another). */

import { useEffect, useMemo, useState } from "react";
import type { Api } from "../server/api";
import { ErrorNote, useAction } from "../ui/actions";
import { Section } from "../ui/layout";
import { phaseLabel } from "../ui/format";
import type { Send } from "../server/commands.gen";
import type { View } from "../server/types";
import { members, type Me } from "./api";
import "./members.css";
import { changesSince, readSeen, seenKey, writeSeen } from "./since";

/** Who this page is in its team: a named member, or the seat's shared link (member null). */
export function useMe(api: Api, gameId: string): Me | null | undefined {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    members
      .me(api, gameId)
      .then((found) => alive && setMe(found))
      .catch(() => alive && setMe(null));
    return () => {
      alive = false;
    };
  }, [api, gameId]);
  return me;
}

/** What changed for the team since the last seq its pages showed: kept by the server for a
 * member (recorded by the socket), in this browser for the seat's shared link. */
export function SinceLastHere({ view, gameId, me }: { view: View; gameId: string; me: Me | null | undefined }) {
  const key = seenKey(gameId, view.role);
  // Read before this page records anything of its own.
  const [stored] = useState(() => readSeen(key));
  const [dismissed, setDismissed] = useState(false);
  const shared = me !== undefined && !me?.member;
  useEffect(() => {
    if (shared) writeSeen(key, view.seq);
  }, [shared, key, view.seq]);
  // Both are read once (the member's when the page opened), so the list holds still.
  const baseline = me === undefined ? undefined : me?.member ? me.last_seen_seq : stored;
  const items = useMemo(() => (baseline === undefined ? [] : changesSince(view, baseline)), [view, baseline]);
  if (dismissed || items.length === 0) return null;
  return (
    <section className="card since" aria-labelledby="since-title" data-testid="since-last-here">
      <div className="card-head">
        <h2 id="since-title">Since you were last here</h2>
        <button type="button" className="quiet" onClick={() => setDismissed(true)}>
          Dismiss
        </button>
      </div>
      <p className="hint">
        {items.length === 1 ? "One thing changed" : `${items.length} things changed`} for your team, oldest first.
      </p>
      <ol className="since-list" tabIndex={0} aria-label="What changed, oldest first">
        {items.map((item) => (
          <li key={item.seq} data-seq={item.seq}>
            <span className="muted">
              Turn {item.turn}
              {item.phase ? `, ${phaseLabel(item.phase)}` : ""}:
            </span>{" "}
            {item.text}
            {item.actor.member ? <span className="muted"> ({item.actor.member.name})</span> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The team's named members and its lead; any member (or the shared link) may mark the lead. */
export function TeamMembers({ view, me, send }: { view: View; me: Me | null | undefined; send: Send }) {
  const action = useAction();
  const seat = view.seats.find((s) => s.role === view.seat);
  const people = seat?.members ?? [];
  if (people.length === 0 && !me?.member) return null;
  return (
    <Section title="Your team" id="team-members-title">
      {me?.member && (
        <p data-testid="me">
          You are <strong>{me.member.name}</strong>.
        </p>
      )}
      <ul className="team-members" data-testid="team-members">
        {people.map((person) => (
          <li key={person.id}>
            {person.name}{" "}
            {person.lead ? (
              <strong className="tag tag-lead"> lead</strong>
            ) : (
              <button
                type="button"
                className="link-button"
                disabled={action.busy}
                onClick={() => void action.run(() => send({ type: "choose_lead", member: person.id }))}
              >
                make {person.name} the lead
              </button>
            )}
          </li>
        ))}
      </ul>
      <ErrorNote error={action.error} />
    </Section>
  );
}
