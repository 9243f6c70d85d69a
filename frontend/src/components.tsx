/** Small building blocks shared by the pages. */

import QRCode from "qrcode";
import { memo, useCallback, useEffect, useId, useMemo, useRef, useState, type ReactNode } from "react";
import { errorText } from "./api";
import { plainIds } from "./errors";
import { clockState, clockText, deadlineOf, useServerNow } from "./clock";
import { audienceText, clockTime, gameStatusText, phaseLabel, seatName, signed, sparkPoints, trendWord, turnChange } from "./format";
import { useNow } from "./game";
import type { ConnectionStatus } from "./socket";
import type { GameInfo, Indicator, View } from "./types";

// ---- seats -----------------------------------------------------------------------------------

const SEAT_COLOURS: Record<string, string> = {
  beijing: "#a4343a",
  moscow: "#6a4c93",
  pyongyang: "#2a7a6c",
  washington: "#1f4e8c",
  control: "#3c4756",
  observer: "#6b7480",
};
const SPARE_COLOURS = ["#8a5a00", "#1b6f8a", "#7a3b69", "#4d6b1f"];

export function seatColour(role: string, index = 0): string {
  return SEAT_COLOURS[role] ?? SPARE_COLOURS[index % SPARE_COLOURS.length];
}

export function SeatTag({ view, role }: { view: Pick<View, "seats"> | null; role: string }) {
  const index = view ? view.seats.findIndex((s) => s.role === role) : 0;
  return (
    <span className="seat-tag" style={{ ["--seat" as string]: seatColour(role, index) }}>
      {seatName(view, role)}
    </span>
  );
}

// ---- async actions ---------------------------------------------------------------------------

/** Run a request with a busy flag and a readable error, for one form or button. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(async <T,>(task: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    setCode(null);
    try {
      return await task();
    } catch (failure) {
      if (mounted.current) {
        setError(errorText(failure));
        setCode((failure as { code?: string }).code ?? null);
      }
      return undefined;
    } finally {
      if (mounted.current) setBusy(false);
    }
  }, []);
  const clear = useCallback(() => {
    setError(null);
    setCode(null);
  }, []);
  return { busy, error, code, run, clear };
}

export function ErrorNote({ error }: { error: string | null | undefined }) {
  if (!error) return null;
  return (
    <p className="error-note" role="alert">
      {error}
    </p>
  );
}

// ---- connection and clock --------------------------------------------------------------------

export function connectionText(status: ConnectionStatus, now: number): string {
  switch (status.kind) {
    case "live":
      return "Live";
    case "connecting":
      return "Connecting…";
    case "reconnecting": {
      const seconds = Math.max(0, Math.ceil((status.retryAt - now) / 1000));
      return seconds > 0 ? `Reconnecting in ${seconds} s…` : "Reconnecting…";
    }
    case "offline":
      return "Offline: waiting for the network";
    case "denied":
      return "Disconnected";
  }
}

export function ConnectionBadge({ status }: { status: ConnectionStatus }) {
  const now = useNow();
  return (
    <span className={`connection connection-${status.kind}`} role="status" aria-live="polite" data-testid="connection">
      <span className="dot" aria-hidden="true" />
      {connectionText(status, now.getTime())}
    </span>
  );
}

/** The countdown to the phase's deadline, on the server's clock; frozen while paused. */
export function Countdown({ game, large = false }: { game: GameInfo; large?: boolean }) {
  const now = useServerNow();
  const deadline = deadlineOf(game);
  const state = clockState(deadline, now, game.paused);
  if (state.kind === "none") return null;
  const urgent = state.kind === "expired" || (state.kind === "running" && state.seconds <= 120);
  return (
    <span
      className={`countdown${urgent ? " urgent" : ""}${state.kind === "paused" ? " frozen" : ""}${large ? " large" : ""}`}
      data-testid="countdown"
      data-state={state.kind}
      role="timer"
      aria-live="off"
    >
      <span className="countdown-label">
        {state.kind === "paused" ? "Clock stopped" : state.kind === "expired" ? "Deadline" : large ? "Time left" : `Deadline ${clockTime(state.at)}`}
      </span>
      <span className="countdown-value">
        {state.kind === "expired" ? "Time is up" : state.kind === "paused" ? `${clockText(state.seconds)} left` : large ? clockText(state.seconds) : `${clockText(state.seconds)} left`}
      </span>
    </span>
  );
}

export function PhaseSteps({ game }: { game: GameInfo }) {
  if (game.status !== "running") return null;
  const current = game.phase ? game.phases.indexOf(game.phase) : -1;
  return (
    <ol className="phase-steps" aria-label={`Phases of turn ${game.turn}`}>
      {game.phases.map((phase, i) => (
        <li
          key={phase}
          className={i === current ? "current" : i < current ? "done" : ""}
          aria-current={i === current ? "step" : undefined}
        >
          {phaseLabel(phase)}
        </li>
      ))}
    </ol>
  );
}

