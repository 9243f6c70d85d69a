/** The team console: what one seat knows, its orders, its messages. Opened by the join link. */

import { useCallback, useEffect, useId, useMemo, useState } from "react";
import type { Send } from "../server/commands.gen";
import { storedName, storeName, useGame } from "../server/live";
import type { Move, View } from "../server/types";
import { GameBar } from "../ui/GameBar";
import { Messages } from "../ui/Messages";
import { TimelineList } from "../ui/TimelineList";
import { ConfirmButton, ErrorNote, useAction } from "../ui/actions";
import { InjectList, Narratives, ScoreTable } from "../ui/briefing";
import { byTurn, moveLabel, moveTitle, phaseHint, phaseLabel, plural, seatName, seatNames } from "../ui/format";
import { useMediaQuery } from "../ui/hooks";
import { IndicatorList } from "../ui/indicators";
import { Loading, Paragraphs, Problem, Section, TabPanel, Tabs, type TabSpec } from "../ui/layout";
import { RegionMap } from "../ui/map/RegionMap";
import { MoveCard } from "../ui/moves";
import { SeatTag } from "../ui/seats";
import { OrdersForm } from "./OrdersForm";
import { briefingBadge, markSeen, NOTHING_SEEN, parseSeen, type Seen, unread as unreadOf } from "./badges";

function useLastSeen(key: string): [number, (seq: number) => void] {
  const [value, setValue] = useState<number>(() => {
    try {
      return Number(localStorage.getItem(key) ?? "0") || 0;
    } catch {
      return 0;
    }
  });
  const update = useCallback(
    (seq: number) => {
      setValue((current) => {
        const next = Math.max(current, seq);
        try {
          localStorage.setItem(key, String(next));
        } catch {
          /* ignore */
        }
        return next;
      });
    },
    [key],
  );
  return [value, update];
}

function useSeen(key: string): [Seen, (update: (current: Seen) => Seen) => void] {
  const [value, setValue] = useState<Seen>(() => {
    try {
      return parseSeen(localStorage.getItem(key));
    } catch {
      return NOTHING_SEEN;
    }
  });
  const update = useCallback(
    (fn: (current: Seen) => Seen) => {
      setValue((current) => {
        const next = fn(current);
        if (next !== current) {
          try {
            localStorage.setItem(key, JSON.stringify(next));
          } catch {
            /* ignore */
          }
        }
        return next;
      });
    },
    [key],
  );
  return [value, update];
}

function NameField({ name, onChange }: { name: string; onChange: (name: string) => void }) {
  const id = useId();
  const [draft, setDraft] = useState(name);
  const [editing, setEditing] = useState(!name);
  if (!editing) {
    return (
      <p className="name-line">
        Acting as <strong>{name}</strong>{" "}
        <button type="button" className="link-button" onClick={() => setEditing(true)}>
          change
        </button>
      </p>
    );
  }
  return (
    <form
      className="name-form"
      onSubmit={(e) => {
        e.preventDefault();
        onChange(draft.trim());
        setEditing(!draft.trim());
      }}
    >
      <label htmlFor={id}>Your name (recorded with what you do)</label>
      <input id={id} value={draft} maxLength={100} onChange={(e) => setDraft(e.target.value)} autoComplete="name" />
      <button type="submit">Save</button>
    </form>
  );
}

/** This turn's public moves that the role can read in full, for the map's arrows. */
function World({ view, compact = false }: { view: View; compact?: boolean }) {
  return (
    <>
      <Section title="Northeast Asia" id="world-map">
        <RegionMap view={view} />
        <p className="hint">Arrows: this turn's public moves, from the acting capital to its targets.</p>
      </Section>
      <Section title="Indicators" id="world-indicators">
        <IndicatorList view={view} compact={compact} />
        <p className="hint">Beside each value: its history and its change this turn.</p>
      </Section>
    </>
  );
}

