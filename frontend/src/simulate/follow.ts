/** A simulation's progress over its socket (`/ws/simulations/{id}/`, docs/protocol.md): each frame
 * is the simulation as `GET /api/simulations/{id}/` shows it; the server closes with 1000 once it
 * has ended. A socket that cannot open, or closes otherwise, hands over to polling the API. */

import type { SocketLike } from "../server/socket";
import type { Simulation } from "./api";

export function simulationSocketUrl(location: { protocol: string; host: string }, id: string, token?: string | null): string {
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  const query = token ? `?${new URLSearchParams({ token }).toString()}` : "";
  return `${scheme}://${location.host}/ws/simulations/${encodeURIComponent(id)}/${query}`;
}

export interface Follow {
  url: string;
  onSimulation: (simulation: Simulation) => void;
  /** The socket failed before the simulation ended: follow it another way. */
  onLost: () => void;
  create?: (url: string) => SocketLike;
}

/** Follow until the simulation ends; returns the function that stops following. */
export function followSimulation({ url, onSimulation, onLost, create }: Follow): () => void {
  const socket = (create ?? ((address: string) => new WebSocket(address) as unknown as SocketLike))(url);
  let stopped = false;
  let ended = false;
  socket.onmessage = (event) => {
    if (stopped || typeof event.data !== "string") return;
    let frame: { type?: string; simulation?: Simulation };
    try {
      frame = JSON.parse(event.data);
    } catch {
      return;
    }
    if (frame.type !== "simulation" || !frame.simulation) return;
    ended = frame.simulation.status !== "running";
    onSimulation(frame.simulation);
  };
  socket.onclose = (event) => {
    if (!stopped && !(event.code === 1000 && ended)) onLost();
  };
  return () => {
    stopped = true;
    socket.close(1000);
  };
}
