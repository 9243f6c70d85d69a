import { Compare } from "./compare/Compare";
import { AdjudicatorPage } from "./hotwash/AdjudicatorPage";
import { ControlConsole } from "./control/ControlConsole";
import { Lobby } from "./lobby/Lobby";
import { Plenary } from "./plenary/Plenary";
import { Replay } from "./replay/Replay";
import { parseRoute, type Route } from "./route";
import { TeamConsole } from "./team/TeamConsole";

export function App({ route = parseRoute(window.location.pathname, window.location.hash) }: { route?: Route }) {
  switch (route.page) {
    case "lobby":
      return <Lobby />;
    case "control":
      return <ControlConsole gameId={route.gameId} />;
    case "play":
      return <TeamConsole gameId={route.gameId} token={route.token} />;
    case "plenary":
      return <Plenary gameId={route.gameId} token={route.token} />;
    case "replay":
      return <Replay gameId={route.gameId} token={route.token} />;
    case "adjudicate":
      return <AdjudicatorPage gameId={route.gameId} token={route.token} />;
    case "compare":
      return <Compare />;
    default:
      return (
        <main className="page-message">
          <h1>Page not found</h1>
          <p>
            <a href="/">Go to the games</a>
          </p>
        </main>
      );
  }
}
