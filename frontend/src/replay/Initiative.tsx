/** The Initiative tab: per seat and turn, moves that opened against moves that answered,
 * leverage held against used, public against secret, time to lock the orders (GET /initiative/
 * from the chair shown), as a chart and a table, beside the scenario's initiative indicator. */

import { useEffect, useMemo, useState } from "react";
import { Api, errorText } from "../server/api";
import { ErrorNote } from "../ui/actions";
import { duration, initiativeSpec, type InitiativeTable } from "./initiativeSpec";
import { VegaView } from "./VegaView";

export function InitiativePanel({ api, gameId, chair, seq }: { api: Api; gameId: string; chair: string; seq: number }) {
  const [table, setTable] = useState<InitiativeTable | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let stopped = false;
    setError(null);
    api
      .request<InitiativeTable>("GET", `/api/games/${encodeURIComponent(gameId)}/initiative/?as=${encodeURIComponent(chair)}`)
      .then((found) => !stopped && setTable(found))
      .catch((failure) => !stopped && setError(errorText(failure)));
    return () => {
      stopped = true;
    };
  }, [api, gameId, chair, seq]);
  const spec = useMemo(() => (table ? initiativeSpec(table) : null), [table]);
  if (error) return <ErrorNote error={error} />;
  if (!table || !spec) return <p className="muted">Loading…</p>;
  if (table.rows.length === 0) return <p className="muted">No orders phase yet: initiative is counted from the first turn's orders.</p>;
  const names = Object.fromEntries(table.seats.map((s) => [s.role, s.name]));
  return (
    <div className="initiative" data-testid="initiative">
      <p className="hint">
        A move <strong>answers</strong> a seat when it targets a seat whose move of the turn before was known to all when the orders opened; every other move{" "}
        <strong>opens</strong>. Leverage: the seat's catalog actions available as the orders opened, against those it used. As of seq {table.seq}, from this chair.
      </p>
      {/* Wider than a phone: it scrolls sideways, and the keyboard can scroll it too. */}
      <div className="initiative-chart" tabIndex={0} role="region" aria-label="Initiative chart (scrolls sideways)">
        <VegaView spec={spec} label="Initiative per seat and turn, with the scenario's initiative indicator" testId="initiative-chart" />
      </div>
      <p className="small muted" data-testid="initiative-indicator">
        {table.indicator ? `${table.indicator.name}: ${table.indicator.note}.` : `Initiative indicator: ${table.indicator_note}.`}
      </p>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="Initiative table (scrolls sideways)">
        <table className="initiative-table">
          <caption className="visually-hidden">Initiative per seat and turn</caption>
          <thead>
            <tr>
              <th scope="col">Turn</th>
              <th scope="col">Seat</th>
              <th scope="col">Opened</th>
              <th scope="col">Answered</th>
              <th scope="col">Public / secret</th>
              <th scope="col">Leverage used / held</th>
              <th scope="col">Time to lock</th>
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr key={`${row.turn}-${row.seat}`} data-testid={`initiative-${row.seat}-${row.turn}`}>
                <th scope="row">{row.turn}</th>
                <td>{row.team}</td>
                <td>{row.opened}</td>
                <td>
                  {row.answered}
                  {row.answered_seats.length > 0 && <span className="muted small"> ({row.answered_seats.map((s) => names[s] ?? s).join(", ")})</span>}
                  {row.undisclosed > 0 && <span className="muted small"> · {row.undisclosed} sealed</span>}
                </td>
                <td>
                  {row.public} / {row.secret}
                </td>
                <td>
                  {row.leverage_used} / {row.leverage_held ?? "—"}
                </td>
                <td>
                  {duration(row.lock_seconds)}
                  {row.locked_by === "white_cell" && <span className="muted small"> (deadline)</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
