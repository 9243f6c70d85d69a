/** The White Cell console: runs the clock, adjudicates, injects, adjusts, reveals. */

import { useEffect, useMemo, useState } from "react";
import { links } from "../route";
import { storedName, useGame } from "../server/live";
import { GameBar } from "../ui/GameBar";
import { Messages } from "../ui/Messages";
import { SiteBar } from "../ui/SiteBar";
import { TimelineList } from "../ui/TimelineList";
import { TeamsDrafts } from "../drafts/Drafts";
import { Loading, Problem, Section, TabPanel, Tabs, type TabSpec } from "../ui/layout";
import { Indicators } from "./IndicatorAdjustments";
import { Injects } from "./Injects";
import { DeadlineAlert, Lifecycle } from "./Lifecycle";
import { Adjudicate } from "./MovesAndAdjudication";
import { Overview } from "./Overview";
import { AnalystsControl } from "../analysts/AnalystsControl";
import { PlanEditor } from "../analysts/PlanEditor";
import { MembersControl } from "../members/MembersControl";
import { GameNotifications } from "../notify/GameNotifications";
import { AdjudicatorsControl } from "../hotwash/Adjudicators";
import { AskQuestion, QuestionList } from "../hotwash/Questions";

export function ControlConsole({ gameId }: { gameId: string }) {
  const live = useGame(gameId, null, null, "", storedName() || "White Cell");
  const [tab, setTab] = useState("overview");
  const view = live.view;

  useEffect(() => {
    if (view) document.title = `White Cell · ${view.game.title} · Wargame`;
  }, [view]);

  const pendingCount = useMemo(() => view?.pending?.unadjudicated.length ?? 0, [view]);

  if (!view) {
    if (live.loadError || live.status.kind === "denied") {
      return (
        <>
          <SiteBar />
          <Problem title="Cannot open the game">
            <p>{live.status.kind === "denied" ? live.status.message : live.loadError}</p>
            <p>
              <a href={links.lobby()}>Back to the games</a>
            </p>
          </Problem>
        </>
      );
    }
    return <Loading />;
  }

  const tabs: TabSpec[] = [
    { id: "overview", label: "Overview" },
    { id: "people", label: "People" },
    { id: "adjudicate", label: "Moves & adjudication", badge: pendingCount || null },
    { id: "injects", label: view.run_sheet ? "Run-sheet & injects" : "Injects", badge: view.pending?.run_sheet_due.length || null },
    { id: "hotwash", label: "Hotwash & estimates" },
    { id: "indicators", label: "Indicators" },
    { id: "messages", label: "Messages", badge: view.messages.length || null },
    { id: "drafts", label: "Drafts", badge: view.drafts.filter((d) => d.status === "open").length || null },
    { id: "timeline", label: "Timeline" },
  ];
  const send = live.send;
  return (
    <div className="app control">
      <SiteBar>
        <a href={links.plenary(gameId)} target="_blank" rel="noreferrer">
          Plenary screen
        </a>
        {view.game.status !== "setup" && <a href={links.replay(gameId)}>Replay</a>}
        <a href={links.lobby()}>All games</a>
      </SiteBar>
      <GameBar view={view} status={live.status} role="White Cell console">
        <Lifecycle view={view} send={send} gameId={gameId} />
        <DeadlineAlert view={view} />
      </GameBar>
      <main className="console-main control-main">
        <Tabs tabs={tabs} current={tab} onSelect={setTab} label="White Cell sections" />
        <TabPanel id={tab}>
          {tab === "overview" && <Overview view={view} send={send} gameId={gameId} api={live.api} presence={live.presence} />}
          {tab === "people" && (
            <>
              <MembersControl view={view} gameId={gameId} api={live.api} />
              <GameNotifications view={view} gameId={gameId} api={live.api} />
              <AnalystsControl view={view} gameId={gameId} api={live.api} />
              <PlanEditor view={view} gameId={gameId} api={live.api} />
            </>
          )}
          {tab === "adjudicate" && <Adjudicate view={view} send={send} gameId={gameId} />}
          {tab === "injects" && <Injects view={view} send={send} />}
          {tab === "hotwash" && (
            <>
              <Section title="Ask the players" id="ask-title">
                <AskQuestion view={view} send={send} />
              </Section>
              <Section title="Questions and answers" id="questions-list-title">
                <QuestionList view={view} />
              </Section>
              <AdjudicatorsControl view={view} api={live.api} gameId={gameId} />
            </>
          )}
          {tab === "indicators" && <Indicators view={view} send={send} />}
          {tab === "messages" && (
            <Section title="Every message" id="all-messages">
              <Messages view={view} me="control" send={send} />
            </Section>
          )}
          {tab === "drafts" && <TeamsDrafts view={view} />}
          {tab === "timeline" && (
            <Section
              title="Full timeline"
              id="full-timeline"
              actions={
                <span className="row-links">
                  <a href={`/api/games/${encodeURIComponent(gameId)}/report/`} target="_blank" rel="noreferrer">
                    After-action report
                  </a>
                  <a href={`/api/games/${encodeURIComponent(gameId)}/indicators/`}>Indicators (CSV)</a>
                  {view.game.status === "ended" && <a href={`/api/games/${encodeURIComponent(gameId)}/export/`}>Event log (JSON Lines)</a>}
                </span>
              }
            >
              <TimelineList view={view} />
            </Section>
          )}
        </TabPanel>
      </main>
    </div>
  );
}
