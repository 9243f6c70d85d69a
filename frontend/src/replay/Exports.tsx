/** The record outside the page: downloads from the chair shown, and the log's head hash. */

import { useEffect, useState } from "react";
import { Api } from "../server/api";
import type { GameSummary, View } from "../server/types";
import { ErrorNote, useAction } from "../ui/actions";
import { chairPossessive } from "./position";

export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.rel = "noopener";
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function Exports({ api, gameId, chair, ownRole, head }: { api: Api; gameId: string; chair: string; ownRole: string; head: View }) {
  const action = useAction();
  const base = `/api/games/${encodeURIComponent(gameId)}`;
  const as = chair !== ownRole ? `&as=${encodeURIComponent(chair)}` : "";
  const items: { label: string; path: string; filename: string; control?: boolean; open?: boolean }[] = [
    { label: "Report (HTML)", path: `${base}/report/?format=html${as}`, filename: `report-${gameId}.html`, open: true },
    { label: "Report (Markdown)", path: `${base}/report/?format=md${as}`, filename: `report-${gameId}.md` },
    { label: "Indicators (CSV)", path: `${base}/indicators/${as ? "?" + as.slice(1) : ""}`, filename: `indicators-${gameId}.csv` },
    { label: "Dataset (CSV tables, zip)", path: `${base}/dataset/${as ? "?" + as.slice(1) : ""}`, filename: `dataset-${gameId}.zip` },
    { label: "Event log (JSON Lines)", path: `${base}/export/`, filename: `game-${gameId}.jsonl`, control: true },
  ];
  // The event log holds the seed of the game's dice: the server gives it out once the game has ended.
  const ended = head.game.status === "ended";
  const shown = items.filter((i) => !i.control || (ownRole === "control" && ended));
  return (
    <div className="exports" data-testid="exports">
      <span className="exports-label">Exports</span>
      {shown.map((item) =>
        api.token ? (
          <button
            key={item.label}
            type="button"
            className="link-button"
            disabled={action.busy}
            onClick={() =>
              void action.run(async () => {
                const { blob, filename } = await api.download(item.path);
                saveBlob(blob, filename ?? item.filename);
              })
            }
          >
            {item.label}
          </button>
        ) : (
          <a
            key={item.label}
            href={item.path}
            {...(item.open ? { target: "_blank", rel: "noreferrer" } : { download: item.filename })}
          >
            {item.label}
          </a>
        ),
      )}
      <span className="hint">
        {chairPossessive(head, chair)} record as it stands now
        {ownRole === "control" ? (ended ? "; the event log is the whole game" : "; the event log can be exported once the game has ended") : ""}.
      </span>
      <ErrorNote error={action.error} />
    </div>
  );
}

/** The log's head hash (to anchor the record outside the server) and, for an import that no
 * trusted key signed, "origin not verified". */
export function LogRecord({ api, gameId, seq }: { api: Api; gameId: string; seq: number }) {
  const [game, setGame] = useState<GameSummary | null>(null);
  useEffect(() => {
    api.game(gameId).then(setGame, () => setGame(null));
  }, [api, gameId, seq]);
  if (!game?.head_hash) return null;
  return (
    <span className="muted small log-record" data-testid="log-record">
      {game.origin === "unverified" && <strong title={game.origin_note}>Origin not verified. </strong>}
      Log head: seq {game.seq}, hash <code className="hash">{game.head_hash}</code>
    </span>
  );
}
