/**
 * The comparison of two or more games of one scenario (branches of a game, or separate games),
 * all from one chair: indicator trajectories overlaid (Vega-Lite through vega-embed), the
 * decisions of each turn side by side with what followed, and the objectives met.
 *
 * Every game is read as ``GET /state/?as=CHAIR``, with the same access rules as the replay: a
 * game the caller may not see from that chair is shown as refused, never guessed at.
 */

import { Fragment, useEffect, useMemo, useRef, useState } from "react";
import { Api, errorText } from "../server/api";
import { ErrorNote } from "../ui/actions";
import { SeatTag } from "../ui/seats";
import { seatName } from "../ui/format";
import { SiteBar } from "../ui/SiteBar";
import { links } from "../route";
import type { View } from "../server/types";
import { decisions, followed, labels, trajectories, trajectorySpec, type Compared } from "./spec";

export function compareParams(search: string): { games: string[]; chair: string | null } {
  const params = new URLSearchParams(search);
  const games = (params.get("games") ?? "")
    .split(",")
    .map((id) => id.trim())
    .filter(Boolean);
  return { games: [...new Set(games)], chair: params.get("as") || null };
}

function TrajectoryChart({ games }: { games: Compared[] }) {
  const box = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const spec = useMemo(() => trajectorySpec(trajectories(games)), [games]);
  useEffect(() => {
    let finalize: (() => void) | null = null;
    let stopped = false;
    // Loaded only on this page: the charting library is large.
    import("vega-embed")
      .then(({ default: embed }) => {
        if (stopped || !box.current) return;
        // ast + the interpreter: no expression is compiled with eval, as the CSP requires.
        return embed(box.current, spec as never, { ast: true, actions: false, renderer: "svg", tooltip: false, defaultStyle: false }).then(
          (result) => {
            if (stopped) result.finalize();
            else {
              finalize = () => result.finalize();
              box.current?.setAttribute("data-drawn", "true");
            }
          },
        );
      })
      .catch((failure) => setError(errorText(failure)));
    return () => {
      stopped = true;
      finalize?.();
    };
  }, [spec]);
  return (
    <figure className="compare-chart">
      <div ref={box} data-testid="compare-chart" role="img" aria-label="Indicator trajectories, one line per game, turn by turn" />
      <figcaption className="muted small">Each indicator's value at the end of each turn (turn 0: the start).</figcaption>
      <ErrorNote error={error} />
    </figure>
  );
}

