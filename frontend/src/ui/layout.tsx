/** The frame of a page: sections, tabs, loading and problem notes, paragraphs of text. */

import { useRef, type ReactNode } from "react";

export interface TabSpec {
  id: string;
  label: string;
  badge?: number | string | null;
}

/** Real buttons in a tablist; arrow keys move between tabs. */
export function Tabs({ tabs, current, onSelect, label }: { tabs: TabSpec[]; current: string; onSelect: (id: string) => void; label: string }) {
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const move = (delta: number) => {
    const index = tabs.findIndex((t) => t.id === current);
    const next = tabs[(index + delta + tabs.length) % tabs.length];
    onSelect(next.id);
    refs.current[next.id]?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label}>
      {tabs.map((tab) => (
        <button
          key={tab.id}
          ref={(el) => {
            refs.current[tab.id] = el;
          }}
          type="button"
          role="tab"
          id={`tab-${tab.id}`}
          aria-selected={tab.id === current}
          aria-controls={`panel-${tab.id}`}
          tabIndex={tab.id === current ? 0 : -1}
          className={tab.id === current ? "tab current" : "tab"}
          onClick={() => onSelect(tab.id)}
          onKeyDown={(event) => {
            if (event.key === "ArrowRight") {
              event.preventDefault();
              move(1);
            } else if (event.key === "ArrowLeft") {
              event.preventDefault();
              move(-1);
            }
          }}
        >
          {tab.label}
          {tab.badge ? <span className="badge">{tab.badge}</span> : null}
        </button>
      ))}
    </div>
  );
}

export function TabPanel({ id, children }: { id: string; children: ReactNode }) {
  return (
    <section role="tabpanel" id={`panel-${id}`} aria-labelledby={`tab-${id}`} className="tab-panel" tabIndex={-1}>
      {children}
    </section>
  );
}

export function Loading({ text = "Loading the game…" }: { text?: string }) {
  return (
    <main className="page-message">
      <p role="status">{text}</p>
    </main>
  );
}

export function Problem({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main className="page-message">
      <h1>{title}</h1>
      <div role="alert">{children}</div>
    </main>
  );
}

export function Section({ title, children, actions, id, className }: { title: ReactNode; children: ReactNode; actions?: ReactNode; id?: string; className?: string }) {
  return (
    <section className={`card ${className ?? ""}`} aria-labelledby={id} data-testid={id}>
      <div className="card-head">
        <h2 id={id}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

export function Paragraphs({ text }: { text: string }) {
  const parts = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <>
      {parts.map((p, i) => (
        <p key={i}>{p}</p>
      ))}
    </>
  );
}
