/** A member's notifications: the settings in the team console (email, this browser, which
 * happenings), and the browser notifications the page shows while it is in a background tab. */

import { useCallback, useEffect, useId, useRef, useState } from "react";
import type { Api } from "../server/api";
import type { View } from "../server/types";
import { ErrorNote, useAction } from "../ui/actions";
import { Section } from "../ui/layout";
import type { Me } from "../members/api";
import { KIND_LABELS, KINDS, notifications, type Kind, type Preferences } from "./api";
import { happenings, leadText, reminders } from "./happenings";
import "./notify.css";

/** The member's choices (null for the seat's shared link, which has no person to tell). */
export function usePreferences(api: Api, gameId: string, me: Me | null | undefined) {
  const [prefs, setPrefs] = useState<Preferences | null>(null);
  const memberId = me?.member?.id ?? null;
  useEffect(() => {
    if (!memberId) return;
    let alive = true;
    notifications
      .mine(api, gameId)
      .then((found) => alive && setPrefs(found))
      .catch(() => alive && setPrefs(null));
    return () => {
      alive = false;
    };
  }, [api, gameId, memberId]);
  const save = useCallback(
    async (next: Omit<Preferences, "lead_minutes">) => setPrefs(await notifications.saveMine(api, gameId, next)),
    [api, gameId],
  );
  return [memberId ? prefs : null, save] as const;
}

function supported(): boolean {
  return typeof window !== "undefined" && "Notification" in window;
}

function show(title: string, tag: string, gameTitle: string) {
  if (!supported() || Notification.permission !== "granted") return;
  try {
    new Notification(title, { body: gameTitle, tag });
  } catch {
    // A browser that shows notifications only through a service worker: nothing to show here.
  }
}

/** Shows a browser notification for each happening the member asked for while the page is in
 * the background, from the views the socket pushes; and at each reminder time of the deadline. */
export function useBrowserNotifications(view: View | null, prefs: Preferences | null) {
  const shown = useRef<View | null>(null);
  const on = !!prefs?.browser_on;
  const kinds = prefs?.kinds ?? [];
  useEffect(() => {
    if (!view) return;
    const before = shown.current;
    shown.current = view;
    if (!on || !document.hidden) return;
    for (const happening of happenings(before, view)) {
      if (kinds.includes(happening.kind)) show(happening.title, happening.tag, view.game.title);
    }
    // kinds is read as it is when a view arrives
  }, [view, on]);

  const leads = prefs?.lead_minutes ?? [];
  const wantsDeadline = on && kinds.includes("deadline");
  const plan = view && wantsDeadline ? reminders(view, leads, Date.now()) : [];
  const key = plan.map(([, , tag]) => tag).join(",");
  useEffect(() => {
    if (!view || !key) return;
    const timers = reminders(view, leads, Date.now()).map(([when, lead, tag]) =>
      window.setTimeout(() => {
        if (document.hidden) show(`A deadline is near: ${leadText(lead)} left`, tag, view.game.title);
      }, Math.min(when - Date.now(), 2 ** 31 - 1)),
    );
    return () => timers.forEach((timer) => window.clearTimeout(timer));
    // The timers change only with the deadline and the lead times (the key).
  }, [key]);
}

function permissionText(permission: NotificationPermission | "unsupported"): string {
  if (permission === "granted") return "This browser may show notifications.";
  if (permission === "denied") return "This browser refuses notifications from this site: allow them in its site settings.";
  if (permission === "unsupported") return "This browser cannot show notifications.";
  return "This browser has not been allowed to show notifications yet.";
}

/** The member's settings, in the team console. */
export function NotificationSettings({
  prefs,
  save,
}: {
  prefs: Preferences | null;
  save: (next: Omit<Preferences, "lead_minutes">) => Promise<void>;
}) {
  const ids = { email: useId(), emailOn: useId(), browserOn: useId() };
  const action = useAction();
  const [draft, setDraft] = useState<Omit<Preferences, "lead_minutes"> | null>(null);
  const [saved, setSaved] = useState(false);
  const [permission, setPermission] = useState<NotificationPermission | "unsupported">(
    supported() ? Notification.permission : "unsupported",
  );
  useEffect(() => {
    if (prefs) setDraft({ email: prefs.email, email_on: prefs.email_on, browser_on: prefs.browser_on, kinds: prefs.kinds });
  }, [prefs]);
  if (!prefs || !draft) return null;
  const toggle = (kind: Kind, on: boolean) =>
    setDraft({ ...draft, kinds: on ? KINDS.filter((k) => k === kind || draft.kinds.includes(k)) : draft.kinds.filter((k) => k !== kind) });
  const leads = prefs.lead_minutes.map((lead) => `${leadText(lead)} before`).join(", then ");
  return (
    <Section title="Notifications" id="notification-settings-title">
      <form
        className="notify-form"
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          void action.run(async () => {
            await save({ ...draft, email: draft.email.trim() });
            setSaved(true);
          });
        }}
      >
        <fieldset>
          <legend>Tell me when</legend>
          {KINDS.map((kind) => (
            <label key={kind} className="check">
              <input type="checkbox" checked={draft.kinds.includes(kind)} onChange={(e) => toggle(kind, e.target.checked)} />{" "}
              <span>
                {KIND_LABELS[kind]}
                {kind === "deadline" && leads ? <span className="muted"> ({leads})</span> : null}
              </span>
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>By email</legend>
          <label htmlFor={ids.email}>Email address</label>
          <input
            id={ids.email}
            type="email"
            autoComplete="email"
            maxLength={254}
            value={draft.email}
            onChange={(e) => setDraft({ ...draft, email: e.target.value })}
          />
          <label className="check" htmlFor={ids.emailOn}>
            <input id={ids.emailOn} type="checkbox" checked={draft.email_on} onChange={(e) => setDraft({ ...draft, email_on: e.target.checked })} />{" "}
            Send me emails
          </label>
        </fieldset>
        <fieldset>
          <legend>In this browser</legend>
          <label className="check" htmlFor={ids.browserOn}>
            <input
              id={ids.browserOn}
              type="checkbox"
              checked={draft.browser_on}
              onChange={(e) => setDraft({ ...draft, browser_on: e.target.checked })}
            />{" "}
            Show notifications while this page is open in a background tab
          </label>
          <p className="hint" data-testid="notification-permission">
            {permissionText(permission)}
          </p>
          {permission === "default" && (
            <button
              type="button"
              className="quiet"
              onClick={() => void Notification.requestPermission().then((answer) => setPermission(answer))}
            >
              Allow browser notifications
            </button>
          )}
        </fieldset>
        <div className="notify-actions">
          <button type="submit" disabled={action.busy}>
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
