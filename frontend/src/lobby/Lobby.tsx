/** The facilitator's lobby: scenarios, a new game with its seat links, and the games so far. */

import { useEffect, useId, useMemo, useState } from "react";
import { links } from "../route";
import { Api, errorText } from "../server/api";
import type { CreatedGame, GameSummary, ScenarioSummary } from "../server/types";
import { OpenRecordButton } from "../ui/OpenRecordButton";
import { SiteBar } from "../ui/SiteBar";
import { ErrorNote, useAction } from "../ui/actions";
import { dateTime, phaseLabel, seatName, seatNames } from "../ui/format";
import { SeatTag } from "../ui/seats";
import { CopyField, QrCode } from "../ui/sharing";
import { ClockFields } from "../ui/ClockSettings";
import { type ClockRow, DEFAULT_PHASES, phasesFrom, rowsFrom } from "../ui/clockSettings";
import { CompareGames } from "../branches/CompareGames";
import { ForkNote } from "../branches/FamilyTree";
import { familyOrder } from "../branches/tree";

function statusText(game: GameSummary): string {
  if (game.status === "setup") return "Setting up";
  if (game.status === "ended") return "Ended";
  return `Turn ${game.turn} · ${phaseLabel(game.phase)}`;
}

function CreatedLinks({ game, onDone }: { game: CreatedGame; onDone: () => void }) {
  return (
    <section className="card created" aria-labelledby="created-title" data-testid="seat-links">
      <div className="card-head">
        <h2 id="created-title">Join links for “{game.title}”</h2>
        <div className="button-row">
          <button type="button" className="quiet" onClick={() => window.print()}>
            Print
          </button>
          <button type="button" className="quiet" onClick={onDone}>
            Hide links
          </button>
        </div>
      </div>
      <p className="notice">
        <strong>These links are shown only now.</strong> Copy them, print them or let each team scan
        its code. Anyone with a link can play that seat. If a link goes astray, issue a new one in
        the White Cell console; the old one stops working.
      </p>
      <ul className="link-grid">
        {game.seats.map((seat) => (
          <li key={seat.role} className="link-card" data-role={seat.role}>
            <h3>
              <SeatTag view={null} role={seat.role} />
            </h3>
            <QrCode text={seat.join_url} label={`QR code of the join link for ${seatName(null, seat.role)}`} size={132} />
            <CopyField label={`Join link for ${seatName(null, seat.role)}`} value={seat.join_url} testId={`link-${seat.role}`} />
            <p className="print-url">{seat.join_url}</p>
          </li>
        ))}
        <li className="link-card" data-role="observer">
          <h3>
            <SeatTag view={null} role="observer" />
          </h3>
          <QrCode text={game.observer.join_url} label="QR code of the observer's link" size={132} />
          <CopyField label="Observer link (the public screen, read only)" value={game.observer.join_url} testId="link-observer" />
          <p className="print-url">{game.observer.join_url}</p>
        </li>
      </ul>
      <p className="button-row">
        <a className="button primary" href={links.control(game.id)}>
          Open the White Cell console
        </a>
        <a className="button" href={links.plenary(game.id)} target="_blank" rel="noreferrer">
          Open the plenary screen
        </a>
      </p>
    </section>
  );
}