function Briefing({ view }: { view: View }) {
  const seat = view.seats.find((s) => s.role === view.seat)!;
  const objectives = view.objectives[view.seat ?? ""] ?? [];
  return (
    <>
      {view.game.status === "ended" && view.scores && (
        <Section title="Final scores" id="scores-title">
          <ScoreTable view={view} />
        </Section>
      )}
      <Section title={`State of the world${view.game.turn_label ? `: ${view.game.turn_label}` : ""}`} id="narrative-title">
        <Narratives view={view} turn={view.game.turn || undefined} />
      </Section>
      <Section title="Injects" id="injects-title">
        <InjectList view={view} />
      </Section>
      <Section title="Your private briefing" id="private-title" className="private">
        <p className="private-note">Seen by your team and the White Cell only.</p>
        {seat.private_briefing ? <Paragraphs text={seat.private_briefing} /> : <p className="muted">None.</p>}
      </Section>
      <Section title="Your objectives" id="objectives-title" className="private">
        <p className="private-note">Scored at the end of the game. Other teams do not see them while the game runs.</p>
        {objectives.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <ul className="objectives">
            {objectives.map((o) => (
              <li key={o.id}>
                {o.text} <span className="muted">({plural(o.points, "point")})</span>
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section title="Public briefings" id="public-title">
        <p className="muted">{view.scenario.summary}</p>
        {view.seats.map((s) => (
          <details key={s.role} open={s.role === view.seat}>
            <summary>
              <SeatTag view={view} role={s.role} />
            </summary>
            <Paragraphs text={s.briefing} />
          </details>
        ))}
      </Section>
    </>
  );
}

function Orders({ view, send }: { view: View; send: Send }) {
  const [editing, setEditing] = useState<Move | null>(null);
  const withdraw = useAction();
  const lock = useAction();
  const seat = view.seats.find((s) => s.role === view.seat)!;
  const game = view.game;
  const mine = view.moves.filter((m) => m.seat === view.seat && m.turn === game.turn && m.status !== "withdrawn");
  const quota = view.quota!;
  const ordersOpen = game.status === "running" && game.phase === "orders";
  const full = quota.moves_this_turn >= quota.moves_per_turn && !editing;
  const disabledReason =
    game.status === "setup"
      ? "The game has not started yet."
      : game.status === "ended"
        ? "The game is over."
        : game.paused
          ? "The game is paused."
          : !ordersOpen
            ? `Orders can be submitted in the Orders phase; this is the ${phaseLabel(game.phase)} phase.`
            : seat.locked
              ? "Your orders are locked for this turn."
              : full
                ? `Your team has used all ${quota.moves_per_turn} moves of this turn. Withdraw or change one to make another.`
                : null;

  useEffect(() => {
    if (editing && !mine.some((m) => m.id === editing.id && m.status === "submitted")) setEditing(null);
  }, [mine, editing]);

  const lockedSeats = view.seats.filter((s) => s.locked);
  return (
    <>
      <Section
        title={`Your orders for turn ${game.turn || 1}`}
        id="orders-title"
        actions={
          ordersOpen && !seat.locked ? (
            <ConfirmButton className="primary" confirmText="Lock: no more changes this turn" onConfirm={() => void lock.run(() => send({ type: "lock_orders" }))} disabled={lock.busy}>
              Lock orders
            </ConfirmButton>
          ) : null
        }
      >
        <p className="quota" data-testid="quota">
          Moves this turn: {quota.moves_this_turn} of {quota.moves_per_turn} · Secret moves used this game: {quota.secret_used} of {quota.secret_per_game}
          {seat.locked && ordersOpen ? " · " : ""}
          {seat.locked && ordersOpen && <strong className="locked-note">Locked</strong>}
        </p>
        <ErrorNote error={lock.error} />
        {ordersOpen && (
          <p className="muted">
            Locked so far: {lockedSeats.length ? lockedSeats.map((s) => s.name).join(", ") : "nobody"}.
          </p>
        )}
        {mine.length === 0 ? (
          <p className="muted">No moves this turn yet.</p>
        ) : (
          <div className="move-list">
            {mine.map((move) => (
              <MoveCard key={move.id} view={view} move={move}>
                {move.status === "submitted" && ordersOpen && !seat.locked && (
                  <div className="button-row">
                    <button type="button" onClick={() => setEditing(move)} aria-label={`Change ${moveLabel(move).toLowerCase()}`}>
                      Change
                    </button>
                    <ConfirmButton
                      confirmText={`Withdraw ${moveLabel(move).toLowerCase()}`}
                      onConfirm={() => void withdraw.run(() => send({ type: "withdraw_move", move_id: move.id }))}
                    >
                      Withdraw
                    </ConfirmButton>
                  </div>
                )}
              </MoveCard>
            ))}
          </div>
        )}
        <ErrorNote error={withdraw.error} />
      </Section>
      <Section title={editing ? `Change ${moveLabel(editing).toLowerCase()}: ${moveTitle(editing)}` : "New move"} id="new-move">
        <OrdersForm view={view} send={send} editing={editing} onDone={() => setEditing(null)} disabledReason={disabledReason} />
      </Section>
    </>
  );
}

function ArgueForm({ move, send }: { move: Move; send: Send }) {
  const [stance, setStance] = useState<"pro" | "con">("pro");
  const [text, setText] = useState("");
  const action = useAction();
  const id = useId();
  return (
    <form
      className="argue"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!text.trim()) return;
        const done = await action.run(() => send({ type: "add_argument", move_id: move.id, stance, text: text.trim() }));
        if (done) setText("");
      }}
    >
      <fieldset>
        <legend>Argue on {moveTitle(move)}</legend>
        <label className="check">
          <input type="radio" name={`stance-${move.id}`} checked={stance === "pro"} onChange={() => setStance("pro")} /> Pro: why it would work
        </label>
        <label className="check">
          <input type="radio" name={`stance-${move.id}`} checked={stance === "con"} onChange={() => setStance("con")} /> Con: why it would fail
        </label>
      </fieldset>
      <label htmlFor={id}>Argument</label>
      <textarea id={id} rows={2} value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} />
      <ErrorNote error={action.error} />
      <button type="submit" disabled={action.busy || !text.trim()}>
        Add argument
      </button>
    </form>
  );
}

