/** The White Cell's people tab: each seat's named members, their own join links (with a QR
 * code, shown once), revoked or re-issued one by one; the seat's shared link is untouched. */

import { useCallback, useEffect, useId, useState } from "react";
import type { Api } from "../server/api";
import { ConfirmButton, ErrorNote, useAction } from "../ui/actions";
import { Section } from "../ui/layout";
import { SeatTag } from "../ui/seats";
import { CopyField, QrCode } from "../ui/sharing";
import { seatName } from "../ui/format";
import type { View } from "../server/types";
import { members, type MemberLink, type MemberRow } from "./api";
import "./members.css";

function NewLink({ view, link }: { view: View; link: MemberLink }) {
  return (
    <div className="new-link" data-testid={`member-new-link-${link.id}`}>
      <QrCode text={link.join_url} label={`QR code of ${link.name}'s link for ${seatName(view, link.seat)}`} size={120} />
      <CopyField label={`${link.name}'s own link (shown once)`} value={link.join_url} testId={`member-link-${link.id}`} />
    </div>
  );
}

function AddMember({ view, onAdd }: { view: View; onAdd: (seat: string, name: string) => Promise<void> }) {
  const ids = { seat: useId(), name: useId() };
  const [seat, setSeat] = useState(view.seats[0]?.role ?? "");
  const [name, setName] = useState("");
  const action = useAction();
  return (
    <form
      className="member-form"
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(async () => {
          await onAdd(seat, name.trim());
          setName("");
        });
      }}
    >
      <label htmlFor={ids.seat}>Seat</label>
      <select id={ids.seat} value={seat} onChange={(e) => setSeat(e.target.value)}>
        {view.seats.map((s) => (
          <option key={s.role} value={s.role}>
            {s.name}
          </option>
        ))}
      </select>
      <label htmlFor={ids.name}>Member's name</label>
      <input id={ids.name} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} autoComplete="off" />
      <button type="submit" disabled={action.busy || !name.trim()}>
        Add member and issue a link
      </button>
      <ErrorNote error={action.error} />
    </form>
  );
}

export function MembersControl({ view, gameId, api }: { view: View; gameId: string; api: Api }) {
  const [rows, setRows] = useState<MemberRow[] | null>(null);
  const [links, setLinks] = useState<Record<string, MemberLink>>({});
  const load = useAction();
  const act = useAction();
  const reload = useCallback(() => load.run(async () => setRows(await members.list(api, gameId))), [api, gameId, load.run]);
  useEffect(() => {
    void reload();
  }, [reload, view.seq]);

  const issued = (link: MemberLink) => {
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
    <Section title="People in each team" id="members-title">
      <p className="hint">
        Each member gets a link of their own: what they do is recorded under their name, and their link can be revoked
        alone. The seat's shared link keeps working for rooms that prefer one.
      </p>
      <AddMember view={view} onAdd={async (seat, name) => issued(await members.add(api, gameId, seat, name))} />
      <ErrorNote error={load.error ?? act.error} />
      {rows === null ? (
        <p className="muted">Loading…</p>
      ) : rows.length === 0 ? (
        <p className="muted">No named members yet: every seat plays through its shared link.</p>
      ) : (
        <div className="table-wrap">
          <table className="members-table" data-testid="members">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Seat</th>
                <th scope="col">Link</th>
                <th scope="col">Last saw</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id} data-member={row.id}>
                  <th scope="row">
                    {row.name}
                    {row.lead && <span className="tag tag-lead"> lead</span>}
                  </th>
                  <td>
                    <SeatTag view={view} role={row.seat} />
                  </td>
                  <td>{row.link_issued_at ? "issued" : <span className="muted">none</span>}</td>
                  <td>{row.last_seen_seq === null ? <span className="muted">not yet</span> : `seq ${row.last_seen_seq}`}</td>
                  <td>
                    <div className="member-actions">
                      <ConfirmButton
                        confirmText={row.link_issued_at ? `New link for ${row.name}: the old one stops working` : `Issue a link for ${row.name}`}
                        onConfirm={() => void act.run(async () => issued(await members.newLink(api, gameId, row.id)))}
                      >
                        New link…
                      </ConfirmButton>
                      {row.link_issued_at && (
                        <ConfirmButton
                          confirmText={`Revoke ${row.name}'s link now`}
                          onConfirm={() =>
                            void act.run(async () => {
                              await members.revokeLink(api, gameId, row.id);
                              forget(row.id);
                              await reload();
                            })
                          }
                        >
                          Revoke link…
                        </ConfirmButton>
                      )}
                      <ConfirmButton
                        confirmText={`Remove ${row.name} from ${seatName(view, row.seat)}`}
                        onConfirm={() =>
                          void act.run(async () => {
                            await members.remove(api, gameId, row.id);
                            forget(row.id);
                          })
                        }
                      >
                        Remove…
                      </ConfirmButton>
                    </div>
                    {links[row.id] && <NewLink view={view} link={links[row.id]} />}
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
