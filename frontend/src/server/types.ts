/** The shapes the server sends: a role's view (wargame/engine/views.py) and the REST bodies.
 * Over 400 lines because it mirrors one document, the view, whose parts refer to each other. */

export type Audience = "all" | string[];
export type Phase = "briefing" | "diplomacy" | "orders" | "adjudication" | "results";
export type Outcome = "success" | "failure";

export interface GameInfo {
  title: string;
  /** A branch: its parent's title and the seq it starts from (its first seq); else null. */
  branch?: { parent_title: string; from_seq: number } | null;
  status: "setup" | "running" | "ended";
  paused: boolean;
  turn: number;
  turns: number;
  turn_label: string | null;
  turn_labels: string[];
  turn_length: string;
  phase: Phase | null;
  phases: Phase[];
  /** The deadline of the current phase (docs/protocol.md); a bare ISO string from older servers. */
  deadline: Deadline | string | null;
  /** When the current phase began, and when the game was paused (null when it runs). */
  phase_started_at?: string | null;
  paused_at?: string | null;
  messaging_phases: Phase[];
  messaging_open: boolean;
  move_quota: number;
  secret_moves_per_game: number;
  free_moves: boolean;
  record_open: boolean;
  /** The clock settings, or null when the White Cell never set any. */
  clock?: ClockSettings | null;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
}

export type OnExpiry = "alert" | "lock_orders" | "advance" | "roll";

/** The game's clock settings: per timed phase its duration and what the server does when it
 * passes (set_clock). Every phase that opens gets its deadline from them. */
export type ClockSettings = Record<string, { seconds: number; on_expiry: OnExpiry }>;

export interface Deadline {
  id: string;
  at: string | null;
  /** Set while the game is paused: the time left, frozen. */
  remaining_seconds: number | null;
  on_expiry: OnExpiry | string;
  turn: number;
  phase: string;
  /** Once the server's clock has acted on it (it stays until the phase changes). */
  expired?: boolean;
}

export interface SeatInfo {
  role: string;
  name: string;
  briefing: string;
  locked: boolean;
  private_briefing?: string;
  /** The team's named members: its own seat's and the White Cell's to see. */
  members?: TeamMember[];
  /** The doctrine of the bot that plays the seat, while one does (own seat and control). */
  bot?: string;
  /** The doctrines a bot may play the seat with (control only). */
  doctrines?: { id: string; name: string; summary: string }[];
}

export interface TeamMember {
  id: string;
  name: string;
  lead: boolean;
}

/** Who acted: the role, a name, and the named member of the seat when the view may say. */
export interface Actor {
  role: string | null;
  name: string | null;
  member?: { id: string; name: string };
  /** A bot playing its seat acted. */
  bot?: true;
}

export interface Objective {
  id: string;
  text: string;
  points: number;
  condition: string | null;
}

export interface Cause {
  kind: string;
  reason?: string;
  move_id?: string;
  adjudication_id?: string;
  inject_id?: string;
}

export interface HistoryPoint {
  seq: number;
  turn: number;
  value: number;
  delta: number;
  cause: Cause;
}

export interface Indicator {
  id: string;
  name: string;
  description: string;
  min: number;
  max: number;
  value: number;
  audience: Audience;
  history: HistoryPoint[];
}

export interface Effect {
  indicator: string;
  delta: number;
}

export interface Modifier {
  label: string;
  add: number;
  if?: unknown;
  per?: unknown;
  /** The points the engine would add now (team views). */
  value?: number;
  /** The condition in words. */
  condition_text?: string | null;
}

export interface Action {
  id: string;
  name: string;
  description: string;
  targets: string[];
  base_probability: number;
  secret_allowed: boolean;
  modifiers: Modifier[];
  effects: { success: Effect[]; failure: Effect[] };
  detection?: Record<string, { chance: number; modifiers: Modifier[] }>;
  /** False when the action's condition fails now: it is not offered. */
  available?: boolean;
  unavailable_reason?: string | null;
}

export interface FreeArgument {
  action: string;
  result: string;
  reasons: string[];
}

export interface ArgumentEntry {
  id: string;
  seq: number;
  seat: string;
  stance: "pro" | "con";
  text: string;
  strong?: boolean;
}

export interface ProposalTerm {
  label: string;
  points: number;
}

export interface Proposal {
  seq: number;
  base: number;
  terms: ProposalTerm[];
  strong: string[];
  strong_pros: number;
  strong_cons: number;
  proposed: number;
  probability: number;
  reason: string | null;
}

export type MoveStatus = "submitted" | "withdrawn" | "announced";

