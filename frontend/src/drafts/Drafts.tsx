/** A team's drafts: moves and messages worked out together before they are sent. Teammates
 * comment and approve; the author revises or withdraws; the lead (or any member, as the team
 * chooses) submits. The White Cell reads every team's drafts here, without acting on them. */

import { useId, useState } from "react";
import type { Send } from "../server/commands.gen";
import type { TeamDraft, View } from "../server/types";
import { ConfirmButton, ErrorNote, useAction } from "../ui/actions";
import { clockTime, phaseLabel, seatName, seatNames } from "../ui/format";
import { Section } from "../ui/layout";
import { approveBlock, draftTitle, hasApproved, isAuthor, personName, policyOf, submitBlock, type Self } from "./rules";
import "./drafts.css";

/** The team console's Drafts tab. */
export function Drafts({ view, send, self }: { view: View; send: Send; self: Self }) {
  const seat = view.seat!;
  const open = view.drafts.filter((d) => d.status === "open").reverse();
  const closed = view.drafts.filter((d) => d.status !== "open").reverse();
  return (
    <>
      <Section title="Drafts" id="drafts-title">
        <p className="hint">
          Save a move or a message as a draft from the Orders or Messages tab; your teammates comment and approve it here.
          Only your team and the White Cell see drafts.
        </p>
        <Policy view={view} seat={seat} send={send} self={self} />
        {open.length === 0 ? (
          <p className="muted">No open drafts.</p>
        ) : (
          <div className="draft-list" data-testid="drafts">
            {open.map((draft) => (
              <DraftCard key={draft.id} view={view} draft={draft} send={send} self={self} />
            ))}
          </div>
        )}
      </Section>
      {closed.length > 0 && (
        <Section title="Sent and withdrawn drafts" id="closed-drafts-title">
          <div className="draft-list">
            {closed.map((draft) => (
              <DraftCard key={draft.id} view={view} draft={draft} send={send} self={self} />
            ))}
          </div>
        </Section>
      )}
    </>
  );
}

/** The White Cell's view of every team's drafts: read-only. */
export function TeamsDrafts({ view }: { view: View }) {
  const seats = view.seats.map((s) => s.role);
  return (
    <Section title="The teams' drafts" id="teams-drafts-title">
      <p className="hint">What each team is working out before it sends it. The teams decide; this page only reads.</p>
      {seats.map((role) => {
        const drafts = view.drafts.filter((d) => d.seat === role).reverse();
        return (
          <section key={role} className="team-drafts" aria-labelledby={`drafts-${role}`}>
            <h3 id={`drafts-${role}`}>
              {seatName(view, role)} <span className="muted">· {policyOf(view, role) === "lead" ? "only the lead submits" : "any member submits"}</span>
            </h3>
            {drafts.length === 0 ? (
              <p className="muted">No drafts.</p>
            ) : (
              <div className="draft-list">
                {drafts.map((draft) => (
                  <DraftCard key={draft.id} view={view} draft={draft} />
                ))}
              </div>
            )}
          </section>
        );
      })}
    </Section>
  );
}

function Policy({ view, seat, send, self }: { view: View; seat: string; send: Send; self: Self }) {
  const action = useAction();
  const policy = policyOf(view, seat);
  const hasLead = !!view.seats.find((s) => s.role === seat)?.members?.some((m) => m.lead);
  const mayChange = !!self && (self.member === null || self.lead);
  const text = policy === "lead" ? "Only the team's lead submits drafts and locks the orders." : "Any member may submit drafts and lock the orders.";
  return (
    <div className="draft-policy" data-testid="draft-policy">
      <p>{text}</p>
      {mayChange && (
        <>
          <button
            type="button"
            className="quiet"
            disabled={action.busy || (policy === "any" && !hasLead)}
            onClick={() => void action.run(() => send({ type: "set_draft_policy", submitter: policy === "lead" ? "any" : "lead" }))}
          >
            {policy === "lead" ? "Let any member submit" : "Only the lead submits"}
          </button>
          {policy === "any" && !hasLead && <p className="hint">Choose a lead in the Briefing tab first.</p>}
        </>
      )}
      <ErrorNote error={action.error} />
    </div>
  );
}

function Content({ view, draft, content }: { view: View; draft: TeamDraft; content: TeamDraft["content"] }) {
  if (draft.kind === "message") return <p className="draft-text">{content.text}</p>;
  return (
    <dl className="draft-fields">
      {content.action === "free" && content.argument && (
        <>
          <dt>Argument</dt>
          <dd>
            {content.argument.action} → {content.argument.result}
            {content.argument.reasons.length > 0 && ` (because: ${content.argument.reasons.join("; ")})`}
          </dd>
        </>
      )}
      {(content.targets?.length ?? 0) > 0 && (
        <>
          <dt>Targets</dt>
          <dd>{seatNames(view, content.targets ?? [])}</dd>
        </>
      )}
      <dt>Visibility</dt>
      <dd>{content.visibility}</dd>
      <dt>Rationale</dt>
      <dd className="draft-text">{content.rationale}</dd>
    </dl>
  );
}

