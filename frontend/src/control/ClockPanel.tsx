/** The White Cell's clock settings for this game: how long each phase lasts and what the server
 * does when it passes. Set before or during the game; they apply to each phase as it opens. */

import { useState } from "react";
import type { Send } from "../server/commands.gen";
import type { View } from "../server/types";
import { ClockFields, clockSummary } from "../ui/ClockSettings";
import { ErrorNote, useAction } from "../ui/actions";
import { type ClockRow, phasesFrom, rowsFrom } from "../ui/clockSettings";
import { Section } from "../ui/layout";

export function ClockPanel({ view, send }: { view: View; send: Send }) {
  const game = view.game;
  const save = useAction();
  const [rows, setRows] = useState<ClockRow[] | null>(null);
  const shown = rows ?? rowsFrom(game.phases, game.clock);
  const [saved, setSaved] = useState(false);
  if (game.status === "ended") return null;
  return (
    <Section title="Clock settings" id="clock-title">
      <p data-testid="clock-summary">{clockSummary(game.clock, game.phases)}</p>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setSaved(false);
          const phases = phasesFrom(shown);
          const done = await save.run(async () => {
            if (typeof phases === "string") throw new Error(phases);
            return send({ type: "set_clock", phases });
          });
          if (done !== undefined) {
            setRows(null);
            setSaved(true);
          }
        }}
      >
        <p className="hint">
          Each phase given a duration opens with its deadline, and when the time is up the server acts with no browser
          open (as “Server clock” in the record). New settings apply from the next phase that opens; the deadline of the
          phase under way is changed above.
        </p>
        <ClockFields
          rows={shown}
          onChange={(next) => {
            setSaved(false);
            setRows(next);
          }}
        />
        <ErrorNote error={save.error} />
        {saved && <p role="status">Clock settings saved.</p>}
        <div className="button-row">
          <button type="submit" disabled={save.busy || rows === null}>
            Save the clock settings
          </button>
          {rows !== null && (
            <button type="button" className="quiet" onClick={() => setRows(null)}>
              Undo changes
            </button>
          )}
        </div>
      </form>
    </Section>
  );
}
