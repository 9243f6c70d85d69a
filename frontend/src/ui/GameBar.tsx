/** The band at the top of every game page: connection, countdown, phase steps. */

import type { ReactNode } from "react";
import { clockState, clockText, deadlineOf, useServerNow } from "../server/clock";
import type { ConnectionStatus } from "../server/socket";
import type { GameInfo, View } from "../server/types";
import { clockTime, dateTime, gameStatusText, phaseLabel } from "./format";
import { useNow } from "./hooks";

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
        {state.kind === "paused" ? "Clock stopped" : state.kind === "expired" ? "Deadline" : large ? "Time left" : `Deadline ${state.seconds > 20 * 3600 ? dateTime(state.at) : clockTime(state.at)}`}
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
    <section className="game-bar" aria-label="The game">
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
    </section>
  );
}