/** The band at the top of every game page. */
export function GameBar({
  view,
  status,
  role,
  children,
}: {
  view: View;
  status: ConnectionStatus;
  role: ReactNode;
  children?: ReactNode;
}) {
  const game = view.game;
  return (
    <header className="game-bar">
      <div className="game-bar-main">
        <div className="game-bar-title">
          <span className="role-line">{role}</span>
          <h1>{game.title}</h1>
          <span className="scenario-line">{view.scenario.title}</span>
        </div>
        <div className="game-bar-state">
          <span className="status-line" data-testid="game-status">
            {gameStatusText(game)}
          </span>
          <Countdown game={game} />
          <ConnectionBadge status={status} />
        </div>
      </div>
      <PhaseSteps game={game} />
      {game.paused && (
        <p className="banner banner-paused" role="status">
          The White Cell has paused the game. Only messages can be sent until it resumes.
        </p>
      )}
      {children}
    </header>
  );
}

// ---- indicators ------------------------------------------------------------------------------

export function Sparkline({ indicator, width = 96, height = 28 }: { indicator: Indicator; width?: number; height?: number }) {
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true">
      <polyline points={sparkPoints(indicator, width, height)} fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
    </svg>
  );
}

/** A "restricted" tag on an indicator not every role sees, naming who does. */
export function RestrictedTag({ view, indicator }: { view: View; indicator: Indicator }) {
  if (indicator.audience === "all") return null;
  return (
    <span className="tag tag-restricted" title={`Seen by ${audienceText(view, indicator.audience)}`}>
      restricted
    </span>
  );
}

/** Indicators with value, trend this turn and history; ``compact`` folds the descriptions away. */
export function IndicatorList({ view, large = false, compact = false }: { view: View; large?: boolean; compact?: boolean }) {
  if (view.indicators.length === 0) return <p className="muted">No indicators are visible to you.</p>;
  return (
    <ul className={`indicators${large ? " large" : ""}${compact ? " compact" : ""}`} data-testid="indicators">
      {view.indicators.map((indicator) => {
        const delta = turnChange(indicator, view.game.turn);
        return (
          <li key={indicator.id} className="indicator" data-indicator={indicator.id}>
            <div className="indicator-head">
              <span className="indicator-name">
                {indicator.name}
                <RestrictedTag view={view} indicator={indicator} />
              </span>
              <span className="indicator-value">
                <strong>{indicator.value}</strong>
                <span className="indicator-range"> / {indicator.max}</span>
              </span>
            </div>
            <div className="indicator-body">
              <div className="meter" aria-hidden="true">
                <span style={{ width: `${(100 * (indicator.value - indicator.min)) / (indicator.max - indicator.min || 1)}%` }} />
              </div>
              <Sparkline indicator={indicator} />
              <span className={`trend trend-${trendWord(delta)}`}>
                <span aria-hidden="true">{delta > 0 ? "▲" : delta < 0 ? "▼" : "■"}</span> {signed(delta)}
                <span className="visually-hidden"> this turn, {trendWord(delta)}</span>
              </span>
            </div>
            {!large && indicator.description && !compact && <p className="indicator-description">{indicator.description}</p>}
            {!large && indicator.description && compact && (
              <details className="indicator-about">
                <summary>
                  About<span className="visually-hidden"> {indicator.name}</span>
                </summary>
                <p className="indicator-description">{indicator.description}</p>
              </details>
            )}
          </li>
        );
      })}
    </ul>
  );
}

// ---- timeline --------------------------------------------------------------------------------

/** The role's timeline, newest first, the newest ``limit`` entries when given. Rows are
 *  memoised: a change frame keeps unchanged entries (and the moves and seats) as they were, so
 *  a new entry renders one row, not the whole timeline. */
export function TimelineList({ view, limit }: { view: View; limit?: number }) {
  const items = useMemo(() => {
    const newestFirst = [...view.timeline].reverse();
    return limit ? newestFirst.slice(0, limit) : newestFirst;
  }, [view.timeline, limit]);
  if (items.length === 0) return <p className="muted">Nothing has happened yet.</p>;
  return (
    <ol className="timeline" data-testid="timeline">
      {items.map((entry) => (
        <TimelineRow key={entry.seq} entry={entry} moves={view.moves} seats={view.seats} />
      ))}
    </ol>
  );
}

const TimelineRow = memo(function TimelineRow({
  entry,
  moves,
  seats,
}: {
  entry: View["timeline"][number];
  moves: View["moves"];
  seats: View["seats"];
}) {
  return (
    <li className={`timeline-entry type-${entry.type}`}>
      <span className="timeline-when">
        {entry.turn ? `T${entry.turn}` : "—"} {entry.phase ? phaseLabel(entry.phase) : ""}
        <span className="timeline-time"> {clockTime(entry.at)}</span>
      </span>
      <span className="timeline-text">{plainIds(entry.text, moves, (seat) => seatName({ seats }, seat))}</span>
      {entry.actor.name && entry.actor.role !== "control" && <span className="timeline-actor"> — {entry.actor.name}</span>}
    </li>
  );
});

