import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { takeRoute } from "./route";
import "./styles.css";

// A join link carries its token in the fragment; a new fragment means another seat's link.
window.addEventListener("hashchange", () => window.location.reload());

function sessionStore(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

// Read the join token, then take it out of the address bar (route.ts).
const route = takeRoute(window.location, window.history, sessionStore());

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App route={route} />
  </StrictMode>,
);