/** A move as the role sees it: in full, or (someone else's unrevealed secret) only its stub. */
export interface Move {
  id: string;
  seat: string;
  turn: number;
  /** Its place among its seat's moves of its turn (1, 2, …), the same in every chair. */
  number?: number | null;
  visibility: "public" | "secret";
  status: MoveStatus;
  commitment: string | null;
  revealed: boolean;
  // Present unless the move is someone else's unrevealed secret:
  action?: string;
  action_name?: string;
  argument?: FreeArgument | null;
  targets?: string[];
  outcome?: Outcome | null;
  adjudication_id?: string | null;
  arguments?: ArgumentEntry[];
  // Own moves and control:
  rationale?: string;
  revision?: number;
  // Control:
  proposal?: Proposal | null;
  detected_by?: string[];
  // Stub of a secret move: whether this seat's intelligence detected it.
  detected?: boolean;
}

export interface AdjudicationEntry {
  move_id: string;
  seat: string;
  probability: number;
  draws: number[];
  outcome: Outcome | null;
  proposed?: number;
  override_reason?: string | null;
}

export interface NarrativeVersion {
  text: string;
  at: string;
  by: string | null;
}

export interface Detection {
  move_id: string;
  seat: string;
  chance: number;
  draw: number;
  detected: boolean;
}

export interface Change {
  indicator: string;
  before: number;
  after: number;
}

export interface Adjudication {
  id: string;
  seq: number;
  turn: number;
  method: "roll" | "decide";
  opposed: boolean;
  moves: string[];
  entries: AdjudicationEntry[];
  narrative: string;
  narrative_history?: NarrativeVersion[];
  reason: string | null;
  voided: boolean;
  void_reason: string | null;
  void_seq: number | null;
  changes: Change[];
  detection?: Detection[];
}

export interface Message {
  id: string;
  seq: number;
  at: string;
  turn: number;
  phase: Phase | null;
  from: string;
  to: string[];
  author: string | null;
  text: string;
}

export interface Inject {
  id: string;
  seq: number;
  turn: number;
  scripted: boolean;
  title: string;
  text: string;
  audience: Audience;
}

export interface Narrative {
  seq: number;
  turn: number;
  text: string;
  scripted: boolean;
}

export interface IntelligenceReport {
  seq: number;
  seat: string;
  move_id: string;
  about: string;
  turn: number;
  action: string;
  action_name: string;
  argument: FreeArgument | null;
  targets: string[];
  adjudication_id: string;
}

export interface Note {
  id: string;
  seq: number;
  at: string;
  turn: number;
  phase: Phase | null;
  role: string;
  author: string | null;
  text: string;
}

export interface TimelineEntry {
  seq: number;
  at: string;
  turn: number;
  phase: Phase | null;
  type: string;
  actor: Actor;
  text: string;
  move_id?: string;
  adjudication_id?: string;
  message_id?: string;
}

export interface Quota {
  moves_per_turn: number;
  moves_this_turn: number;
  secret_per_game: number;
  secret_used: number;
}

/** Control's own: what the White Cell has still to do, and what its commands would do now, as
 *  the engine decides it (the console writes none of these rules again). */
export interface Pending {
  unlocked: string[];
  unadjudicated: string[];
  /** The moves ``adjudicate`` and ``propose_probability`` accept now. */
  adjudicable: string[];
  /** The moves ``roll_remaining`` would roll now. */
  rollable: string[];
  /** The due or held run-sheet items of this turn and before. */
  run_sheet_due: string[];
  /** What ``advance_phase`` would open; null in the last phase of the last turn. */
  next_phase: { turn: number; phase: Phase } | null;
}

export interface SeatScore {
  points: number;
  max: number;
  objectives: { id: string; text: string; points: number; met: boolean }[];
}

export interface View {
  engine_version: number | string;
  seq: number;
  role: string;
  seat: string | null;
  game: GameInfo;
  scenario: { slug: string; title: string; summary: string };
  seats: SeatInfo[];
  objectives: Record<string, Objective[]>;
  indicators: Indicator[];
  actions: Action[];
  quota: Quota | null;
  moves: Move[];
  adjudications: Adjudication[];
  messages: Message[];
  injects: Inject[];
  narratives: Narrative[];
  intelligence: IntelligenceReport[];
  notes: Note[];
  timeline: TimelineEntry[];
  pending: Pending | null;
  /** The team's drafts (its own seat's; every seat's for the White Cell and the open record). */
  drafts: TeamDraft[];
  /** Who submits and locks in each team the role may see. */
  draft_policy: Record<string, DraftPolicy>;
  scores: Record<string, SeatScore> | null;
  /** The questions put to this role (every one for control and once the record is open). */
  questionnaires?: Question[];
  /** The adjudicators' blind estimates: control's (values once all have answered), and
   * everyone's once the record is open; null for other roles before. */
  estimates?: EstimatesView | null;
  // Control only:
  run_sheet?: RunSheetItem[];
  facilitation?: Facilitation;
}

export type DraftPolicy = "lead" | "any";

