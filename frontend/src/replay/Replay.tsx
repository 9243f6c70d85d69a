/**
 * The after-action replay: step through the log and see the game from any chair at any point.
 * Every view on this page is the server's view of one role at one seq (GET /state/?at=&as=);
 * nothing is filtered here, so a chair never shows what it could not see.
 *
 * The page puts together what its hooks hold (useRecord: the views; usePosition: the seq, the
 * chair and the steps; useCommitments: the reveals and their checks) and its parts, one file each.
 */

import { useEffect, useMemo, useState, type ReactNode } from "react";
import { links } from "../route";
import { FamilyTree } from "../branches/FamilyTree";
import { WhatIf } from "../branches/WhatIf";
import { SimulationPanel } from "../simulate/SimulationPanel";
import { Api } from "../server/api";
import { OpenRecordButton } from "../ui/OpenRecordButton";
import { SiteBar } from "../ui/SiteBar";
import { InjectList, Narratives } from "../ui/briefing";
import { gameStatusText, phaseLabel, seatName } from "../ui/format";
import { useMediaQuery } from "../ui/hooks";
import { Loading, Problem, Section, TabPanel, Tabs, type TabSpec } from "../ui/layout";
import { seatColour } from "../ui/seats";
import { Intelligence, Objectives, ReadMessages, RunSheetRecord } from "./ChairRecord";
import { Charts } from "./Charts";
import { Corrections } from "./Corrections";
import { DecisionLog } from "./DecisionLog";
import { Exports, LogRecord } from "./Exports";
import { InitiativePanel } from "./Initiative";
import { Observations, useStudy } from "./Observations";
import { ReplayTimeline } from "./ReplayTimeline";
import { ChairPicker, Scrubber } from "./Scrubber";
import { SecretMoves } from "./SecretMoves";
import { canChooseChair, chairPossessive, positionAt } from "./position";
import { useCommitments } from "./useCommitments";
import { usePosition, useSteps } from "./usePosition";
import { useHead, useLaterView, useViewAt, useViewCache } from "./useRecord";

