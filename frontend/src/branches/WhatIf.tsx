/** "Play a what-if from here": start a branch at the replay's seq, then show its links. */

import { useId, useState } from "react";
import type { Api } from "../server/api";
import { ErrorNote, useAction } from "../ui/actions";
import { SeatTag } from "../ui/seats";
import { CopyField } from "../ui/sharing";
import { seatName } from "../ui/format";
import { links } from "../route";
import type { CreatedGame } from "../server/types";
import { compareLink, createBranch } from "./api";

export function WhatIf({ api, gameId, seq, title, chair }: { api: Api; gameId: string; seq: number; title: string; chair: string | null }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState("");
  const [keepDice, setKeepDice] = useState(false);
  const [created, setCreated] = useState<CreatedGame | null>(null);
  const action = useAction();
  const titleId = useId();
  const headingId = useId();
  if (created) {
    return (
      <section className="card what-if" aria-labelledby={headingId} data-testid="branch-links">
        <h2 id={headingId}>What-if “{created.title}” starts at seq {created.fork_seq}</h2>
        <p className="notice">
          <strong>These links are shown only now.</strong> Each team plays the branch with its own link.
        </p>
        <ul className="link-grid">
          {created.seats.map((seat) => (
            <li key={seat.role} className="link-card" data-role={seat.role}>
              <SeatTag view={null} role={seat.role} />
              <CopyField label={`Join link for ${seatName(null, seat.role)}`} value={seat.join_url} testId={`branch-link-${seat.role}`} />
            </li>
          ))}
          <li className="link-card" data-role="observer">
            <CopyField label="Observer link (the public screen)" value={created.observer.join_url} testId="branch-link-observer" />
          </li>
        </ul>
        <p className="button-row">
          <a className="button primary" href={links.control(created.id)}>
            Open the branch’s White Cell console
          </a>
          <a className="button" href={compareLink([gameId, created.id], chair)}>
            Compare with this game
          </a>
          <button type="button" className="quiet" onClick={() => setCreated(null)}>
            Hide links
          </button>
        </p>
      </section>
    );
  }
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} data-testid="what-if">
        Play a what-if from here
      </button>
    );
  }
  return (
    <form
      className="card what-if"
      aria-labelledby={headingId}
      onSubmit={async (event) => {
        event.preventDefault();
        const branch = await action.run(() => createBranch(api, gameId, seq, name.trim() || `${title}: what if (seq ${seq})`, keepDice));
        if (branch) {
          setCreated(branch);
          setOpen(false);
        }
      }}
    >
      <h2 id={headingId}>A what-if from seq {seq}</h2>
      <p className="hint">A new game starts from this game exactly as it stood at seq {seq}, with its own seat links.</p>
      <div className="field">
        <label htmlFor={titleId}>Title of the what-if</label>
        <input id={titleId} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} placeholder={`${title}: what if (seq ${seq})`} />
      </div>
      <label>
        <input type="checkbox" checked={keepDice} onChange={(e) => setKeepDice(e.target.checked)} /> Keep this game’s dice (the same luck, to
        compare decisions); otherwise the branch rolls fresh dice
      </label>
      <ErrorNote error={action.error} />
      <p className="button-row">
        <button type="submit" className="primary" disabled={action.busy}>
          {action.busy ? "Starting…" : "Start the what-if"}
        </button>
        <button type="button" className="quiet" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </p>
    </form>
  );
}
