/** A small seat view for the unit tests, shaped like wargame/engine/views.py output. */

import type { Indicator, Message, Move, View } from "../server/types";

export function indicator(overrides: Partial<Indicator> = {}): Indicator {
  return {
    id: "escalation",
    name: "Escalation rung",
    description: "From 0 (calm) to 20 (open war).",
    min: 0,
    max: 20,
    value: 7,
    audience: "all",
    history: [
      { seq: 1, turn: 0, value: 4, delta: 0, cause: { kind: "start" } },
      { seq: 9, turn: 1, value: 5, delta: 1, cause: { kind: "inject", inject_id: "t1.a" } },
      { seq: 20, turn: 2, value: 6, delta: 1, cause: { kind: "adjustment", reason: "r" } },
      { seq: 25, turn: 2, value: 7, delta: 1, cause: { kind: "undisclosed" } },
    ],
    ...overrides,
  };
}

export function message(id: string, seq: number, from: string, to: string[], text = "hello"): Message {
  return { id, seq, at: "2026-01-01T10:00:00Z", turn: 1, phase: "diplomacy", from, to, author: null, text };
}

export function move(overrides: Partial<Move> = {}): Move {
  return {
    id: "m1",
    seat: "beijing",
    turn: 1,
    visibility: "public",
    status: "announced",
    commitment: null,
    revealed: false,
    action: "beijing.trade_squeeze",
    action_name: "Slow the border trade",
    argument: null,
    targets: ["pyongyang"],
    outcome: null,
    adjudication_id: null,
    arguments: [],
    ...overrides,
  };
}

export function view(overrides: Partial<View> = {}): View {
  return {
    engine_version: 1,
    seq: 30,
    role: "beijing",
    seat: "beijing",
    game: {
      title: "Test game",
      status: "running",
      paused: false,
      turn: 2,
      turns: 2,
      turn_label: "Month 2",
      turn_labels: ["Month 1", "Month 2"],
      turn_length: "one month",
      phase: "orders",
      phases: ["briefing", "diplomacy", "orders", "adjudication", "results"],
      deadline: null,
      messaging_phases: ["briefing", "diplomacy", "orders"],
      messaging_open: true,
      move_quota: 2,
      secret_moves_per_game: 1,
      free_moves: true,
      record_open: false,
      created_at: "2026-01-01T09:00:00Z",
      started_at: "2026-01-01T09:05:00Z",
      ended_at: null,
    },
    scenario: { slug: "tutorial", title: "Tutorial", summary: "A warm-up." },
    seats: [
      { role: "beijing", name: "Beijing", briefing: "b", locked: false, private_briefing: "secret b" },
      { role: "moscow", name: "Moscow", briefing: "m", locked: true },
      { role: "pyongyang", name: "Pyongyang", briefing: "p", locked: false },
      { role: "washington", name: "Washington", briefing: "w", locked: false },
    ],
    objectives: { beijing: [{ id: "o", text: "Keep leverage", points: 2, condition: "x >= 60" }] },
    indicators: [indicator()],
    actions: [],
    quota: { moves_per_turn: 2, moves_this_turn: 0, secret_per_game: 1, secret_used: 0 },
    moves: [],
    adjudications: [],
    messages: [],
    injects: [],
    narratives: [],
    intelligence: [],
    notes: [],
    timeline: [],
    pending: null,
    drafts: [],
    draft_policy: { beijing: "any" },
    scores: null,
    ...overrides,
  };
}