export function Lobby() {
  const api = useMemo(() => new Api(), []);
  const [scenarios, setScenarios] = useState<ScenarioSummary[] | null>(null);
  const [games, setGames] = useState<GameSummary[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [scenario, setScenario] = useState("");
  const [title, setTitle] = useState("");
  const [created, setCreated] = useState<CreatedGame | null>(null);
  const create = useAction();
  const titleId = useId();
  const [clockRows, setClockRows] = useState<ClockRow[] | null>(null);

  const loadGames = async () => {
    try {
      setGames(await api.games());
    } catch (error) {
      setLoadError(errorText(error));
    }
  };

  useEffect(() => {
    api
      .scenarios()
      .then((list) => {
        setScenarios(list);
        setScenario((current) => current || (list[0]?.slug ?? ""));
      })
      .catch((error) => setLoadError(errorText(error)));
    void loadGames();
    // Once per API client: loadGames is recreated on every render.
  }, [api]);

  const chosen = scenarios?.find((s) => s.slug === scenario);
  const phases = chosen?.phases?.length ? chosen.phases : DEFAULT_PHASES;
  // The rows follow the scenario's phases; what was typed for a phase it keeps is kept.
  const rows = phases.map((phase) => clockRows?.find((row) => row.phase === phase) ?? rowsFrom([phase], null)[0]);

  const gamesSection = (
        <section className="card" aria-labelledby="your-games">
          <div className="card-head">
            <h2 id="your-games">Your games</h2>
            <button type="button" className="quiet" onClick={() => void loadGames()}>
              Refresh
            </button>
          </div>
          {games === null && !loadError && <p className="muted">Loading…</p>}
          {games?.length === 0 && <p className="muted">No games yet.</p>}
          {games && games.length > 0 && (
            <div className="table-wrap">
              <table className="games" data-testid="games">
                <thead>
                  <tr>
                    <th scope="col">Game</th>
                    <th scope="col">Scenario</th>
                    <th scope="col">Status</th>
                    <th scope="col">Created</th>
                    <th scope="col">
                      <span className="visually-hidden">Links</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {familyOrder(games).map(({ game, depth, parentTitle }) => (
                    <tr key={game.id} data-game={game.id} data-depth={depth}>
                      <th scope="row">
                        {depth > 0 && <span aria-hidden="true" style={{ marginInlineStart: `${(depth - 1) * 1.25}rem` }}>↳ </span>}
                        {game.title}
                        <ForkNote game={game} parentTitle={parentTitle} />
                        {game.origin === "unverified" && (
                          <span className="origin-unverified" title={game.origin_note}>
                            {" "}
                            (origin not verified)
                          </span>
                        )}
                      </th>
                      <td>{scenarios?.find((s) => s.slug === game.scenario)?.title ?? game.scenario}</td>
                      <td>
                        <span className={`status-pill status-${game.status}`}>{statusText(game)}</span>
                      </td>
                      <td>{dateTime(game.created_at)}</td>
                      <td className="row-links">
                        <a href={links.control(game.id)}>White Cell console</a>
                        <a href={links.plenary(game.id)}>Plenary screen</a>
                        {game.status !== "setup" && <a href={links.replay(game.id)}>Replay</a>}
                        {game.status === "ended" && (
                          <OpenRecordButton
                            className="quiet"
                            open={game.replay_open}
                            onOpen={async () => {
                              await api.command(game.id, { type: "open_record" });
                              await loadGames();
                            }}
                          />
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {games && <CompareGames games={games} />}
        </section>
  );

  return (
    <>
      <SiteBar />
      <main className="lobby">
        <h1 className="page-title">Games</h1>
        <ErrorNote error={loadError} />
        {created && <CreatedLinks game={created} onDone={() => setCreated(null)} />}

        {games && games.length > 0 && gamesSection}
        <section className="card" aria-labelledby="new-game">
          <div className="card-head">
            <h2 id="new-game">New game</h2>
          </div>
          <form
            onSubmit={async (event) => {
              event.preventDefault();
              const clock = phasesFrom(rows);
              const game = await create.run(async () => {
                if (typeof clock === "string") throw new Error(clock);
                return api.createGame(scenario, title.trim() || chosen?.title || "Game", clock);
              });
              if (game) {
                setCreated(game);
                setTitle("");
                setClockRows(null);
                void loadGames();
                window.scrollTo({ top: 0, behavior: "smooth" });
              }
            }}
          >
            <fieldset className="scenario-choice">
              <legend>Scenario</legend>
              {scenarios === null && !loadError && <p className="muted">Loading scenarios…</p>}
              {scenarios?.length === 0 && (
                <p className="muted">No scenarios are loaded. Run <code>manage.py loadscenarios</code>.</p>
              )}
              {scenarios?.map((s) => (
                <label key={s.slug} className={`scenario-option${s.slug === scenario ? " chosen" : ""}`}>
                  <input type="radio" name="scenario" value={s.slug} checked={s.slug === scenario} onChange={() => setScenario(s.slug)} />
                  <span className="scenario-text">
                    <span className="scenario-title">{s.title}</span>
                    <span className="scenario-meta">
                      {s.turns} turns · {seatNames(null, s.roles)}
                    </span>
                    <span className="scenario-summary">{s.summary}</span>
                  </span>
                </label>
              ))}
            </fieldset>
            <div className="field">
              <label htmlFor={titleId}>Title of this game</label>
              <input
                id={titleId}
                value={title}
                maxLength={200}
                onChange={(e) => setTitle(e.target.value)}
                placeholder={chosen ? `${chosen.title}, ${new Date().toLocaleDateString()}` : ""}
              />
              <span className="hint">Shown to every team and on the plenary screen.</span>
            </div>
            <details className="clock-settings" data-testid="new-game-clock">
              <summary>Turns that run by the clock (remote play over hours or days)</summary>
              <p className="hint">
                Give a phase a duration and each time it opens the server sets its deadline; when the time is up it does
                what you choose, with no browser open. Leave a phase empty to run it by hand. You can change this later in
                the White Cell console.
              </p>
              <ClockFields rows={rows} onChange={setClockRows} />
            </details>
            <ErrorNote error={create.error} />
            <button type="submit" className="primary" disabled={create.busy || !scenario}>
              {create.busy ? "Creating…" : "Create game"}
            </button>
          </form>
        </section>

        {!(games && games.length > 0) && gamesSection}
        <ImportGame api={api} onImported={() => void loadGames()} />
      </main>
    </>
  );
}

/** Upload an exported game record (.jsonl) as a new game of this facilitator's. */
function ImportGame({ api, onImported }: { api: Api; onImported: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [unverified, setUnverified] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const upload = useAction();
  const fileId = useId();
  return (
    <section className="card" aria-labelledby="import-game">
      <div className="card-head">
        <h2 id="import-game">Import a game record</h2>
      </div>
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          if (!file) return;
          setDone(null);
          const game = await upload.run(() => api.importGame(file, unverified));
          if (game) {
            setDone(`Imported “${game.title}”${game.origin === "unverified" ? " (origin not verified)" : ""}.`);
            onImported();
          }
        }}
      >
        <div className="field">
          <label htmlFor={fileId}>Exported log (.jsonl)</label>
          <input id={fileId} type="file" accept=".jsonl,application/jsonl" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <label>
          <input type="checkbox" checked={unverified} onChange={(e) => setUnverified(e.target.checked)} /> Accept a record
          whose signature this server does not trust (it is marked “origin not verified”)
        </label>
        <ErrorNote error={upload.error} />
        {done && <p role="status">{done}</p>}
        <button type="submit" disabled={upload.busy || !file}>
          {upload.busy ? "Importing…" : "Import"}
        </button>
      </form>
    </section>
  );
}