/** Who wrote a draft, commented or approved: a member, or (member null) the seat's shared link. */
export interface DraftPerson {
  member: string | null;
  name: string | null;
}

/** What a draft holds: a move's fields (with the action's name) or a message's. */
export interface DraftContent {
  action?: string;
  action_name?: string;
  argument?: FreeArgument | null;
  targets?: string[];
  visibility?: "public" | "secret";
  rationale?: string;
  to?: string[];
  text?: string;
}

export interface TeamDraft {
  id: string;
  seat: string;
  kind: "move" | "message";
  status: "open" | "submitted" | "withdrawn";
  author: DraftPerson;
  turn: number;
  phase: string | null;
  /** A move draft: the turn whose orders it is for. */
  for_turn: number | null;
  revision: number;
  content: DraftContent;
  revisions: { revision: number; seq: number; at: string; turn: number; phase: string | null; content: DraftContent }[];
  comments: { id: string; seq: number; at: string; revision: number; text: string; author: DraftPerson }[];
  approvals: (DraftPerson & { seq: number })[];
  created_seq: number;
  closed_seq: number | null;
  result: { move_id?: string; message_id?: string; by: DraftPerson } | null;
  /** A move draft whose orders phase has passed. */
  stale: boolean;
  /** Why the open draft cannot be submitted now, whoever sends it. */
  blocked: string | null;
}

export interface QuestionAnswer {
  question_id: string;
  seat: string;
  member: string | null;
  name: string | null;
  text: string;
  value: number | null;
  choice: string | null;
  seq: number;
  at: string;
}

/** A question to the players: from the scenario (at the end of a turn or of the game) or
 * asked by the White Cell; `about` lists, per seat, the moves it asks about. */
export interface Question {
  id: string;
  text: string;
  kind: "text" | "scale" | "choice";
  choices: string[];
  scale: { min: number; max: number; low: string; high: string } | null;
  turn: number | null;
  source: "scenario" | "white_cell";
  seq: number | null;
  seats: string[];
  members: { id: string; name: string; seat: string }[];
  whole_seats: string[];
  about: Record<string, string[]>;
  tied: boolean;
  answers: QuestionAnswer[];
}

export interface Estimate {
  adjudicator: string;
  name: string;
  probability: number;
  reason: string | null;
  seq: number;
}

export interface EstimateRound {
  answered: string[];
  complete: boolean;
  estimates: Estimate[];
  spread: { min: number; max: number; range: number; mean: number } | null;
}

export interface EstimatesView {
  adjudicators: { id: string; name: string; active: boolean }[];
  moves: Record<string, EstimateRound>;
}

export type RunSheetStatus = "due" | "held" | "issued" | "skipped";

/** A scripted inject or narrative in the White Cell's run-sheet. */
export interface RunSheetItem {
  id: string;
  kind: "inject" | "narrative";
  turn: number;
  title: string;
  text: string;
  audience: "public" | "all" | string[];
  status: RunSheetStatus;
  condition: string | null;
  condition_met: boolean | null;
  scripted: { title: string; text: string; audience: "public" | "all" | string[] };
  edited_by: string | null;
  skip_reason: string | null;
  issued_seq: number | null;
  effects: Effect[];
}

export interface Facilitation {
  notes: string;
  turn_notes: string | null;
  timing: Partial<Record<Phase, number>>;
}

/** Who is connected, per role (control's sockets receive it). */
export interface Presence {
  roles: Record<string, { connected: number; names: string[] }>;
}

// ---- REST bodies ----------------------------------------------------------------------------

export interface ScenarioSummary {
  slug: string;
  title: string;
  summary: string;
  roles: string[];
  turns: number;
  /** Its phases, in order (older servers: absent). */
  phases?: string[];
}

export interface GameSummary {
  id: string;
  title: string;
  scenario: string;
  status: string;
  seq: number;
  turn: number;
  phase: string | null;
  replay_open: boolean;
  created_at?: string;
  head_hash?: string;
  /** "recorded" here, or imported: "verified" (signed by a trusted key) or "unverified". */
  origin?: "recorded" | "verified" | "unverified";
  origin_note?: string;
  /** A branch: the game it was started from and the seq it starts at (else both null). */
  parent_id?: string | null;
  fork_seq?: number | null;
}

export interface SeatLink {
  role: string;
  token: string;
  join_url: string;
}

export interface CreatedGame extends GameSummary {
  seats: SeatLink[];
  observer: { token: string; join_url: string };
}

export interface StoredEvent {
  seq: number;
  type: string;
  actor: Actor;
  at: string;
  data: Record<string, unknown>;
}

/** ``GET /api/games/{id}/state/``: a role's view, now or at a seq. */
export interface StateBody {
  seq: number;
  server_time?: string;
  role: string;
  view: View;
}

export interface CommandResult {
  seq: number;
  events: StoredEvent[];
}