// ---- links and QR codes ----------------------------------------------------------------------

export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall through to the old way */
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  document.body.removeChild(area);
  return ok;
}

export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const id = useId();
  const [copied, setCopied] = useState<"" | "yes" | "no">("");
  return (
    <div className="copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input id={id} readOnly value={value} onFocus={(e) => e.currentTarget.select()} data-testid={testId} />
        <button
          type="button"
          onClick={async () => {
            setCopied((await copyText(value)) ? "yes" : "no");
            window.setTimeout(() => setCopied(""), 2500);
          }}
        >
          Copy
        </button>
      </div>
      <span className="copy-state" role="status" aria-live="polite">
        {copied === "yes" ? "Copied." : copied === "no" ? "Could not copy: select the text and copy it." : ""}
      </span>
    </div>
  );
}

export function QrCode({ text, label, size = 148 }: { text: string; label: string; size?: number }) {
  const [svg, setSvg] = useState<string>("");
  useEffect(() => {
    let live = true;
    QRCode.toString(text, { type: "svg", margin: 1, errorCorrectionLevel: "M", color: { dark: "#111820", light: "#ffffff" } })
      .then((markup) => {
        if (live) setSvg(markup);
      })
      .catch(() => setSvg(""));
    return () => {
      live = false;
    };
  }, [text]);
  return (
    <div
      className="qr"
      role="img"
      aria-label={label}
      style={{ width: size, height: size }}
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  );
}

// ---- layout ----------------------------------------------------------------------------------

export interface TabSpec {
  id: string;
  label: string;
  badge?: number | string | null;
}

/** Real buttons in a tablist; arrow keys move between tabs. */
export function Tabs({ tabs, current, onSelect, label }: { tabs: TabSpec[]; current: string; onSelect: (id: string) => void; label: string }) {
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const move = (delta: number) => {
    const index = tabs.findIndex((t) => t.id === current);
    const next = tabs[(index + delta + tabs.length) % tabs.length];
    onSelect(next.id);
    refs.current[next.id]?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          ref={(el) => {
            refs.current[tab.id] = el;
          }}
          type="button"
          role="tab"
          id={`tab-${tab.id}`}
          aria-selected={tab.id === current}
          aria-controls={`panel-${tab.id}`}
          tabIndex={tab.id === current ? 0 : -1}
          className={tab.id === current ? "tab current" : "tab"}
          onClick={() => onSelect(tab.id)}
          onKeyDown={(event) => {
            if (event.key === "ArrowRight") {
              event.preventDefault();
              move(1);
            } else if (event.key === "ArrowLeft") {
              event.preventDefault();
              move(-1);
            }
          }}
        >
          {tab.label}
          {tab.badge ? <span className="badge">{tab.badge}</span> : null}
        </button>
      ))}
    </div>
  );
}

export function TabPanel({ id, children }: { id: string; children: ReactNode }) {
  return (
    <section role="tabpanel" id={`panel-${id}`} aria-labelledby={`tab-${id}`} className="tab-panel" tabIndex={-1}>
      {children}
    </section>
  );
}

export function Loading({ text = "Loading the game…" }: { text?: string }) {
  return (
    <main className="page-message">
      <p role="status">{text}</p>
    </main>
  );
}

export function Problem({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="page-message">
      <h1>{title}</h1>
      <div role="alert">{children}</div>
    </main>
  );
}

/** A button that asks once more before doing something that cannot be undone. */
export function ConfirmButton({
  children,
  confirmText,
  onConfirm,
  disabled,
  className,
}: {
  children: ReactNode;
  confirmText: string;
  onConfirm: () => void;
  disabled?: boolean;
  className?: string;
}) {
  const [asking, setAsking] = useState(false);
  useEffect(() => {
    if (!asking) return;
    const timer = window.setTimeout(() => setAsking(false), 6000);
    return () => window.clearTimeout(timer);
  }, [asking]);
  if (asking) {
    return (
      <span className="confirm">
        <button
          type="button"
          className={`danger ${className ?? ""}`}
          autoFocus
          onClick={() => {
            setAsking(false);
            onConfirm();
          }}
          disabled={disabled}
        >
          {confirmText}
        </button>
        <button type="button" className="quiet" onClick={() => setAsking(false)}>
          Cancel
        </button>
      </span>
    );
  }
  return (
    <button type="button" className={className} onClick={() => setAsking(true)} disabled={disabled}>
      {children}
    </button>
  );
}

export function Section({ title, children, actions, id, className }: { title: ReactNode; children: ReactNode; actions?: ReactNode; id?: string; className?: string }) {
  return (
    <section className={`card ${className ?? ""}`} aria-labelledby={id} data-testid={id}>
      <div className="card-head">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}
