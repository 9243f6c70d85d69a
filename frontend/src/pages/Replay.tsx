/** Reserved for the after-action replay. */

import { links } from "../route";

export function Replay({ gameId }: { gameId: string }) {
  return (
    <main className="page-message">
      <h1>Replay coming</h1>
      <p>
        The after-action replay of this game will be here: each turn's moves with their rationale, who
        could see what and when, the adjudications and the indicators, from any role's chair.
      </p>
      <p>
        Until then, the facilitator can export the log or write the after-action report with{" "}
        <code>manage.py export_log {gameId}</code> and <code>manage.py aar {gameId}</code>.
      </p>
      <p>
        <a href={links.lobby()}>Back to the games</a>
      </p>
    </main>
  );
}
