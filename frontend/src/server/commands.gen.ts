// The body of every command the server accepts, generated from the command models in
// wargame/engine/ by `python manage.py commanddocs`. Do not edit by hand.

/** Control: leave setup; turn 1's briefing opens. */
export interface StartGameCommand {
  type: "start_game";
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: close the current phase and open the next. Closing orders while a seat has not locked needs force: true (unlocked seats then submit nothing further this turn). */
export interface AdvancePhaseCommand {
  type: "advance_phase";
  force?: boolean | null;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: score the objectives and end the game. */
export interface EndGameCommand {
  type: "end_game";
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control, after the end: open the whole record to every role for the replay. */
export interface OpenRecordCommand {
  type: "open_record";
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: a deadline for the current phase, as an instant (ISO-8601) or in minutes from now; deadline null (without minutes) clears it. on_expiry says what happens when it passes: alert (the default: the White Cell is alerted), lock_orders (the orders of seats that have not locked close; orders phase only), advance (the phase advances; in the last phase of the last turn the game ends) or roll (the moves still waiting are rolled at their proposed odds, then the phase advances; adjudication phase only). Pause freezes it; a phase change clears it. */
export interface SetDeadlineCommand {
  type: "set_deadline";
  deadline?: string | null;
  minutes?: number | null;
  on_expiry?: "alert" | "lock_orders" | "advance" | "roll" | null;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control (the server's clock): the deadline with this id has passed. Refused with 422 deadline_not_due unless it is the current deadline, the game is not paused and its instant has passed. */
export interface ExpireDeadlineCommand {
  type: "expire_deadline";
  deadline_id: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: only control commands and messages are accepted. */
export interface PauseCommand {
  type: "pause";
  reason?: string | null;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: play goes on. */
export interface ResumeCommand {
  type: "resume";
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Seat, orders phase: a catalog action or a free argument; with move_id, an edit of the seat's own unlocked move. */
export interface SubmitMoveCommand {
  type: "submit_move";
  action: string;
  argument?: { action: string; result: string; reasons?: string[] } | null;
  targets?: string[] | null;
  visibility?: "public" | "secret" | null;
  rationale: string;
  move_id?: string | null;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Seat: take back a move before locking. */
export interface WithdrawMoveCommand {
  type: "withdraw_move";
  move_id: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Seat: no more changes to this turn's moves. */
export interface LockOrdersCommand {
  type: "lock_orders";
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Seat, adjudication phase: a pro or con on another seat's public move. */
export interface AddArgumentCommand {
  type: "add_argument";
  move_id: string;
  stance: "pro" | "con";
  text: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: the engine's proposal for a move (base + modifiers + 5 per strong pro - 5 per strong con, clamped to 5..95) with its explanation; or another probability, with a reason. */
export interface ProposeProbabilityCommand {
  type: "propose_probability";
  move_id: string;
  strong?: string[] | null;
  probability?: number | null;
  reason?: string | null;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: roll (a recorded draw against the probability) or decide outright, with an optional narrative (or write it afterwards with amend_narrative); with opposed_move_id, an opposed pair resolved in one record. */
export interface AdjudicateCommand {
  type: "adjudicate";
  move_id: string;
  method: "roll" | "decide";
  probability?: number | null;
  narrative?: string | null;
  reason?: string | null;
  outcome?: "success" | "failure" | null;
  opposed_move_id?: string | null;
  opposed_probability?: number | null;
  effects?: { indicator: string; delta: number }[] | { success?: { indicator: string; delta: number }[]; failure?: { indicator: string; delta: number }[] } | null;
  opposed_effects?: { indicator: string; delta: number }[] | { success?: { indicator: string; delta: number }[]; failure?: { indicator: string; delta: number }[] } | null;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: void an adjudication (named, or the standing one of move_id), with a reason; nothing is deleted, its effects are reverted unless revert_effects is false. */
export interface VoidAdjudicationCommand {
  type: "void_adjudication";
  adjudication_id?: string | null;
  move_id?: string | null;
  reason: string;
  revert_effects?: boolean | null;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: write or replace the narrative of an adjudicated move; the earlier texts stay in its history. */
export interface AmendNarrativeCommand {
  type: "amend_narrative";
  move_id: string;
  text: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control, adjudication phase: roll every catalog move of the turn not yet adjudicated, each at its proposed probability; free arguments are left for the White Cell. 422 nothing_to_roll when there is none. */
export interface RollRemainingCommand {
  type: "roll_remaining";
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: reveal a secret move with its salt, so anyone can check it against its commitment. */
export interface RevealMoveCommand {
  type: "reveal_move";
  move_id: string;
  reason?: string | null;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: a 'state of the world' narrative for everyone. */
export interface PublishNarrativeCommand {
  type: "publish_narrative";
  text: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: an ad-hoc inject (marked ad-hoc in the record) to everyone (the default) or some seats. */
export interface IssueInjectCommand {
  type: "issue_inject";
  text: string;
  title?: string | null;
  audience?: "all" | string[] | null;
  effects?: { indicator: string; delta: number }[] | null;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: change an indicator by delta, or set its value, with a reason. */
export interface AdjustIndicatorCommand {
  type: "adjust_indicator";
  indicator: string;
  delta?: number | null;
  value?: number | null;
  reason: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: hold a due scripted inject or narrative; it is not issued when its turn opens. */
export interface HoldInjectCommand {
  type: "hold_inject";
  inject_id: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: change the title, text or audience of a due or held scripted inject (a narrative's text) before it is issued; the record keeps the scripted text. */
export interface EditInjectCommand {
  type: "edit_inject";
  inject_id: string;
  title?: string | null;
  text?: string | null;
  audience?: "all" | string[] | null;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: issue a due or held scripted inject or narrative now, as edited; its effects apply now. */
export interface ReleaseInjectCommand {
  type: "release_inject";
  inject_id: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: skip a due or held scripted inject or narrative, with a reason. */
export interface SkipInjectCommand {
  type: "skip_inject";
  inject_id: string;
  reason: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Seat or control: a message to a set of seats; only they and control see it. */
export interface SendMessageCommand {
  type: "send_message";
  to: string[];
  text: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control or observer: an analyst note, visible to control. */
export interface AddNoteCommand {
  type: "add_note";
  text: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: a named member of a seat; the server then issues the member's own join link. */
export interface AddMemberCommand {
  type: "add_member";
  seat: string;
  name: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: the member leaves the seat; the member's join link stops working. */
export interface RemoveMemberCommand {
  type: "remove_member";
  member: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Seat (its own members) or control: mark one member of the seat as the team's lead. */
export interface ChooseLeadCommand {
  type: "choose_lead";
  member: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: a bot plays the seat with one of the seat's doctrines until it is taken out. */
export interface AssignBotCommand {
  type: "assign_bot";
  seat: string;
  doctrine: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: the seat's bot stops playing; the team plays the seat again. */
export interface RemoveBotCommand {
  type: "remove_bot";
  seat: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Seat: a move for the team to discuss (the fields of submit_move); with draft_id, a new revision of the author's own open draft. */
export interface DraftMoveCommand {
  type: "draft_move";
  action: string;
  argument?: { action: string; result: string; reasons?: string[] } | null;
  targets?: string[] | null;
  visibility?: "public" | "secret" | null;
  rationale: string;
  draft_id?: string | null;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Seat: a message for the team to discuss (the fields of send_message); with draft_id, a new revision of the author's own open draft. */
export interface DraftMessageCommand {
  type: "draft_message";
  to: string[];
  text: string;
  draft_id?: string | null;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Seat: a comment on one of the team's drafts. */
export interface CommentDraftCommand {
  type: "comment_draft";
  draft_id: string;
  text: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Seat: approve the current revision of a teammate's open draft. */
export interface ApproveDraftCommand {
  type: "approve_draft";
  draft_id: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Seat: take back one's approval of a draft. */
export interface WithdrawApprovalCommand {
  type: "withdraw_approval";
  draft_id: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Seat: the author takes back an open draft; it stays in the record. */
export interface WithdrawDraftCommand {
  type: "withdraw_draft";
  draft_id: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Seat: send an open draft as the real submit_move or send_message, as if sent directly. */
export interface SubmitDraftCommand {
  type: "submit_draft";
  draft_id: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Seat (its lead) or control: whether only the lead or any member may submit drafts, moves and messages and lock the team's orders. */
export interface SetDraftPolicyCommand {
  type: "set_draft_policy";
  submitter: "lead" | "any";
  seat?: string | null;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control, before or during the game: each phase's duration in seconds and what the server does when it passes: alert (remind only), lock_orders (close the orders of the seats that have not locked; orders phase), advance (open the next phase; in the last phase of the last turn, end the game) or roll (roll the moves still waiting at their proposed odds, then advance; adjudication phase). Every phase that opens from then on gets its deadline from them; a phase left out gets none; an empty list turns the clock off. */
export interface SetClockCommand {
  type: "set_clock";
  phases: ({ phase: "briefing" | "diplomacy" | "orders" | "adjudication" | "results"; seconds: number; on_expiry: "alert" | "lock_orders" | "advance" | "roll" })[];
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control, before the start: replace the game's collection plan (the study's questions). */
export interface SetCollectionPlanCommand {
  type: "set_collection_plan";
  questions: { id: string; question: string; indicators?: string[]; decisions?: string[]; tags?: string[]; questionnaire?: string[] }[];
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: a named analyst; the server then issues the analyst's own link. */
export interface AddAnalystCommand {
  type: "add_analyst";
  name: string;
  grant?: "public" | "all";
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: change what an analyst sees (the public record, or everything). */
export interface GrantAnalystCommand {
  type: "grant_analyst";
  analyst: string;
  grant: "public" | "all";
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: the analyst leaves the game; the analyst's link stops working. */
export interface RemoveAnalystCommand {
  type: "remove_analyst";
  analyst: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Analyst or control: an observation, tagged, about the event at a seq. */
export interface AddObservationCommand {
  type: "add_observation";
  text: string;
  tags?: string[];
  seq?: number | null;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: a question to chosen seats and/or named members: free text, a scale from scale_min to scale_max with labelled ends, or a choice; tied to a decision with about_moves (move ids) or about_turn (the asked seat's moves of that turn), asked then of one seat. */
export interface AskQuestionCommand {
  type: "ask_question";
  text: string;
  kind?: "text" | "scale" | "choice" | null;
  seats?: string[] | null;
  members?: string[] | null;
  choices?: string[] | null;
  scale_min?: number | null;
  scale_max?: number | null;
  low_label?: string | null;
  high_label?: string | null;
  about_moves?: string[] | null;
  about_turn?: number | null;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Seat (each member for themselves; the shared link as the seat): answer a question put to it: 'text' for free text (and as a comment on any kind), 'value' on a scale, 'choice' one of the choices. */
export interface AnswerQuestionCommand {
  type: "answer_question";
  question_id: string;
  text?: string | null;
  value?: number | null;
  choice?: string | null;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: a named adjudicator of the White Cell; the server then issues their own link. */
export interface AddAdjudicatorCommand {
  type: "add_adjudicator";
  name: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** Control: the adjudicator leaves (their estimates stay in the record); their link ends. */
export interface RemoveAdjudicatorCommand {
  type: "remove_adjudicator";
  adjudicator: string;
  expected_seq?: number | null;
  display_name?: string | null;
}

/** An adjudicator (their own link): their estimate of a move's probability of success, given once, before seeing the others'. The facilitator may enter one for a named adjudicator who wrote it on paper ('adjudicator'). */
export interface EstimateProbabilityCommand {
  type: "estimate_probability";
  move_id: string;
  probability?: number | null;
  reason?: string | null;
  adjudicator?: string | null;
  expected_seq?: number | null;
  display_name?: string | null;
}

export type Command =
  | StartGameCommand
  | AdvancePhaseCommand
  | EndGameCommand
  | OpenRecordCommand
  | SetDeadlineCommand
  | ExpireDeadlineCommand
  | PauseCommand
  | ResumeCommand
  | SubmitMoveCommand
  | WithdrawMoveCommand
  | LockOrdersCommand
  | AddArgumentCommand
  | ProposeProbabilityCommand
  | AdjudicateCommand
  | VoidAdjudicationCommand
  | AmendNarrativeCommand
  | RollRemainingCommand
  | RevealMoveCommand
  | PublishNarrativeCommand
  | IssueInjectCommand
  | AdjustIndicatorCommand
  | HoldInjectCommand
  | EditInjectCommand
  | ReleaseInjectCommand
  | SkipInjectCommand
  | SendMessageCommand
  | AddNoteCommand
  | AddMemberCommand
  | RemoveMemberCommand
  | ChooseLeadCommand
  | AssignBotCommand
  | RemoveBotCommand
  | DraftMoveCommand
  | DraftMessageCommand
  | CommentDraftCommand
  | ApproveDraftCommand
  | WithdrawApprovalCommand
  | WithdrawDraftCommand
  | SubmitDraftCommand
  | SetDraftPolicyCommand
  | SetClockCommand
  | SetCollectionPlanCommand
  | AddAnalystCommand
  | GrantAnalystCommand
  | RemoveAnalystCommand
  | AddObservationCommand
  | AskQuestionCommand
  | AnswerQuestionCommand
  | AddAdjudicatorCommand
  | RemoveAdjudicatorCommand
  | EstimateProbabilityCommand;

export type CommandType = Command["type"];

/** How a page sends a command: the game's send, passed down to the parts. */
export type Send = (command: Command) => Promise<unknown>;
