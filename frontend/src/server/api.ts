/** The REST client: a seat's or observer's token, or the facilitator's session (with CSRF). */

import type { Command, SetClockCommand } from "./commands.gen";
import { plainError } from "./errors";
import type { CommandResult, CreatedGame, GameSummary, ScenarioSummary, SeatLink, StateBody, StoredEvent } from "./types";

/** One phase of the clock settings, as set_clock takes it. */
export type PhaseClock = SetClockCommand["phases"][number];

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown = null,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** Read a cookie (the CSRF token Django sets on the pages). */
export function cookie(name: string, source: string = document.cookie): string | null {
  for (const part of source.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return null;
}

/** A readable message for any failure: an API rejection, a network error or anything else. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return plainError(error.code, error.message);
  if (error instanceof TypeError) return "The server cannot be reached. Check the connection and try again.";
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Turn a failed response into an ApiError with the server's own words where it gave them. */
export async function errorFrom(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (error && typeof error.message === "string") {
    return new ApiError(
      response.status,
      typeof error.code === "string" ? error.code : "error",
      error.message,
      body,
    );
  }
  const fallback: Record<number, string> = {
    401: "You are not signed in, or this link is no longer valid.",
    403: "Your role may not do this.",
    404: "There is no such game.",
    413: "That is too long to send.",
    429: "Too many requests: wait a moment and try again.",
  };
  return new ApiError(
    response.status,
    "http_" + response.status,
    fallback[response.status] ?? `The server answered ${response.status}. Try again.`,
    body,
  );
}

/** An Idempotency-Key that works on plain-http LAN deployments too (no randomUUID there). */
export function newKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export interface ClientOptions {
  /** A seat or observer token; without one the facilitator's session is used. */
  token?: string | null;
  /** Control only: see the game as this role (the plenary screen uses "observer"). */
  as?: string | null;
  fetch?: typeof fetch;
}

export class Api {
  readonly token: string | null;
  readonly as: string | null;
  private readonly doFetch: typeof fetch;

  constructor(options: ClientOptions = {}) {
    this.token = options.token ?? null;
    this.as = options.as ?? null;
    this.doFetch = options.fetch ?? ((...args) => fetch(...args));
  }

  headers(unsafe: boolean): Record<string, string> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    if (unsafe) {
      headers["Content-Type"] = "application/json";
      if (!this.token) {
        const csrf = typeof document !== "undefined" ? cookie("csrftoken") : null;
        if (csrf) headers["X-CSRFToken"] = csrf;
      }
    }
    return headers;
  }

  async request<T>(method: string, path: string, body?: unknown, extra: Record<string, string> = {}): Promise<T> {
    const unsafe = method !== "GET";
    const response = await this.doFetch(path, {
      method,
      headers: { ...this.headers(unsafe), ...extra },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
    if (!response.ok) throw await errorFrom(response);
    return (await response.json()) as T;
  }

  private withAs(path: string, params: Record<string, string | number> = {}): string {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params)) query.set(key, String(value));
    if (this.as) query.set("as", this.as);
    const text = query.toString();
    return text ? `${path}?${text}` : path;
  }

  scenarios(): Promise<ScenarioSummary[]> {
    return this.request("GET", "/api/scenarios/");
  }

  games(): Promise<GameSummary[]> {
    return this.request("GET", "/api/games/");
  }

  /** A new game; `clock`, set_clock's phases, times its phases from the start. */
  createGame(scenario: string, title: string, clock?: PhaseClock[]): Promise<CreatedGame> {
    return this.request("POST", "/api/games/", clock && clock.length ? { scenario, title, clock } : { scenario, title });
  }

  /** A game's summary: status, head of the log (`head_hash`) and where it came from. */
  game(id: string): Promise<GameSummary> {
    return this.request("GET", `/api/games/${encodeURIComponent(id)}/`);
  }

  /** Import an exported log (JSON Lines) as a new game; `unverified` accepts an unsigned or
   * untrusted log, which is then marked "origin not verified". */
  async importGame(log: Blob | string, unverified: boolean): Promise<GameSummary> {
    const response = await this.doFetch(`/api/games/import/${unverified ? "?unverified=true" : ""}`, {
      method: "POST",
      headers: { ...this.headers(true), "Content-Type": "application/jsonl" },
      body: log,
      credentials: "same-origin",
      cache: "no-store",
    });
    if (!response.ok) throw await errorFrom(response);
    return (await response.json()) as GameSummary;
  }

  state(id: string): Promise<StateBody> {
    return this.request("GET", this.withAs(`/api/games/${encodeURIComponent(id)}/state/`));
  }

  /** A view at a seq (the replay): ``as`` overrides the client's own for this one request. */
  stateAt(id: string, at: number | null, as: string | null = this.as): Promise<StateBody> {
    const query = new URLSearchParams();
    if (at !== null) query.set("at", String(at));
    if (as) query.set("as", as);
    const text = query.toString();
    return this.request("GET", `/api/games/${encodeURIComponent(id)}/state/${text ? "?" + text : ""}`);
  }

  /** A file from the API (report, CSV, log) with this client's credentials, as a Blob. */
  async download(path: string): Promise<{ blob: Blob; filename: string | null }> {
    const response = await this.doFetch(path, {
      method: "GET",
      headers: { ...this.headers(false), Accept: "*/*" },
      credentials: "same-origin",
      cache: "no-store",
    });
    if (!response.ok) throw await errorFrom(response);
    const disposition = response.headers.get("Content-Disposition") ?? "";
    const match = /filename="?([^";]+)"?/.exec(disposition);
    return { blob: await response.blob(), filename: match ? match[1] : null };
  }

  events(id: string, after = 0): Promise<{ events: StoredEvent[]; seq: number; next_after: number | null }> {
    return this.request("GET", this.withAs(`/api/games/${encodeURIComponent(id)}/events/`, { after }));
  }

  command(id: string, command: Command, key: string = newKey()): Promise<CommandResult> {
    return this.request("POST", `/api/games/${encodeURIComponent(id)}/commands/`, command, {
      "Idempotency-Key": key,
    });
  }

  newSeatToken(id: string, role: string): Promise<SeatLink> {
    return this.request(
      "POST",
      `/api/games/${encodeURIComponent(id)}/seats/${encodeURIComponent(role)}/token/`,
    );
  }
}
