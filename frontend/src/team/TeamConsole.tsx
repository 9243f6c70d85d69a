/** The team console: what one seat knows, its orders, its messages. Opened by the join link. */

import { useEffect, useMemo, useState } from "react";
import { deadlineOf, expiryForTeams } from "../server/clock";
import { storedName, storeName, useGame } from "../server/live";
import { GameBar } from "../ui/GameBar";
import { Messages } from "../ui/Messages";
import { TimelineList } from "../ui/TimelineList";
import { ErrorNote } from "../ui/actions";
import { phaseHint, seatName } from "../ui/format";
import { useMediaQuery } from "../ui/hooks";
import { Loading, Problem, Section, TabPanel, Tabs, type TabSpec } from "../ui/layout";
import { SeatTag } from "../ui/seats";
import { Briefing } from "./Briefing";
import { Intelligence } from "./Intelligence";
import { Moves } from "./Moves";
import { NameField } from "./NameField";
import { Orders } from "./Orders";
import { World } from "./World";
import { briefingBadge, markSeen, unread as unreadOf } from "./badges";
import { useLastSeen, useSeen } from "./useSeen";
import { BotPlaysSeat } from "../bots/SeatBot";
import { SinceLastHere, TeamMembers, useMe } from "../members/TeamMembers";
import { NotificationSettings, useBrowserNotifications, usePreferences } from "../notify/Notifications";
import { Drafts } from "../drafts/Drafts";
import { TeamQuestions } from "../hotwash/Questions";

export function TeamConsole({ gameId, token }: { gameId: string; token: string | null }) {
  const [name, setName] = useState(storedName);
  const live = useGame(gameId, token, null, name, name || "a team member");
  const wide = useMediaQuery("(min-width: 1100px)");
  const [tab, setTab] = useState("briefing");
  const view = live.view;
  const [lastSeen, setLastSeen] = useLastSeen(`wargame.seen.${gameId}`);
  const [seen, setSeen] = useSeen(`wargame.seen-tabs.${gameId}`);
  const [seenIntel, setSeenIntel] = useLastSeen(`wargame.intel.${gameId}`);
  const me = useMe(live.api, gameId);
  const [prefs, savePrefs] = usePreferences(live.api, gameId, me);
  useBrowserNotifications(view, prefs);

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
  const openDrafts = view.drafts.filter((d) => d.status === "open").length;
  // Whether this member leads follows the view (a lead chosen since the page opened counts).
  const mineNow = me?.member ? seat.members?.find((m) => m.id === me.member!.id) : undefined;
  const self = me === undefined ? undefined : { member: me?.member?.id ?? null, lead: mineNow ? mineNow.lead : !!me?.member?.lead };
  const ordersBadge = game.phase === "orders" && game.status === "running" && !seat.locked ? "open" : null;
  const tabs: TabSpec[] = [
    { id: "briefing", label: "Briefing", badge: tab !== "briefing" && fresh ? briefingBadge(fresh) : null },
    { id: "orders", label: "Orders", badge: ordersBadge },
    { id: "moves", label: "Moves", badge: tab !== "moves" && fresh?.results ? `${fresh.results} new` : null },
    { id: "messages", label: "Messages", badge: unread || null },
    { id: "drafts", label: "Drafts", badge: openDrafts || null },
    { id: "intel", label: "Intelligence", badge: newIntel || null },
    { id: "timeline", label: "Timeline" },
  ];
  const mine = me?.member?.id ?? null;
  const toAnswer = (view.questionnaires ?? []).filter(
    (q) =>
      (q.whole_seats.includes(seat.role) || q.members.some((m) => m.id === mine)) &&
      !q.answers.some((a) => a.member === mine && a.seat === seat.role),
  ).length;
  if ((view.questionnaires ?? []).length) tabs.splice(tabs.length - 1, 0, { id: "questions", label: "Questions", badge: toAnswer || null });
  if (!wide) tabs.splice(1, 0, { id: "world", label: "World" });

  const send = live.send;
  return (
    <div className="app team">
      <GameBar view={view} status={live.status} role={<><SeatTag view={view} role={seat.role} /> team console</>}>
        <div className="game-bar-extra">
          <p className="phase-hint">{game.status === "running" ? `${phaseHint(game.phase)} ${expiryForTeams(deadlineOf(game))}`.trim() : ""}</p>
          {/* A member's own link records the member's name: no name to give. */}
          {!me?.member && (
            <NameField
              name={name}
              onChange={(n) => {
                setName(n);
                storeName(n);
              }}
            />
          )}
        </div>
        {live.status.kind === "denied" && <ErrorNote error={live.status.message} />}
      </GameBar>
      <div className={wide ? "console wide" : "console"}>
        <main className="console-main">
          <BotPlaysSeat seat={seat} />
          <SinceLastHere view={view} gameId={gameId} me={me} />
          <Tabs tabs={tabs} current={tab} onSelect={setTab} label="Team console sections" />
          <TabPanel id={tab}>
            {tab === "briefing" && (
              <>
                <TeamMembers view={view} me={me} send={send} />
                <NotificationSettings prefs={prefs} save={savePrefs} />
                <Briefing view={view} />
              </>
            )}
            {tab === "world" && <World view={view} />}
            {tab === "orders" && <Orders view={view} send={send} onDrafted={() => setTab("drafts")} />}
            {tab === "moves" && <Moves view={view} send={send} />}
            {tab === "messages" && (
              <Section title="Messages" id="messages-title">
                <Messages view={view} me={seat.role} send={send} lastSeen={lastSeen} onSeen={setLastSeen} onDrafted={() => setTab("drafts")} />
              </Section>
            )}
            {tab === "drafts" && <Drafts view={view} send={send} self={self} />}
            {tab === "intel" && <Intelligence view={view} />}
            {tab === "questions" && <TeamQuestions view={view} me={me} send={send} />}
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
