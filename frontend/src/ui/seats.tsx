/** Seats: their colours and the tag that names one. */

import type { View } from "../server/types";
import { seatName } from "./format";

const SEAT_COLOURS: Record<string, string> = {
  beijing: "#a4343a",
  moscow: "#6a4c93",
  pyongyang: "#2a7a6c",
  washington: "#1f4e8c",
  control: "#3c4756",
  observer: "#6b7480",
};
const SPARE_COLOURS = ["#8a5a00", "#1b6f8a", "#7a3b69", "#4d6b1f"];

export function seatColour(role: string, index = 0): string {
  return SEAT_COLOURS[role] ?? SPARE_COLOURS[index % SPARE_COLOURS.length];
}

export function SeatTag({ view, role }: { view: Pick<View, "seats"> | null; role: string }) {
  const index = view ? view.seats.findIndex((s) => s.role === role) : 0;
  return (
    <span className="seat-tag" style={{ ["--seat" as string]: seatColour(role, index) }}>
      {seatName(view, role)}
    </span>
  );
}
