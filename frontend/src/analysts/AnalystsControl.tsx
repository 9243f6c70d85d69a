/** The White Cell's analysts, on the People tab: each analyst's own link (with a QR code,
 * shown once), the grant it opens (the public record or everything), changed, re-issued,
 * revoked or removed one by one. An analyst's link opens the replay on its Observations panel. */

import { useCallback, useEffect, useId, useState } from "react";
import type { Api } from "../server/api";
import type { View } from "../server/types";
import { ConfirmButton, ErrorNote, useAction } from "../ui/actions";
import { Section } from "../ui/layout";
import { CopyField, QrCode } from "../ui/sharing";
import "../members/members.css";
import { GRANT_TEXT, analysts, type AnalystLink, type AnalystRow, type Grant } from "./api";

function AddAnalyst({ onAdd }: { onAdd: (name: string, grant: Grant) => Promise<void> }) {
  const ids = { name: useId(), grant: useId() };
  const [name, setName] = useState("");
  const [grant, setGrant] = useState<Grant>("public");
  const action = useAction();
  return (
    <form
      className="member-form"
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(async () => {
          await onAdd(name.trim(), grant);
          setName("");
        });
      }}
    >
      <label htmlFor={ids.name}>Analyst's name</label>
      <input id={ids.name} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      <label htmlFor={ids.grant}>Sees</label>
      <select id={ids.grant} value={grant} onChange={(e) => setGrant(e.target.value as Grant)}>
        <option value="public">{GRANT_TEXT.public}</option>
        <option value="all">{GRANT_TEXT.all}</option>
      </select>
      <button type="submit" disabled={action.busy || !name.trim()}>
        Add analyst and issue a link
      </button>
      <ErrorNote error={action.error} />
    </form>
  );
}

export function AnalystsControl({ view, gameId, api }: { view: View; gameId: string; api: Api }) {
  const [rows, setRows] = useState<AnalystRow[] | null>(null);
  const [links, setLinks] = useState<Record<string, AnalystLink>>({});
  const load = useAction();
  const act = useAction();
  const reload = useCallback(() => load.run(async () => setRows(await analysts.list(api, gameId))), [api, gameId, load.run]);
  useEffect(() => {
    void reload();
  }, [reload, view.seq]);
  const issued = (link: AnalystLink) => {
    setLinks((current) => ({ ...current, [link.id]: link }));
    void reload();
  };
  const forget = (id: string) =>
    setLinks((current) => {
      const next = { ...current };
      delete next[id];
      return next;
    });

  return (
    <Section title="Analysts" id="analysts-title">
      <p className="hint">
        Each analyst gets a link of their own to the replay, where they add observations tagged from the study's questions;
        they read each other's. Seats and the observer never see them.
      </p>
      <AddAnalyst onAdd={async (name, grant) => issued(await analysts.add(api, gameId, name, grant))} />
      <ErrorNote error={load.error ?? act.error} />
      {rows === null ? (
        <p className="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p className="muted">No analysts yet.</p>
      ) : (
        <div className="table-wrap">
          <table className="members-table" data-testid="analysts">
            <thead>
              <tr>
                <th scope="col">Analyst</th>
                <th scope="col">Sees</th>
                <th scope="col">Link</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-analyst={row.id}>
                  <th scope="row">{row.name}</th>
                  <td>
                    <select
                      aria-label={`What ${row.name} sees`}
                      value={row.grant}
                      disabled={act.busy}
                      onChange={(e) => void act.run(async () => {
                        await analysts.grant(api, gameId, row.id, e.target.value as Grant);
                        await reload();
                      })}
                    >
                      <option value="public">{GRANT_TEXT.public}</option>
                      <option value="all">{GRANT_TEXT.all}</option>
                    </select>
                  </td>
                  <td>{row.link_issued_at ? "issued" : <span className="muted">none</span>}</td>
                  <td>
                    <div className="member-actions">
                      <ConfirmButton
                        confirmText={row.link_issued_at ? `New link for ${row.name}: the old one stops working` : `Issue a link for ${row.name}`}
                        onConfirm={() => void act.run(async () => issued(await analysts.newLink(api, gameId, row.id)))}
                      >
                        New link…
                      </ConfirmButton>
                      {row.link_issued_at && (
                        <ConfirmButton
                          confirmText={`Revoke ${row.name}'s link now`}
                          onConfirm={() =>
                            void act.run(async () => {
                              await analysts.revokeLink(api, gameId, row.id);
                              forget(row.id);
                              await reload();
                            })
                          }
                        >
                          Revoke link…
                        </ConfirmButton>
                      )}
                      <ConfirmButton
                        confirmText={`Remove ${row.name} from the game`}
                        onConfirm={() =>
                          void act.run(async () => {
                            await analysts.remove(api, gameId, row.id);
                            forget(row.id);
                            await reload();
                          })
                        }
                      >
                        Remove…
                      </ConfirmButton>
                    </div>
                    {links[row.id] && (
                      <div className="new-link" data-testid={`analyst-new-link-${row.id}`}>
                        <QrCode text={links[row.id].join_url} label={`QR code of ${row.name}'s analyst link`} size={120} />
                        <CopyField label={`${row.name}'s own link (shown once)`} value={links[row.id].join_url} testId={`analyst-link-${row.id}`} />
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