function Decisions({ games }: { games: Compared[] }) {
  const rows = decisions(games);
  const view = games[0].view;
  if (rows.length === 0) return <p className="muted">No moves yet in these games that this chair can see.</p>;
  const turns = [...new Set(rows.map((r) => r.turn))];
  return (
    <div className="table-wrap">
      <table className="compare-decisions" data-testid="compare-decisions">
        <thead>
          <tr>
            <th scope="col">Turn</th>
            <th scope="col">Seat</th>
            {games.map((g) => (
              <th scope="col" key={g.id}>
                {g.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {turns.map((turn) => (
            <Fragment key={turn}>
              {rows
                .filter((r) => r.turn === turn)
                .map((row) => (
                  <tr key={`${turn}-${row.seat}`} className={row.differs ? "differs" : undefined}>
                    <th scope="row">{turn}</th>
                    <td>
                      <SeatTag view={view} role={row.seat} />
                      {row.differs && <span className="tag tag-differs">differs</span>}
                    </td>
                    {row.moves.map((list, i) => (
                      <td key={games[i].id}>{list.length ? list.join("; ") : <span className="muted">no move</span>}</td>
                    ))}
                  </tr>
                ))}
              <tr className="followed">
                <th scope="row">{turn}</th>
                <td>What followed</td>
                {followed(games, turn).map((text, i) => (
                  <td key={games[i].id} className="small">
                    {text}
                  </td>
                ))}
              </tr>
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Objectives({ games }: { games: Compared[] }) {
  const seats = games[0].view.seats;
  return (
    <div className="table-wrap">
      <table className="compare-objectives" data-testid="compare-objectives">
        <thead>
          <tr>
            <th scope="col">Seat</th>
            {games.map((g) => (
              <th scope="col" key={g.id}>
                {g.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {seats.map((seat) => (
            <tr key={seat.role}>
              <th scope="row">
                <SeatTag view={games[0].view} role={seat.role} />
              </th>
              {games.map(({ id, view }) => {
                const score = view.scores?.[seat.role];
                if (!score) return <td key={id} className="muted">{view.game.status === "ended" ? "not shown to this chair" : "scored at the end"}</td>;
                const met = score.objectives.filter((o) => o.met);
                return (
                  <td key={id}>
                    <strong>
                      {score.points}/{score.max}
                    </strong>
                    {met.length > 0 && <span className="small"> · met: {met.map((o) => o.text).join("; ")}</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function Compare({ search = typeof window !== "undefined" ? window.location.search : "" }: { search?: string }) {
  const api = useMemo(() => new Api(), []);
  const params = useMemo(() => compareParams(search), [search]);
  const [chair, setChair] = useState<string | null>(params.chair);
  const [loaded, setLoaded] = useState<{ games: Compared[]; refused: { id: string; error: string }[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    document.title = "Compare games · Wargame";
    if (params.games.length < 2) {
      setError("Choose two or more games to compare (the lobby's “Compare” or a replay's family tree).");
      return;
    }
    let stopped = false;
    setLoaded(null);
    Promise.allSettled(params.games.map((id) => api.stateAt(id, null, chair))).then((results) => {
      if (stopped) return;
      const views: { id: string; view: View }[] = [];
      const refused: { id: string; error: string }[] = [];
      results.forEach((result, i) => {
        if (result.status === "fulfilled") views.push({ id: params.games[i], view: result.value.view });
        else refused.push({ id: params.games[i], error: errorText(result.reason) });
      });
      const names = labels(views.map((v) => v.view.game.title));
      setLoaded({ games: views.map((v, i) => ({ ...v, label: names[i] })), refused });
    });
    if (typeof window !== "undefined" && chair) {
      const query = new URLSearchParams({ games: params.games.join(","), as: chair });
      window.history.replaceState(window.history.state ?? null, "", `/compare/?${query.toString()}`);
    }
    return () => {
      stopped = true;
    };
  }, [api, params, chair]);

  const games = loaded?.games ?? [];
  const scenarios = new Set(games.map((g) => g.view.scenario.slug));
  const first = games[0]?.view;
  const chairs = first ? [...first.seats.map((s) => s.role), "observer", "control"] : [];
  const shownChair = chair ?? first?.role ?? null;

  return (
    <>
      <SiteBar />
      <main className="compare">
        <h1 className="page-title">Compare games</h1>
        <ErrorNote error={error} />
        {loaded === null && !error && <p className="muted">Loading…</p>}
        {loaded?.refused.map((r) => (
          <p key={r.id} className="error-note" role="alert">
            Game {r.id} cannot be shown from this chair: {r.error}
          </p>
        ))}
        {first && (
          <section className="card" aria-labelledby="compare-what">
            <h2 id="compare-what">{first.scenario.title}</h2>
            <ul className="compare-games">
              {games.map((g) => (
                <li key={g.id}>
                  <a href={links.replay(g.id)}>{g.label}</a>
                  {g.view.game.branch && (
                    <span className="muted small">
                      {" "}
                      · what-if from seq {g.view.game.branch.from_seq} of “{g.view.game.branch.parent_title}”
                    </span>
                  )}
                  <span className="muted small"> · turn {g.view.game.turn}, {g.view.game.status}</span>
                </li>
              ))}
            </ul>
            <div className="field">
              <label htmlFor="compare-chair">Compare from the chair of</label>
              <select id="compare-chair" value={shownChair ?? ""} onChange={(e) => setChair(e.target.value)}>
                {chairs.map((role) => (
                  <option key={role} value={role}>
                    {role === "control" ? "the White Cell (everything)" : role === "observer" ? "the observer (public)" : seatName(first, role)}
                  </option>
                ))}
              </select>
              <span className="hint">Each game shows only what this chair may see of it.</span>
            </div>
          </section>
        )}
        {scenarios.size > 1 && (
          <p className="error-note" role="alert">
            These games are of different scenarios ({[...scenarios].join(", ")}): only games of one scenario can be compared.
          </p>
        )}
        {games.length >= 2 && scenarios.size === 1 && (
          <>
            <section className="card" aria-labelledby="compare-indicators">
              <h2 id="compare-indicators">Indicators</h2>
              <TrajectoryChart games={games} />
            </section>
            <section className="card" aria-labelledby="compare-turns">
              <h2 id="compare-turns">Decisions, turn by turn</h2>
              <Decisions games={games} />
            </section>
            <section className="card" aria-labelledby="compare-objectives">
              <h2 id="compare-objectives">Objectives met</h2>
              <Objectives games={games} />
            </section>
          </>
        )}
      </main>
    </>
  );
}
