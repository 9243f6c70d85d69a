import { cleanup } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { connectionText } from "./GameBar";

afterEach(cleanup);

describe("connectionText", () => {
  it("tells the user what the socket is doing", () => {
    expect(connectionText({ kind: "live" }, 0)).toBe("Live");
    expect(connectionText({ kind: "reconnecting", attempt: 2, retryAt: 3500 }, 1000)).toBe("Reconnecting in 3 s…");
    expect(connectionText({ kind: "offline" }, 0)).toMatch(/Offline/);
    expect(connectionText({ kind: "denied", code: 4401, message: "x" }, 0)).toBe("Disconnected");
  });
});