function Moves({ view, send }: { view: View; send: Send }) {
  const game = view.game;
  const mine = view.moves.filter((m) => m.seat === view.seat && m.status !== "withdrawn");
  const others = view.moves.filter((m) => m.seat !== view.seat);
  const canArgue = (m: Move) =>
    game.status === "running" &&
    game.phase === "adjudication" &&
    m.turn === game.turn &&
    m.status === "announced" &&
    m.action !== undefined &&
    !m.adjudication_id &&
    (m.visibility === "public" || m.revealed);
  return (
    <>
      <Section title="Other seats' moves" id="others-title">
        {game.phase === "adjudication" && (
          <p className="hint">While the White Cell adjudicates, argue for (pro) or against (con) other seats' public moves.</p>
        )}
        {others.length === 0 ? (
          <p className="muted">Other seats' moves are announced when the orders close.</p>
        ) : (
          byTurn(others).map(([turn, moves]) => (
            <div key={turn} className="turn-group">
              <h3 className="turn-heading">Turn {turn}{game.turn_labels[turn - 1] ? ` · ${game.turn_labels[turn - 1]}` : ""}</h3>
              <div className="move-list">
                {moves.map((move) => (
                  <MoveCard key={move.id} view={view} move={move}>
                    {canArgue(move) && <ArgueForm move={move} send={send} />}
                  </MoveCard>
                ))}
              </div>
            </div>
          ))
        )}
      </Section>
      <Section title="Your moves" id="mine-title">
        {mine.length === 0 ? (
          <p className="muted">None yet.</p>
        ) : (
          byTurn(mine).map(([turn, moves]) => (
            <div key={turn} className="turn-group">
              <h3 className="turn-heading">Turn {turn}</h3>
              <div className="move-list">
                {moves.map((move) => (
                  <MoveCard key={move.id} view={view} move={move} />
                ))}
              </div>
            </div>
          ))
        )}
      </Section>
    </>
  );
}