function DraftCard({ view, draft, send, self }: { view: View; draft: TeamDraft; send?: Send; self?: Self }) {
  const act = useAction();
  const [comment, setComment] = useState("");
  const [revising, setRevising] = useState(false);
  const [revised, setRevised] = useState("");
  const ids = { comment: useId(), submit: useId(), revise: useId() };
  const open = draft.status === "open";
  const mine = isAuthor(draft, self);
  const submitReason = send ? submitBlock(view, draft, self) : null;
  const approveReason = send ? approveBlock(draft, self) : null;
  const approved = hasApproved(draft, self);
  const title = draftTitle(view, draft);
  const status =
    draft.status === "submitted"
      ? `sent${draft.result?.move_id ? ` as move ${draft.result.move_id}` : ""} by ${personName(draft.result!.by)}`
      : draft.status === "withdrawn"
        ? "withdrawn"
        : null;

  return (
    <article className={`draft-card draft-${draft.status}`} data-draft={draft.id} aria-label={`Draft ${title}`}>
      <header className="draft-head">
        <h3 className="draft-title">{title}</h3>
        {draft.stale && <span className="tag tag-stale">stale</span>}
        {status && <span className="tag">{status}</span>}
      </header>
      <p className="muted draft-meta">
        By {personName(draft.author)} · turn {draft.turn}, {phaseLabel(draft.phase)}
        {draft.for_turn !== null && draft.for_turn !== draft.turn ? ` · for the orders of turn ${draft.for_turn}` : ""}
        {draft.revision > 1 ? ` · revision ${draft.revision}` : ""}
        {!send ? ` · ${seatName(view, draft.seat)}` : ""}
      </p>
      <Content view={view} draft={draft} content={draft.content} />
      {draft.revisions.length > 1 && (
        <details className="draft-history">
          <summary>Earlier revisions ({draft.revisions.length - 1})</summary>
          <ol>
            {draft.revisions.slice(0, -1).map((rev) => (
              <li key={rev.revision}>
                <p className="muted">
                  Revision {rev.revision} · turn {rev.turn}, {phaseLabel(rev.phase)} · {clockTime(rev.at)}
                </p>
                <Content view={view} draft={draft} content={rev.content} />
              </li>
            ))}
          </ol>
        </details>
      )}
      <p className="draft-approvals" data-testid="approvals">
        {draft.approvals.length ? `Approved by ${draft.approvals.map(personName).join(", ")}` : "No approvals yet"}
      </p>
      {draft.comments.length > 0 && (
        <ol className="draft-comments" aria-label="Comments">
          {draft.comments.map((c) => (
            <li key={c.id}>
              <strong>{personName(c.author)}</strong>
              <span className="muted">
                {" "}
                · {clockTime(c.at)}
                {c.revision !== draft.revision ? ` · on revision ${c.revision}` : ""}
              </span>
              <p className="draft-text">{c.text}</p>
            </li>
          ))}
        </ol>
      )}
      {send && (
        <>
          {open && (
            <div className="button-row draft-actions">
              <button
                type="button"
                className="primary"
                disabled={act.busy || !!submitReason}
                aria-describedby={submitReason ? ids.submit : undefined}
                onClick={() => void act.run(() => send({ type: "submit_draft", draft_id: draft.id }))}
              >
                Submit
              </button>
              {approved ? (
                <button type="button" disabled={act.busy} onClick={() => void act.run(() => send({ type: "withdraw_approval", draft_id: draft.id }))}>
                  Withdraw approval
                </button>
              ) : (
                <button
                  type="button"
                  disabled={act.busy || !!approveReason}
                  title={approveReason ?? undefined}
                  onClick={() => void act.run(() => send({ type: "approve_draft", draft_id: draft.id }))}
                >
                  Approve
                </button>
              )}
              {mine && (
                <>
                  <button
                    type="button"
                    onClick={() => {
                      setRevised((draft.kind === "move" ? draft.content.rationale : draft.content.text) ?? "");
                      setRevising(!revising);
                    }}
                    aria-expanded={revising}
                  >
                    Revise
                  </button>
                  <ConfirmButton confirmText="Withdraw this draft" onConfirm={() => void act.run(() => send({ type: "withdraw_draft", draft_id: draft.id }))}>
                    Withdraw
                  </ConfirmButton>
                </>
              )}
            </div>
          )}
          {open && submitReason && (
            <p className="hint" id={ids.submit}>
              {submitReason}
            </p>
          )}
          {open && mine && revising && (
            <form
              className="draft-revise"
              onSubmit={async (event) => {
                event.preventDefault();
                if (!revised.trim()) return;
                const c = draft.content;
                const done = await act.run(() =>
                  send(
                    draft.kind === "move"
                      ? {
                          type: "draft_move",
                          draft_id: draft.id,
                          action: c.action!,
                          argument: c.argument ?? undefined,
                          targets: c.targets ?? [],
                          visibility: c.visibility ?? "public",
                          rationale: revised.trim(),
                        }
                      : { type: "draft_message", draft_id: draft.id, to: c.to ?? [], text: revised.trim() },
                  ),
                );
                if (done) setRevising(false);
              }}
            >
              <label htmlFor={ids.revise}>{draft.kind === "move" ? "Revised rationale" : "Revised message"}</label>
              <textarea id={ids.revise} rows={3} maxLength={4000} value={revised} onChange={(e) => setRevised(e.target.value)} />
              <button type="submit" disabled={act.busy || !revised.trim()}>
                Save revision
              </button>
            </form>
          )}
          <form
            className="draft-comment"
            onSubmit={async (event) => {
              event.preventDefault();
              if (!comment.trim()) return;
              const done = await act.run(() => send({ type: "comment_draft", draft_id: draft.id, text: comment.trim() }));
              if (done) setComment("");
            }}
          >
            <label htmlFor={ids.comment}>Comment</label>
            <textarea id={ids.comment} rows={2} maxLength={4000} value={comment} onChange={(e) => setComment(e.target.value)} />
            <button type="submit" disabled={act.busy || !comment.trim()}>
              Comment
            </button>
          </form>
          <ErrorNote error={act.error} />
        </>
      )}
    </article>
  );
}
