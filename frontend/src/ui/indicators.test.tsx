import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { indicator, view } from "../test/fixtures";
import { IndicatorList } from "./indicators";

afterEach(cleanup);

describe("IndicatorList", () => {
  it("shows value, range, the change this turn and who may see a restricted one", () => {
    const v = view({ indicators: [indicator(), indicator({ id: "readiness", name: "Readiness", audience: ["pyongyang", "moscow"], max: 100, value: 50, history: [] })] });
    render(<IndicatorList view={v} />);
    const items = screen.getAllByRole("listitem");
    expect(items[0].textContent).toContain("Escalation rung");
    expect(items[0].textContent).toContain("/ 20");
    expect(items[0].textContent).toContain("+2");
    expect(items[0].textContent).toContain("this turn, rising");
    expect(items[1].textContent).toContain("restricted");
    expect(screen.getByTitle("Seen by Pyongyang, Moscow")).toBeTruthy();
  });
});
