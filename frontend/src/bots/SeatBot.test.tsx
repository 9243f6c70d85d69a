import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Command } from "../server/commands.gen";
import type { SeatInfo } from "../server/types";
import { BotMark, BotPlaysSeat, SeatBotCell } from "./SeatBot";

afterEach(cleanup);

const doctrines = [
  { id: "cautious", name: "Cautious", summary: "Waits on the trend" },
  { id: "assertive", name: "Assertive", summary: "Uses its leverage" },
];
const seat = (extra: Partial<SeatInfo> = {}): SeatInfo => ({ role: "beijing", name: "Beijing", briefing: "", locked: false, doctrines, ...extra });

function recorder() {
  const sent: Command[] = [];
  return { sent, send: async (command: Command) => void sent.push(command) };
}

describe("a bot in a seat", () => {
  it("puts a bot with the chosen doctrine in a seat the team plays", () => {
    const { sent, send } = recorder();
    render(<SeatBotCell seat={seat()} send={send} />);
    expect(screen.queryByText("Take the bot out")).toBeNull();
    fireEvent.change(screen.getByLabelText("Doctrine"), { target: { value: "assertive" } });
    fireEvent.click(screen.getByText("Put a bot in this seat"));
    expect(sent).toEqual([{ type: "assign_bot", seat: "beijing", doctrine: "assertive" }]);
  });

  it("says which doctrine plays and takes the bot out", () => {
    const { sent, send } = recorder();
    render(<SeatBotCell seat={seat({ bot: "cautious" })} send={send} />);
    expect(screen.getByTestId("seat-bot-beijing").textContent).toContain("Bot playing Cautious");
    // Another doctrine needs the bot taken out first (the engine refuses already_bot).
    expect(screen.queryByText("Put a bot in this seat")).toBeNull();
    expect(screen.queryByLabelText("Doctrine")).toBeNull();
    fireEvent.click(screen.getByText("Take the bot out"));
    expect(sent).toEqual([{ type: "remove_bot", seat: "beijing" }]);
  });

  it("tells the team and marks the bot's timeline entries, and nothing for people", () => {
    render(<BotPlaysSeat seat={seat({ bot: "assertive" })} />);
    expect(screen.getByTestId("bot-plays-seat").textContent).toContain("A bot plays this seat (Assertive)");
    cleanup();
    const { container } = render(<BotPlaysSeat seat={seat()} />);
    expect(container.textContent).toBe("");
    render(<BotMark actor={{ role: "beijing", name: "Bot (cautious: Cautious)", bot: true }} />);
    expect(screen.getByTestId("bot-actor").textContent).toBe(" (bot)");
    cleanup();
    expect(render(<BotMark actor={{ role: "beijing", name: "Ada" }} />).container.textContent).toBe("");
  });
});