export function Replay({ gameId, token = null }: { gameId: string; token?: string | null }) {
  const api = useMemo(() => new Api({ token }), [token]);
  const { head, error, reload } = useHead(api, gameId);
  const cache = useViewCache(api, gameId);
  const { seq, chair, setSeq, setChair, maxSeq, firstSeq } = usePosition(head);
  const { shown, loadError, retry } = useViewAt(cache, seq, chair);
  const laterView = useLaterView(cache, head, chair);
  const { starts, markers, onStep, onTurn } = useSteps(head, chair, laterView, seq, setSeq);
  const { reveals, published, checks } = useCommitments(api, gameId, head);
  const { study, reload: reloadStudy } = useStudy(api, gameId, head?.seq);
  // An analyst's link opens on the Observations panel; everyone else's on the decisions.
  const [tab, setTab] = useState(token ? "observations" : "decisions");
  const wide = useMediaQuery("(min-width: 1100px)");
  const choosable = head ? canChooseChair(head.role, head.view) : false;

  useEffect(() => {
    if (head) document.title = `Replay · ${head.view.game.title} · Wargame`;
  }, [head]);

  if (!head) {
    if (error) {
      return (
        <>
          {!token && error.status !== 401 && <SiteBar />}
          <Problem title="Cannot open the replay">
            <p>{error.text}</p>
            {token ? (
              <p>Ask the facilitator for a new link if this one no longer works.</p>
            ) : (
              <p>
                The replay opens in the browser where the game's facilitator is{" "}
                <a href={`/login/?next=${encodeURIComponent(window.location.pathname)}`}>logged in</a>, or with a seat's or the
                observer's link (ending in <code>#token=…</code>).
              </p>
            )}
          </Problem>
        </>
      );
    }
    return <Loading text="Loading the record…" />;
  }

  const game = head.view.game;
  // An analyst granted everything sees control's view, but may do only what an analyst does.
  const analyst = study?.me ?? null;
  const facilitator = head.role === "control" && !analyst;
  const current = seq ?? maxSeq;
  const currentChair = chair ?? head.role;
  const ready = shown && shown.seq === current && shown.role === currentChair;
  const view = shown?.view ?? null;
  const where = positionAt(starts, current);
  const ended = markers.find((m) => m.kind === "end");
  const positionText = ended && current >= ended.seq
    ? "After the game"
    : where
      ? `Turn ${where.turn} of ${game.turns}${game.turn_labels[where.turn - 1] ? ` · ${game.turn_labels[where.turn - 1]}` : ""} · ${phaseLabel(where.phase)}`
      : "Setting up";
  const entry = ready ? view!.timeline.find((e) => e.seq === current) : undefined;
  const eventText: ReactNode = !ready ? (
    <span className="muted">…</span>
  ) : entry ? (
    <>
      <span className="muted">{entry.actor.role ? `${seatName(view, entry.actor.role)}${entry.actor.name ? ` (${entry.actor.name})` : ""}: ` : ""}</span>
      {entry.text}
    </>
  ) : (
    <span className="muted">Nothing {seatName(view, currentChair)} could see happened at this seq.</span>
  );
  const ticks = starts.map((s) => s.seq);

  const tabs: TabSpec[] = [
    ...(!wide ? [{ id: "indicators", label: "Indicators" }] : []),
    { id: "decisions", label: "Decisions" },
    { id: "secret", label: "Secret moves" },
    { id: "messages", label: "Messages", badge: view?.messages.length || null },
    { id: "injects", label: "Injects" },
    { id: "intelligence", label: "Intelligence", badge: view?.intelligence.length || null },
    { id: "corrections", label: "Corrections" },
    { id: "objectives", label: "Objectives" },
    { id: "initiative", label: "Initiative" },
    { id: "timeline", label: "Timeline" },
    ...(study ? [{ id: "observations", label: "Observations", badge: study.observations.length || null }] : []),
    ...(choosable && !analyst ? [{ id: "simulate", label: "Simulations" }] : []),
  ];
  const currentTab = tabs.some((t) => t.id === tab) ? tab : "decisions";

  const charts = view && (
    <Charts view={view} later={laterView} seq={view.seq} maxSeq={maxSeq} markers={markers} onJump={setSeq} />
  );

  return (
    <div className="app replay">
      {facilitator && !token ? (
        <SiteBar>
          <a href={links.control(gameId)}>White Cell console</a>
          <a href={links.lobby()}>All games</a>
        </SiteBar>
      ) : (
        <header className="site-bar">
          <span className="brand">
            Wargame{" "}
            <span className="brand-sub">
              {analyst ? `Analyst ${analyst.name}'s link` : `${chairPossessive(head.view, head.role)} link`}
            </span>
          </span>
        </header>
      )}
      <section className="game-bar replay-bar" aria-label="The game">
        <div className="game-bar-main">
          <div className="game-bar-title">
            <span className="role-line">
              After-action replay
            </span>
            <h1>{game.title}</h1>
            <span className="scenario-line">{head.view.scenario.title}</span>
            <LogRecord api={api} gameId={gameId} seq={head.seq} />
          </div>
          <div className="game-bar-state">
            <span className="status-line" data-testid="game-status">
              {gameStatusText(game)}
            </span>
            <span className="muted small" data-testid="record-state">
              {game.record_open
                ? "The record is open to every role."
                : game.status === "ended"
                  ? "The record is not open to the players yet."
                  : "The game is still running."}
            </span>
            {facilitator && game.status === "ended" && !game.record_open && (
              <OpenRecordButton
                open={false}
                onOpen={async () => {
                  await api.command(gameId, { type: "open_record" });
                  await reload();
                }}
              />
            )}
            {game.status === "running" && (
              <button type="button" className="quiet" onClick={() => void reload()}>
                Update to now
              </button>
            )}
          </div>
        </div>
        <Exports api={api} gameId={gameId} chair={currentChair} ownRole={analyst ? "analyst" : head.role} head={head.view} />
      </section>
      <FamilyTree api={api} gameId={gameId} chair={currentChair} />

      <section className="replay-controls" aria-label="Replay controls">
        <div className="replay-chair">
          {choosable ? (
            <ChairPicker view={head.view} chair={currentChair} onChange={setChair} />
          ) : (
            <p className="notice own-chair" data-testid="own-chair">
              You see the game from {chairPossessive(head.view, head.role)} chair only.{" "}
              {game.status === "ended"
                ? "The other chairs open here once the White Cell opens the record."
                : "The other chairs open after the game, when the White Cell opens the record."}
            </p>
          )}
          <p className="chair-line" data-testid="chair-line">
            <span className="seat-tag" style={{ ["--seat" as string]: seatColour(currentChair) }}>
              {seatName(head.view, currentChair)}
            </span>{" "}
            <span className="muted">saw this at seq {current}.</span>
          </p>
        </div>
        <Scrubber
          seq={current}
          maxSeq={maxSeq}
          markers={markers}
          ticks={ticks}
          position={positionText}
          eventText={eventText}
          loading={!ready && !loadError}
          onSeq={setSeq}
          onStep={onStep}
          onTurn={onTurn}
          minSeq={firstSeq}
        />
        {(facilitator || game.record_open) && <WhatIf api={api} gameId={gameId} seq={current} title={game.title} chair={currentChair} />}
        {loadError && (
          <div className="error-note" role="alert">
            {loadError}{" "}
            <button type="button" className="quiet" onClick={retry}>
              Try again
            </button>
          </div>
        )}
      </section>

      <nav className="replay-dock" aria-label="Step through the replay">
        <button type="button" onClick={() => onStep(-1)} disabled={current <= 1} aria-label="Step back one event">
          ‹
        </button>
        <span className="dock-text">
          Seq <strong>{current}</strong>/{maxSeq} · {seatName(head.view, currentChair)}
          {!ready && !loadError ? " · loading" : ""}
        </span>
        <button type="button" onClick={() => onStep(1)} disabled={current >= maxSeq} aria-label="Step forward one event">
          ›
        </button>
      </nav>

      {!view ? (
        <Loading text="Loading the view…" />
      ) : (
        <div className={`replay-body${wide ? " console wide" : " console"}`}>
          <main
            className="replay-main"
            aria-busy={!ready}
            data-shown={`${shown!.seq}|${shown!.role}`}
            data-testid="replay-main"
          >
            <Tabs tabs={tabs} current={currentTab} onSelect={setTab} label="Replay sections" />
            <TabPanel id={currentTab}>
              {currentTab === "indicators" && charts}
              {currentTab === "decisions" && (
                <Section title="Decision log" id="decisions-title">
                  <DecisionLog view={view} reveals={reveals} checks={checks} />
                </Section>
              )}
              {currentTab === "secret" && (
                <Section title="Secret moves and their commitments" id="secret-title">
                  <SecretMoves view={view} reveals={reveals} published={published} checks={checks} />
                </Section>
              )}
              {currentTab === "messages" && (
                <Section title="Messages" id="messages-title">
                  <ReadMessages view={view} />
                </Section>
              )}
              {currentTab === "injects" && (
                <>
                  <Section title="Injects" id="injects-title">
                    <InjectList view={view} showAudience />
                  </Section>
                  {view.run_sheet && view.run_sheet.length > 0 && <RunSheetRecord view={view} />}
                  <Section title="State of the world" id="narratives-title">
                    <Narratives view={view} />
                  </Section>
                </>
              )}
              {currentTab === "intelligence" && (
                <Section title="Intelligence reports" id="intel-title">
                  <Intelligence view={view} />
                </Section>
              )}
              {currentTab === "corrections" && <Corrections view={view} onJump={setSeq} />}
              {currentTab === "objectives" && <Objectives view={view} />}
              {currentTab === "initiative" && <InitiativePanel api={api} gameId={gameId} chair={currentChair} seq={maxSeq} />}
              {currentTab === "simulate" && <SimulationPanel api={api} gameId={gameId} seq={current} />}
              {currentTab === "observations" && study && (
                <Section title="Observations" id="observations-title">
                  <Observations
                    api={api}
                    gameId={gameId}
                    study={study}
                    seq={current}
                    onAdded={async () => {
                      await reload();
                      await reloadStudy();
                    }}
                    onJump={setSeq}
                  />
                </Section>
              )}
              {currentTab === "timeline" && (
                <Section title={`Timeline: what ${seatName(view, view.role)} saw`} id="timeline-title">
                  <ReplayTimeline view={view} seq={current} onJump={setSeq} />
                </Section>
              )}
            </TabPanel>
          </main>
          {wide && (
            <aside className="replay-aside" aria-label="Indicators">
              <Section title="Indicators" id="charts-title">
                {charts}
              </Section>
            </aside>
          )}
        </div>
      )}
    </div>
  );
}
