import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { message, view } from "../test/fixtures";
import { Messages } from "./Messages";

afterEach(cleanup);

describe("Messages", () => {
  it("opens the latest room and answers to its members", async () => {
    const send = vi.fn(async () => ({}));
    const v = view({ messages: [message("msg1", 3, "moscow", ["beijing", "pyongyang"], "Shall we meet?")] });
    render(<Messages view={v} me="beijing" send={send} />);
    expect(screen.getByText("Shall we meet?")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Message to Moscow, Pyongyang"), { target: { value: "Yes." } });
    fireEvent.click(screen.getByRole("button", { name: "Send" }));
    await vi.waitFor(() => expect(send).toHaveBeenCalled());
    expect(send).toHaveBeenCalledWith({ type: "send_message", to: ["moscow", "pyongyang"], text: "Yes." });
  });
  it("says when messaging is closed", () => {
    const v = view({ game: { ...view().game, phase: "adjudication", messaging_open: false } });
    render(<Messages view={v} me="beijing" send={vi.fn()} />);
    expect(screen.getByText("Messaging is closed in the Adjudication phase.")).toBeTruthy();
    expect((screen.getByRole("button", { name: "Send" }) as HTMLButtonElement).disabled).toBe(true);
  });
});
