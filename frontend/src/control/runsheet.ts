/** The White Cell's run-sheet: what can be done to a scripted item, and the commands for it. */

import type { EditInjectCommand, HoldInjectCommand, ReleaseInjectCommand, SkipInjectCommand } from "../server/commands.gen";
import type { Audience, Phase, RunSheetItem } from "../server/types";

export type RunSheetAudience = RunSheetItem["audience"];

export interface EditDraft {
  title: string;
  text: string;
  /** "all" or the chosen seats. */
  audience: Audience;
}

/** Only a due or held item can still be held, edited, issued or skipped. */
export function open(item: RunSheetItem): boolean {
  return item.status === "due" || item.status === "held";
}

export function sameAudience(a: RunSheetAudience | Audience, b: RunSheetAudience | Audience): boolean {
  const norm = (x: RunSheetAudience | Audience) => (x === "public" || x === "all" ? "all" : [...x].sort().join(","));
  return norm(a) === norm(b);
}

/** The audience as the command expects it ("all" for everyone, else the seats). */
export function audienceField(audience: Audience): "all" | string[] {
  return audience;
}

export function draftOf(item: RunSheetItem): EditDraft {
  return { title: item.title, text: item.text, audience: item.audience === "public" || item.audience === "all" ? "all" : [...item.audience] };
}

export function holdCommand(item: RunSheetItem): HoldInjectCommand {
  return { type: "hold_inject", inject_id: item.id };
}

export function releaseCommand(item: RunSheetItem): ReleaseInjectCommand {
  return { type: "release_inject", inject_id: item.id };
}

export function skipCommand(item: RunSheetItem, reason: string): SkipInjectCommand {
  return { type: "skip_inject", inject_id: item.id, reason: reason.trim() };
}

/** Only what changed, or null when nothing did (then there is nothing to send). */
export function editCommand(item: RunSheetItem, draft: EditDraft): EditInjectCommand | null {
  const command: EditInjectCommand = { type: "edit_inject", inject_id: item.id };
  if (draft.title.trim() !== item.title) command.title = draft.title.trim();
  if (draft.text.trim() !== item.text) command.text = draft.text.trim();
  if (!sameAudience(draft.audience, item.audience)) command.audience = audienceField(draft.audience);
  return Object.keys(command).length > 2 ? command : null;
}

/** Problems that stop an edit from being sent, in words. */
export function editProblems(item: RunSheetItem, draft: EditDraft): string[] {
  const problems: string[] = [];
  if (item.kind === "inject" && !draft.text.trim()) problems.push("The text cannot be empty.");
  if (draft.audience !== "all" && draft.audience.length === 0) problems.push("Choose at least one team, or everyone.");
  return problems;
}

export const STATUS_TEXT: Record<RunSheetItem["status"], string> = {
  due: "due",
  held: "held",
  issued: "issued",
  skipped: "skipped",
};

/** Whether the item would be issued if its turn opened now, in words. */
export function conditionWords(item: RunSheetItem): string | null {
  if (!item.condition) return null;
  if (item.condition_met === null) return `Only if ${item.condition}.`;
  return `Only if ${item.condition}: ${item.condition_met ? "holds now" : "does not hold now"}.`;
}

/** The items worth seeing first: this turn's open ones, then later turns, then what is done. */
export function ordered(items: RunSheetItem[], turn: number): RunSheetItem[] {
  const rank = (i: RunSheetItem) => (open(i) ? (i.turn <= turn ? 0 : 1) : 2);
  return [...items].sort((a, b) => rank(a) - rank(b) || a.turn - b.turn);
}

/** Minutes used in the current phase against the plan: "7 of 15 min", and whether it is over. */
export function timeUsed(
  phaseStartedAt: string | null | undefined,
  serverNow: number,
  planMinutes: number | undefined,
  pausedAt?: string | null,
): { used: number; plan: number | null; over: boolean } | null {
  if (!phaseStartedAt) return null;
  const start = Date.parse(phaseStartedAt);
  if (Number.isNaN(start)) return null;
  const end = pausedAt ? Date.parse(pausedAt) : serverNow;
  const used = Math.max(0, Math.floor((end - start) / 60000));
  const plan = planMinutes ?? null;
  return { used, plan, over: plan !== null && used > plan };
}

export function planFor(timing: Partial<Record<Phase, number>> | undefined, phase: Phase | null): number | undefined {
  if (!timing || !phase) return undefined;
  return timing[phase];
}
