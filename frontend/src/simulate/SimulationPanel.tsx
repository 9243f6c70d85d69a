/** The Simulations tab: simulated iterations of the rest of the game from the replay's seq. Starts a
 * simulation (task workers play it), shows its progress as a bar (pushed over the simulation's
 * socket, polled if that fails), and charts its results with Vega-Lite. Shown to the White Cell,
 * or to anyone once the record is open. */

import { useEffect, useMemo, useState } from "react";
import type { Api } from "../server/api";
import { errorText } from "../server/api";
import { Chart } from "./Chart";
import { cancelSimulation, openRun, simulation, startSimulation, type Simulation } from "./api";
import { ErrorNote, useAction } from "../ui/actions";
import { links } from "../route";
import { compareLink } from "../branches/api";
import type { CreatedGame } from "../server/types";
import { followSimulation, simulationSocketUrl } from "./follow";
import { indicatorSpec, objectivesSpec } from "./specs";

const POLL_MS = 1000;

export function SimulationPanel({ api, gameId, seq }: { api: Api; gameId: string; seq: number }) {
  const [runs, setRuns] = useState(200);
  const [current, setCurrent] = useState<Simulation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const running = current?.status === "running";
  const id = current?.id ?? null;
  // Progress comes over the simulation's socket; should it fail, the page polls the API.
  const [polling, setPolling] = useState(false);
  useEffect(() => {
    if (!id || !running || polling) return;
    return followSimulation({
      url: simulationSocketUrl(window.location, id, api.token),
      onSimulation: setCurrent,
      onLost: () => setPolling(true),
    });
  }, [api, id, running, polling]);
  useEffect(() => {
    if (!id || !running || !polling) return;
    let stopped = false;
    const timer = window.setInterval(() => {
      simulation(api, id).then(
        (next) => !stopped && setCurrent(next),
        (failure) => !stopped && setError(errorText(failure)),
      );
    }, POLL_MS);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [api, id, running, polling]);

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      setPolling(false);
      setCurrent(await startSimulation(api, gameId, { runs, from_seq: seq }));
    } catch (failure) {
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };
  const cancel = async () => {
    if (!id) return;
    try {
      setCurrent(await cancelSimulation(api, id));
    } catch (failure) {
      setError(errorText(failure));
    }
  };

  return (
    <div className="simulation-panel">
      <p>
        Play the rest of the game from seq {seq} many times, bots in every seat (each seat's doctrines in turn), the
        White Cell rolling every move at its proposed odds.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void start();
        }}
      >
        <label>
          Runs{" "}
          <input type="number" className="narrow" min={1} max={10000} value={runs} onChange={(event) => setRuns(Number(event.target.value))} />
        </label>{" "}
        <button type="submit" disabled={busy || running}>
          Simulate from here
        </button>{" "}
        {running && (
          <button type="button" onClick={() => void cancel()}>
            Cancel
          </button>
        )}
      </form>
      {error && <p role="alert">{error}</p>}
      {current && <Progress simulation={current} />}
      {current?.results && <Results simulation={current} />}
      {current?.results && <OpenRun api={api} gameId={gameId} simulation={current} />}
    </div>
  );
}

export function Progress({ simulation: run }: { simulation: Simulation }) {
  const { runs_done, chunks, chunks_done } = run.progress;
  return (
    <p className="simulation-progress">
      <label>
        {run.status === "running" ? "Simulating" : `Simulation ${run.status}`}: {runs_done} of {run.runs} runs ({chunks_done}/
        {chunks} chunks){" "}
        <progress value={runs_done} max={run.runs} aria-label="Runs done" />
      </label>
      {run.error && <span role="alert"> {run.error}</span>}
    </p>
  );
}

/** Any run opens as a full game: played again from its seed as a branch at the simulation's seq. */
function OpenRun({ api, gameId, simulation: run }: { api: Api; gameId: string; simulation: Simulation }) {
  const [index, setIndex] = useState(0);
  const [opened, setOpened] = useState<{ index: number; game: CreatedGame } | null>(null);
  const action = useAction();
  return (
    <form
      className="simulation-open-run"
      onSubmit={async (event) => {
        event.preventDefault();
        const game = await action.run(() => openRun(api, run.id, index));
        if (game) setOpened({ index, game });
      }}
    >
      <label>
        Open run{" "}
        <input type="number" className="narrow" min={0} max={run.runs - 1} value={index} onChange={(event) => setIndex(Number(event.target.value))} />
      </label>{" "}
      <button type="submit" disabled={action.busy}>
        {action.busy ? "Playing it again…" : "Open this run as a game"}
      </button>
      <ErrorNote error={action.error} />
      {opened && (
        <p className="button-row" data-testid="opened-run">
          Run {opened.index} is now the game “{opened.game.title}”.{" "}
          <a className="button" href={links.replay(opened.game.id)}>
            Replay run {opened.index}
          </a>{" "}
          <a className="button" href={compareLink([gameId, opened.game.id], null)}>
            Compare it with this game
          </a>
        </p>
      )}
    </form>
  );
}

export function Results({ simulation: run }: { simulation: Simulation }) {
  const results = run.results;
  const objectives = useMemo(() => (results ? objectivesSpec(results) : null), [results]);
  const indicators = useMemo(
    () => (results ? results.indicators.map((i) => ({ id: i.id, name: i.name, spec: indicatorSpec(results, i.id), real: i.real })) : []),
    [results],
  );
  if (!results || !objectives) return null;
  return (
    <div className="simulation-results">
      <h3>Objectives met in {results.runs} runs</h3>
      <Chart spec={objectives} label="Share of runs in which each objective was met, with 95% intervals" />
      <h3>Indicators, turn by turn (median, middle half, range)</h3>
      {indicators.map(
        (entry) =>
          entry.spec && (
            <figure key={entry.id}>
              <Chart spec={entry.spec} label={`${entry.name}: spread of the runs by turn`} />
              {entry.real && (
                <figcaption>
                  This game: {entry.real.value}, percentile {entry.real.percentile} of the runs.
                </figcaption>
              )}
            </figure>
          ),
      )}
      <p>
        Seed {run.seed}: run i was played with the seed {run.seed} × 100003 + i.
      </p>
    </div>
  );
}
