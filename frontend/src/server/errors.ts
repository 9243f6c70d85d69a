/**
 * The engine's and server's refusals in the words of the person reading them. The engine's
 * messages are written for scripts (they name commands, fields and ids); the pages show these
 * instead, keeping the engine's message only where it already reads as plain language.
 */


import { moveLabel } from "../ui/format";

/** Plain words for the codes whose engine message names a command, a field or an id. */
const PLAIN: Record<string, string> = {
  orders_open: "Not every team has locked its orders yet. Wait for them, or use Force… to close the orders anyway.",
  moves_pending: "Some moves are not adjudicated yet. Adjudicate them, or use Force… to move on anyway.",
  last_turn: "This is the last phase of the last turn: end the game instead.",
  already_adjudicated: "This move has already been adjudicated. Void that result first to adjudicate it again.",
  already_voided: "That result has already been voided.",
  already_revealed: "This move has already been revealed.",
  already_locked: "Your orders are already locked.",
  already_paused: "The game is already paused.",
  not_paused: "The game is not paused.",
  game_paused: "The game is paused. Wait until the White Cell resumes it.",
  not_running: "The game is not running.",
  no_game: "There is no game yet.",
  move_closed: "This move can no longer be changed or withdrawn.",
  move_withdrawn: "This move was withdrawn.",
  not_adjudicated: "This move has no result yet.",
  not_announced: "This move is not announced yet: it is announced when the orders close.",
  not_public: "This move is secret.",
  not_secret: "This move is public already.",
  wrong_turn: "This move belongs to another turn.",
  own_move: "Arguments are for other teams' moves, not your own.",
  orders_locked: "Your orders are locked for this turn.",
  messaging_closed: "Messaging is closed in this phase.",
  free_moves_disabled: "This scenario allows only the moves in the list.",
  action_unavailable: "This move is not available now.",
  nothing_to_roll: "Every move of this turn already has a result.",
  deadline_not_due: "The deadline has not passed yet.",
  stale_seq: "Someone else acted at the same moment. Look at the page again and retry.",
  throttled: "Too many requests: wait a moment and try again.",
  unavailable: "The server is busy. Try again in a moment.",
  not_authenticated: "This link is not valid any more. Ask the facilitator for a new one.",
  forbidden: "Your role may not do this.",
  not_found: "There is no such game.",
  too_large: "That is too long to send.",
};

/** Words that belong to the protocol, not to a person. */
const TECHNICAL = /\b(force: ?true|[a-z]+_[a-z_]+\(|null|true|false)\b|[a-z]+_[a-z]+ *:|\b(adj|arg|msg|note)\d+\b|\b(m|adj|arg|msg|note)-[0-9a-f]{12}\b|[0-9a-f]{16,}/;

/** Replace ids and command names the engine's messages may carry with words. */
export function plainWords(text: string): string {
  let out = plainIds(text)
    .replace(/[;,]?\s*send force: ?true[^.;]*/gi, "")
    .replace(/\buse end_game\b/gi, "end the game instead")
    .replace(/\b([a-z]+)_([a-z]+)\b/g, "$1 $2")
    .trim();
  if (!out) return out;
  out = out[0].toUpperCase() + out.slice(1);
  if (!/[.!?)]$/.test(out)) out += ".";
  return out;
}

/** The message to show for a refusal with this code and the server's own message. */
export function plainError(code: string | null | undefined, message: string): string {
  if (code === "origin_not_verified") {
    // The server names why (unsigned, or signed by a key it does not trust); the page says what to do.
    const reason = plainWords(message.split(":")[0]).replace(/\.$/, "");
    return `${reason}. To import it anyway, tick “Accept a record whose signature this server does not trust”: the game is then marked “origin not verified”.`;
  }
  if (code && PLAIN[code]) {
    // Keep the names the engine listed (who has not locked, which moves are pending).
    const listed = /\(([^)]*)\)|: ([^;]*);?/.exec(message);
    if (code === "orders_open" && listed?.[1]) return `Not every team has locked its orders yet (not locked: ${titleList(listed[1])}). Wait for them, or use Force… to close the orders anyway.`;
    if (code === "moves_pending" && listed?.[2]) {
      const moves = plainWords(listed[2]).replace(/\.$/, "");
      return `Some moves are not adjudicated yet (${moves[0].toLowerCase()}${moves.slice(1)}). Adjudicate them, or use Force… to move on anyway.`;
    }
    return PLAIN[code];
  }
  return plainWords(message);
}

function titleList(text: string): string {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => s[0].toUpperCase() + s.slice(1))
    .join(", ");
}

/** True when a text still carries something only a program should read (used by the tests). */
export function looksTechnical(text: string): boolean {
  return TECHNICAL.test(text);
}

const OPAQUE: Array<[RegExp, string]> = [
  [/\badj-[0-9a-f]{12}\b/g, "the result"],
  [/\barg-[0-9a-f]{12}\b/g, "an argument"],
  [/\bmsg-[0-9a-f]{12}\b/g, "a message"],
  [/\bnote-[0-9a-f]{12}\b/g, "a note"],
  [/\badhoc:[0-9a-f]{12}\b/g, "an ad-hoc inject"],
];

/** The record's one-line texts with the engine's ids named as people name them: a move by its
 * seat and number ("Beijing's move 2", from `moves`, the moves the chair sees), other opaque
 * ids by what they are, and the numbered ids of older logs ("m3" → "move 3"). */
export function plainIds(
  text: string,
  moves: ReadonlyArray<{ id: string; seat: string; number?: number | null }> = [],
  seatName: (seat: string) => string = (seat) => seat,
): string {
  let out = text.replace(/\b(?:move )?(m-[0-9a-f]{12})\b/g, (_, id: string) => {
    const move = moves.find((m) => m.id === id);
    return move ? `${seatName(move.seat)}'s ${moveLabel(move).toLowerCase()}` : "a move";
  });
  for (const [pattern, words] of OPAQUE) out = out.replace(pattern, words);
  return out
    .replace(/\bmove m(\d+)\b/g, "move $1")
    .replace(/\bm(\d+)\b/g, "move $1")
    .replace(/\badj(\d+)\b/g, "result $1")
    .replace(/\barg(\d+)\b/g, "argument $1")
    .replace(/\bmsg(\d+)\b/g, "message $1")
    .replace(/\bnote(\d+)\b/g, "note $1");
}