function Intelligence({ view }: { view: View }) {
  const reports = [...view.intelligence].reverse();
  return (
    <Section title="Intelligence reports" id="intel-title" className="private">
      <p className="private-note">Only your team sees these reports.</p>
      {reports.length === 0 ? (
        <p className="muted">
          No reports. When your services detect another seat's secret move during adjudication, the report appears here.
        </p>
      ) : (
        <ul className="intel-list" data-testid="intelligence">
          {reports.map((r) => (
            <li key={r.seq} className="intel" data-move={r.move_id}>
              <p className="intel-head">
                <span className="tag tag-intel">Intelligence report</span> Turn {r.turn}
              </p>
              <p>
                <SeatTag view={view} role={r.about} /> is carrying out <strong>{moveTitle(r)}</strong>
                {r.targets.length > 0 ? `, aimed at ${seatNames(view, r.targets)}` : ""}.
              </p>
              {r.argument && <p className="muted">Intended result: {r.argument.result}</p>}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

export function TeamConsole({ gameId, token }: { gameId: string; token: string | null }) {
  const [name, setName] = useState(storedName);
  const live = useGame(gameId, token, null, name, name || "a team member");
  const wide = useMediaQuery("(min-width: 1100px)");
  const [tab, setTab] = useState("briefing");
  const view = live.view;
  const [lastSeen, setLastSeen] = useLastSeen(`wargame.seen.${gameId}`);
  const [seen, setSeen] = useSeen(`wargame.seen-tabs.${gameId}`);
  const [seenIntel, setSeenIntel] = useLastSeen(`wargame.intel.${gameId}`);

  useEffect(() => {
    if (view?.role === "observer" && token) {
      window.location.replace(`/plenary/${encodeURIComponent(gameId)}/#token=${encodeURIComponent(token)}`);
    }
  }, [view?.role, gameId, token]);

  useEffect(() => {
    if (view?.seat) document.title = `${seatName(view, view.seat)} · ${view.game.title} · Wargame`;
  }, [view]);

  useEffect(() => {
    if (!wide && tab === "world") return;
    if (wide && tab === "world") setTab("briefing");
  }, [wide, tab]);

  const newestIntel = view ? view.intelligence.reduce((m, r) => Math.max(m, r.seq), 0) : 0;
  useEffect(() => {
    if (tab === "intel" && newestIntel > seenIntel) setSeenIntel(newestIntel);
  }, [tab, newestIntel, seenIntel, setSeenIntel]);

  // Opening a tab marks what it shows as seen.
  useEffect(() => {
    if (!view) return;
    const key = tab === "briefing" ? "briefing" : tab === "moves" ? "moves" : null;
    if (key) setSeen((current) => markSeen(current, view, key));
  }, [tab, view, setSeen]);
  const fresh = view ? unreadOf(view, seen) : null;

  const unread = useMemo(
    () => (view ? view.messages.filter((m) => m.seq > lastSeen && m.from !== view.seat).length : 0),
    [view, lastSeen],
  );

  if (!token) {
    return (
      <Problem title="This page needs a join link">
        <p>Open the link your facilitator gave your team. It ends with <code>#token=…</code>.</p>
      </Problem>
    );
  }
  if (!view) {
    if (live.loadError || live.status.kind === "denied") {
      return (
        <Problem title="Cannot open the game">
          <p>{live.status.kind === "denied" ? live.status.message : live.loadError}</p>
        </Problem>
      );
    }
    return <Loading />;
  }
  if (!view.seat) return <Loading text="Opening the public screen…" />;

  const game = view.game;
  const seat = view.seats.find((s) => s.role === view.seat)!;
  const newIntel = view.intelligence.filter((r) => r.seq > seenIntel).length;
  const ordersBadge = game.phase === "orders" && game.status === "running" && !seat.locked ? "open" : null;
  const tabs: TabSpec[] = [
    { id: "briefing", label: "Briefing", badge: tab !== "briefing" && fresh ? briefingBadge(fresh) : null },
    { id: "orders", label: "Orders", badge: ordersBadge },
    { id: "moves", label: "Moves", badge: tab !== "moves" && fresh?.results ? `${fresh.results} new` : null },
    { id: "messages", label: "Messages", badge: unread || null },
    { id: "intel", label: "Intelligence", badge: newIntel || null },
    { id: "timeline", label: "Timeline" },
  ];
  if (!wide) tabs.splice(1, 0, { id: "world", label: "World" });

  const send = live.send;
  return (
    <div className="app team">
      <GameBar view={view} status={live.status} role={<><SeatTag view={view} role={seat.role} /> team console</>}>
        <div className="game-bar-extra">
          <p className="phase-hint">{game.status === "running" ? phaseHint(game.phase) : ""}</p>
          <NameField
            name={name}
            onChange={(n) => {
              setName(n);
              storeName(n);
            }}
          />
        </div>
        {live.status.kind === "denied" && <ErrorNote error={live.status.message} />}
      </GameBar>
      <div className={wide ? "console wide" : "console"}>
        <main className="console-main">
          <Tabs tabs={tabs} current={tab} onSelect={setTab} label="Team console sections" />
          <TabPanel id={tab}>
            {tab === "briefing" && <Briefing view={view} />}
            {tab === "world" && <World view={view} />}
            {tab === "orders" && <Orders view={view} send={send} />}
            {tab === "moves" && <Moves view={view} send={send} />}
            {tab === "messages" && (
              <Section title="Messages" id="messages-title">
                <Messages view={view} me={seat.role} send={send} lastSeen={lastSeen} onSeen={setLastSeen} />
              </Section>
            )}
            {tab === "intel" && <Intelligence view={view} />}
            {tab === "timeline" && (
              <Section title="What your team knows, in order" id="timeline-title">
                <TimelineList view={view} />
              </Section>
            )}
          </TabPanel>
        </main>
        {wide && (
          <aside className="console-aside" aria-label="The world">
            <World view={view} compact />
          </aside>
        )}
      </div>
    </div>
  );
}
