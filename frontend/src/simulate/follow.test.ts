import { describe, expect, it, vi } from "vitest";
import type { SocketLike } from "../server/socket";
import type { Simulation } from "./api";
import { followSimulation, simulationSocketUrl } from "./follow";

function fakeSocket() {
  const socket: SocketLike & { closed: number | null } = {
    readyState: 1,
    closed: null,
    send: () => undefined,
    close(code?: number) {
      this.closed = code ?? null;
    },
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
  };
  return socket;
}

const simulation = (status: Simulation["status"], runsDone: number) =>
  ({ id: "s1", status, runs: 10, progress: { runs_done: runsDone, chunks: 2, chunks_done: runsDone / 5, chunks_running: 0 } }) as Simulation;

describe("following a simulation over its socket", () => {
  it("builds the socket's address with the token, if any", () => {
    expect(simulationSocketUrl({ protocol: "https:", host: "w.example" }, "s 1", "t&k")).toBe("wss://w.example/ws/simulations/s%201/?token=t%26k");
    expect(simulationSocketUrl({ protocol: "http:", host: "127.0.0.1:8000" }, "s1")).toBe("ws://127.0.0.1:8000/ws/simulations/s1/");
  });

  it("hands on every frame, and a close after the end is no loss", () => {
    const socket = fakeSocket();
    const seen: number[] = [];
    const onLost = vi.fn();
    followSimulation({ url: "ws://x", create: () => socket, onSimulation: (s) => seen.push(s.progress.runs_done), onLost });
    socket.onmessage!({ data: JSON.stringify({ type: "simulation", simulation: simulation("running", 5) }) });
    socket.onmessage!({ data: "not json" });
    socket.onmessage!({ data: JSON.stringify({ type: "simulation", simulation: simulation("done", 10) }) });
    socket.onclose!({ code: 1000 });
    expect(seen).toEqual([5, 10]);
    expect(onLost).not.toHaveBeenCalled();
  });

  it("says the socket is lost when it closes before the end", () => {
    for (const code of [1006, 1000, 4403]) {
      const socket = fakeSocket();
      const onLost = vi.fn();
      followSimulation({ url: "ws://x", create: () => socket, onSimulation: () => undefined, onLost });
      socket.onmessage!({ data: JSON.stringify({ type: "simulation", simulation: simulation("running", 5) }) });
      socket.onclose!({ code });
      expect(onLost).toHaveBeenCalledOnce();
    }
  });

  it("stops quietly when the page stops following", () => {
    const socket = fakeSocket();
    const onLost = vi.fn();
    const stop = followSimulation({ url: "ws://x", create: () => socket, onSimulation: () => undefined, onLost });
    stop();
    socket.onclose!({ code: 1000 });
    expect(socket.closed).toBe(1000);
    expect(onLost).not.toHaveBeenCalled();
  });
});
