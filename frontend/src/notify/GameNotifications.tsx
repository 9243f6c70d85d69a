/** The White Cell's notification settings for a game, in the people tab: whether notifications
 * carry the game's text, the reminder times before a deadline, and each seat's webhook URL (a
 * JSON POST to the team's chat room). */

import { useEffect, useId, useState } from "react";
import type { Api } from "../server/api";
import type { View } from "../server/types";
import { ErrorNote, useAction } from "../ui/actions";
import { Section } from "../ui/layout";
import { notifications, type GameSettings } from "./api";
import "./notify.css";

/** "60, 10" as minutes, or null when it is not a list of whole numbers. */
export function parseLeads(text: string): number[] | null {
  const parts = text
    .split(/[\s,]+/)
    .map((part) => part.trim())
    .filter(Boolean);
  if (!parts.every((part) => /^\d+$/.test(part))) return null;
  return parts.map(Number);
}

export function GameNotifications({ view, gameId, api }: { view: View; gameId: string; api: Api }) {
  const ids = { text: useId(), leads: useId() };
  const load = useAction();
  const action = useAction();
  const [settings, setSettings] = useState<GameSettings | null>(null);
  const [leads, setLeads] = useState("");
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    void load.run(async () => {
      const found = await notifications.game(api, gameId);
      setSettings(found);
      setLeads(found.lead_minutes.join(", "));
    });
  }, [api, gameId, load.run]);
  if (!settings) return load.error ? <ErrorNote error={load.error} /> : null;
  const parsed = parseLeads(leads);
  return (
    <Section title="Notifications" id="game-notifications-title">
      <form
        className="notify-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (parsed === null) return;
          setSaved(false);
          void action.run(async () => {
            const webhooks = Object.fromEntries(Object.entries(settings.webhooks).filter(([, url]) => url.trim()));
            const next = await notifications.saveGame(api, gameId, { ...settings, webhooks, lead_minutes: parsed });
            setSettings(next);
            setLeads(next.lead_minutes.join(", "));
            setSaved(true);
          });
        }}
      >
        <p className="hint">
          Members choose in their console what they are told, by email or in their browser. A notification says what happened and
          links to the team's page.
        </p>
        <label className="check" htmlFor={ids.text}>
          <input
            id={ids.text}
            type="checkbox"
            checked={settings.include_text}
            onChange={(e) => setSettings({ ...settings, include_text: e.target.checked })}
          />{" "}
          Include the text of messages and injects (only what the team may read)
        </label>
        <label htmlFor={ids.leads}>Remind teams this many minutes before a deadline (comma-separated)</label>
        <input id={ids.leads} type="text" inputMode="numeric" value={leads} onChange={(e) => setLeads(e.target.value)} />
        {parsed === null && <p className="error-note">Whole numbers of minutes, separated by commas.</p>}
        <fieldset>
          <legend>Each team's chat room (webhook URL, a JSON POST)</legend>
          {view.seats.map((seat) => (
            <WebhookField
              key={seat.role}
              label={seat.name}
              value={settings.webhooks[seat.role] ?? ""}
              onChange={(url) => setSettings({ ...settings, webhooks: { ...settings.webhooks, [seat.role]: url } })}
            />
          ))}
        </fieldset>
        <div className="notify-actions">
          <button type="submit" disabled={action.busy || parsed === null}>
            Save notification settings
          </button>
          {saved && !action.busy && (
            <span role="status" className="muted">
              Saved.
            </span>
          )}
        </div>
        <ErrorNote error={action.error} />
      </form>
    </Section>
  );
}

function WebhookField({ label, value, onChange }: { label: string; value: string; onChange: (url: string) => void }) {
  const id = useId();
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <input id={id} type="url" placeholder="https://chat.example.org/hooks/…" value={value} onChange={(e) => onChange(e.target.value)} />
    </>
  );
}
