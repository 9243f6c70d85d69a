/** Who on this page may do what with a team's draft, and why not: the engine decides again,
 * these say it before a click. */

import type { DraftPerson, TeamDraft, View } from "../server/types";

/** This page in its team: a named member (its id), or the seat's shared link (null). */
export type Self = { member: string | null; lead: boolean } | undefined;

export function samePerson(a: DraftPerson, self: NonNullable<Self>): boolean {
  return a.member === self.member;
}

export function isAuthor(draft: TeamDraft, self: Self): boolean {
  return !!self && samePerson(draft.author, self);
}

export function hasApproved(draft: TeamDraft, self: Self): boolean {
  return !!self && draft.approvals.some((a) => samePerson(a, self));
}

/** The team's rule on who submits: only the lead, or any member. */
export function policyOf(view: View, seat: string): "lead" | "any" {
  return view.draft_policy[seat] ?? "any";
}

/** Why this page may not submit the draft now, or null if it may. */
export function submitBlock(view: View, draft: TeamDraft, self: Self): string | null {
  if (self === undefined) return "Finding out who you are in the team…";
  if (draft.status !== "open") return `This draft was ${draft.status}.`;
  if (view.game.paused) return "The game is paused.";
  if (self.member !== null && policyOf(view, draft.seat) === "lead" && !self.lead) {
    const lead = view.seats.find((s) => s.role === draft.seat)?.members?.find((m) => m.lead);
    return lead ? `Your team chose that only its lead submits: ${lead.name}.` : "Your team chose that only its lead submits, and it has no lead now.";
  }
  if (draft.blocked) return sentence(draft.blocked);
  return null;
}

/** Why this page may not approve the draft, or null if it may. */
export function approveBlock(draft: TeamDraft, self: Self): string | null {
  if (self === undefined) return "Finding out who you are in the team…";
  if (draft.status !== "open") return `This draft was ${draft.status}.`;
  if (isAuthor(draft, self)) return "A teammate approves your draft, not you.";
  return null;
}

/** A draft's one-line title: the move's action, or the message's recipients. */
export function draftTitle(view: Pick<View, "seats">, draft: TeamDraft): string {
  if (draft.kind === "move") {
    const name = draft.content.action === "free" ? draft.content.argument?.action || "Free argument" : draft.content.action_name ?? draft.content.action;
    return `Move: ${name}`;
  }
  const names = (draft.content.to ?? []).map((role) => view.seats.find((s) => s.role === role)?.name ?? role);
  return `Message to ${names.join(", ")}`;
}

/** Who a person is, as the team names them. */
export function personName(person: DraftPerson): string {
  return person.name || (person.member === null ? "the team's shared screen" : "a member");
}

function sentence(text: string): string {
  const first = text.charAt(0).toUpperCase() + text.slice(1);
  return first.endsWith(".") ? first : `${first}.`;
}
