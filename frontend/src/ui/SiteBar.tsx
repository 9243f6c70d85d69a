/** The bar at the top of the facilitator's pages: the brand and the links beside it. */

import type { ReactNode } from "react";
import { links } from "../route";
import { cookie } from "../server/api";

export function SiteBar({ children }: { children?: ReactNode }) {
  return (
    <header className="site-bar">
      <a className="brand" href={links.lobby()}>
        Wargame <span className="brand-sub">White Cell</span>
      </a>
      <nav aria-label="Account" className="site-nav">
        {children}
        <form method="post" action="/logout/" className="inline-form">
          <input type="hidden" name="csrfmiddlewaretoken" value={cookie("csrftoken") ?? ""} />
          <button type="submit" className="quiet">
            Log out
          </button>
        </form>
      </nav>
    </header>
  );
}
