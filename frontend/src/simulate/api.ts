/** The simulations API (docs/protocol.md): start simulated iterations of a game, follow them. */

import type { Api } from "../server/api";
import type { CreatedGame } from "../server/types";

export interface Quartiles extends Array<number> {
  0: number;
  1: number;
  2: number;
  3: number;
  4: number;
}

export interface SimulationResults {
  runs: number;
  /** The turn the first point of each trajectory ends (absent in older results: 1). */
  first_turn?: number;
  indicators: {
    id: string;
    name: string;
    final: Quartiles | null;
    mean: number | null;
    turns: Quartiles[];
    real?: { value: number; percentile: number };
  }[];
  objectives: { seat: string; id: string; text: string; met: number; share: number; interval: [number, number] }[];
  pairings: { doctrines: Record<string, string>; runs: number; objectives: Record<string, number | null> }[];
  doctrines: { seat: string; doctrine: string; runs: number; objectives: { seat: string; id: string; share: number; interval: [number, number] }[] }[];
}

export interface Simulation {
  id: string;
  game: string | null;
  scenario: string;
  from_seq: number;
  runs: number;
  seed: number;
  doctrines: Record<string, string[]>;
  pairings: Record<string, string>[];
  status: "running" | "done" | "cancelled" | "failed";
  progress: { chunks: number; chunks_done: number; chunks_running: number; runs_done: number };
  error: string;
  results: SimulationResults | null;
}

export interface StartSimulation {
  runs: number;
  from_seq?: number;
  seed?: number;
  doctrines?: Record<string, string | string[]>;
}

export function startSimulation(api: Api, gameId: string, body: StartSimulation): Promise<Simulation> {
  return api.request("POST", `/api/games/${encodeURIComponent(gameId)}/simulations/`, body);
}

export function simulation(api: Api, id: string): Promise<Simulation> {
  return api.request("GET", `/api/simulations/${encodeURIComponent(id)}/`);
}

export function cancelSimulation(api: Api, id: string): Promise<Simulation> {
  return api.request("POST", `/api/simulations/${encodeURIComponent(id)}/cancel/`);
}

/** Run ``index`` of a simulation played again as a full game (a branch at the simulation's seq),
 * with the run's seed and the bots' commands, to open in the replay. */
export function openRun(api: Api, id: string, index: number): Promise<CreatedGame> {
  return api.request("POST", `/api/simulations/${encodeURIComponent(id)}/runs/${index}/game/`);
}
