/** The White Cell's adjudicators: named people with links of their own (shown once), the
 * blind estimates of the turn's moves (who has answered; the spread once all have), and
 * after the game each adjudicator's calibration. */

import { useCallback, useEffect, useId, useState } from "react";
import type { Api } from "../server/api";
import type { EstimateRound, View } from "../server/types";
import { ConfirmButton, ErrorNote, useAction } from "../ui/actions";
import { seatName } from "../ui/format";
import { Section } from "../ui/layout";
import { CopyField } from "../ui/sharing";
import { adjudicators, type AdjudicatorLink, type AdjudicatorRow, type Calibration } from "./api";
import "./hotwash.css";

/** One move's round of estimates in words, as everyone who may see it is shown it. */
export function Spread({ round, names }: { round: EstimateRound; names: Record<string, string> }) {
  if (round.spread) {
    return (
      <span data-testid="estimate-spread">
        {round.estimates.map((e) => `${e.name} ${e.probability}%`).join(", ")} · spread {round.spread.min}–{round.spread.max}
      </span>
    );
  }
  const waiting = Object.keys(names).filter((id) => !round.answered.includes(id));
  return (
    <span data-testid="estimate-waiting">
      {round.answered.length} answered
      {waiting.length ? `; waiting for ${waiting.map((id) => names[id]).join(", ")}` : ""}
    </span>
  );
}

export function AdjudicatorsControl({ view, api, gameId }: { view: View; api: Api; gameId: string }) {
  const nameId = useId();
  const [rows, setRows] = useState<AdjudicatorRow[] | null>(null);
  const [links, setLinks] = useState<Record<string, AdjudicatorLink>>({});
  const [name, setName] = useState("");
  const [calibration, setCalibration] = useState<Calibration | null>(null);
  const load = useAction();
  const act = useAction();
  const reload = useCallback(() => load.run(async () => setRows(await adjudicators.list(api, gameId))), [api, gameId, load.run]);
  useEffect(() => {
    void reload();
  }, [reload, view.seq]);
  const ended = view.game.status === "ended";
  useEffect(() => {
    if (ended) void adjudicators.calibration(api, gameId).then(setCalibration, () => setCalibration(null));
  }, [api, gameId, ended, view.seq]);
  const estimates = view.estimates;
  const names = Object.fromEntries((estimates?.adjudicators ?? []).filter((a) => a.active).map((a) => [a.id, a.name]));
  const rounds = Object.entries(estimates?.moves ?? {});
  return (
    <Section title="Adjudicators" id="adjudicators-title">
      <p className="hint">
        Each adjudicator gets a link of their own that opens only the estimates: they give a probability for each move
        before seeing the others'. The spread shows here once all have answered; the probability you set records every
        estimate.
      </p>
      <form
        className="member-form"
        onSubmit={(event) => {
          event.preventDefault();
          void act.run(async () => {
            const link = await adjudicators.add(api, gameId, name.trim());
            setLinks((current) => ({ ...current, [link.id]: link }));
            setName("");
            await reload();
          });
        }}
      >
        <label htmlFor={nameId}>Adjudicator's name</label>
        <input id={nameId} value={name} maxLength={80} autoComplete="off" onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={act.busy || !name.trim()}>
          Add adjudicator and issue a link
        </button>
      </form>
      <ErrorNote error={act.error ?? load.error} />
      <ul className="adjudicators" data-testid="adjudicators">
        {(rows ?? []).map((row) => (
          <li key={row.id}>
            <strong>{row.name}</strong>{" "}
            <button
              type="button"
              className="link-button"
              onClick={() =>
                void act.run(async () => {
                  const link = await adjudicators.newLink(api, gameId, row.id);
                  setLinks((current) => ({ ...current, [link.id]: link }));
                })
              }
            >
              new link
            </button>{" "}
            <ConfirmButton className="link-button" confirmText={`Remove ${row.name}?`} onConfirm={() => void act.run(() => adjudicators.remove(api, gameId, row.id).then(reload))}>
              remove
            </ConfirmButton>
            {links[row.id] && <CopyField label={`${row.name}'s own link (shown once)`} value={links[row.id].join_url} testId={`adjudicator-link-${row.id}`} />}
          </li>
        ))}
      </ul>
      {rounds.length > 0 && (
        <table className="estimates-table" data-testid="estimates-table">
          <caption>Blind estimates</caption>
          <thead>
            <tr>
              <th scope="col">Move</th>
              <th scope="col">Estimates</th>
            </tr>
          </thead>
          <tbody>
            {rounds.map(([moveId, round]) => {
              const move = view.moves.find((m) => m.id === moveId);
              return (
                <tr key={moveId}>
                  <td>
                    {move ? `${seatName(view, move.seat)}: ${move.argument?.action ?? move.action_name ?? moveId}` : moveId}
                  </td>
                  <td>
                    <Spread round={round} names={names} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {calibration && calibration.adjudicators.length > 0 && <CalibrationTable calibration={calibration} />}
    </Section>
  );
}

export function CalibrationTable({ calibration }: { calibration: Calibration }) {
  return (
    <>
      <table className="estimates-table" data-testid="calibration">
        <caption>Calibration: Brier score against what happened (0 is perfect; always saying 50% scores 0.25)</caption>
        <thead>
          <tr>
            <th scope="col">Adjudicator</th>
            <th scope="col">Estimates</th>
            <th scope="col">Brier score</th>
          </tr>
        </thead>
        <tbody>
          {calibration.adjudicators.map((row) => (
            <tr key={row.adjudicator}>
              <td>{row.name}</td>
              <td>{row.scored} of {row.estimates} scored</td>
              <td>{row.brier === null ? "—" : row.brier.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {calibration.disagreements.length > 0 && (
        <>
          <h3>Where they disagreed most</h3>
          <ul data-testid="disagreements">
            {calibration.disagreements.map((d) => (
              <li key={d.move_id}>
                {d.action_name ?? d.move_id} (turn {d.turn}): {d.estimates.map((e) => `${e.name} ${e.probability}%`).join(", ")}; outcome{" "}
                {d.outcome ?? "none"}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
