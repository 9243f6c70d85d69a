/** The clock settings form: per phase a duration (minutes, hours or days) and what the server
 * does when it passes. Used by the lobby's new game and the White Cell console. */

import { useId } from "react";
import { ON_EXPIRY_TEXT } from "../server/clock";
import type { ClockSettings, OnExpiry } from "../server/types";
import { phaseLabel } from "./format";
import { actionsFor, type ClockRow, durationText, type Unit } from "./clockSettings";

export function ClockFields({ rows, onChange }: { rows: ClockRow[]; onChange: (rows: ClockRow[]) => void }) {
  const base = useId();
  const update = (index: number, change: Partial<ClockRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...change } : row)));
  return (
    <div className="table-wrap">
      <table className="clock-table" data-testid="clock-settings">
        <thead>
          <tr>
            <th scope="col">Phase</th>
            <th scope="col">Lasts (empty: no deadline)</th>
            <th scope="col">When time is up</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const id = `${base}-${row.phase}`;
            return (
              <tr key={row.phase} data-phase={row.phase}>
                <th scope="row">{phaseLabel(row.phase)}</th>
                <td>
                  <span className="inline-form">
                    <label htmlFor={`${id}-amount`} className="visually-hidden">
                      Duration of the {phaseLabel(row.phase)} phase
                    </label>
                    <input id={`${id}-amount`} type="number" min={0} step="any" className="narrow" value={row.amount} onChange={(e) => update(index, { amount: e.target.value })} />
                    <label htmlFor={`${id}-unit`} className="visually-hidden">
                      Unit of the {phaseLabel(row.phase)} phase's duration
                    </label>
                    <select id={`${id}-unit`} value={row.unit} onChange={(e) => update(index, { unit: e.target.value as Unit })}>
                      <option value="minutes">minutes</option>
                      <option value="hours">hours</option>
                      <option value="days">days</option>
                    </select>
                  </span>
                </td>
                <td>
                  <label htmlFor={`${id}-action`} className="visually-hidden">
                    What the server does when the {phaseLabel(row.phase)} phase's time is up
                  </label>
                  <select id={`${id}-action`} value={row.on_expiry} onChange={(e) => update(index, { on_expiry: e.target.value as OnExpiry })}>
                    {actionsFor(row.phase).map((choice) => (
                      <option key={choice} value={choice}>
                        {choice === "alert" ? "Remind only (nothing happens by itself)" : ON_EXPIRY_TEXT[choice]}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The settings in words, for the pages that show them. */
export function clockSummary(clock: ClockSettings | null | undefined, phases: string[]): string {
  const timed = phases.filter((phase) => clock?.[phase]);
  if (!clock || timed.length === 0) return "No phase runs by the clock.";
  return timed.map((phase) => `${phaseLabel(phase)}: ${durationText(clock[phase].seconds)}, then ${(clock[phase].on_expiry === "alert" ? "a reminder" : ON_EXPIRY_TEXT[clock[phase].on_expiry] ?? clock[phase].on_expiry).toLowerCase()}`).join(" · ");
}
