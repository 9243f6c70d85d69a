/** The indicators tab: adjust one by a delta or to a value, with the reason the record keeps. */

import { useId, useState } from "react";
import type { AdjustIndicatorCommand, Send } from "../server/commands.gen";
import type { View } from "../server/types";
import { ErrorNote, useAction } from "../ui/actions";
import { IndicatorList } from "../ui/indicators";
import { Section } from "../ui/layout";

export function Indicators({ view, send }: { view: View; send: Send }) {
  const [indicator, setIndicator] = useState(view.indicators[0]?.id ?? "");
  const [mode, setMode] = useState<"delta" | "value">("delta");
  const [amount, setAmount] = useState("");
  const [reason, setReason] = useState("");
  const action = useAction();
  const ids = { ind: useId(), amount: useId(), reason: useId() };
  const chosen = view.indicators.find((i) => i.id === indicator);
  return (
    <>
      <Section title="Adjust an indicator" id="adjust-title">
        <form
          className="adjust-form"
          onSubmit={async (e) => {
            e.preventDefault();
            const n = Math.round(Number(amount));
            if (amount === "" || Number.isNaN(n)) return;
            const command: AdjustIndicatorCommand = { type: "adjust_indicator", indicator, reason: reason.trim() };
            if (mode === "delta") command.delta = n;
            else command.value = n;
            if (await action.run(() => send(command))) {
              setAmount("");
              setReason("");
            }
          }}
        >
          <div className="form-grid">
            <div className="field">
              <label htmlFor={ids.ind}>Indicator</label>
              <select id={ids.ind} value={indicator} onChange={(e) => setIndicator(e.target.value)}>
                {view.indicators.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.name} (now {i.value})
                  </option>
                ))}
              </select>
            </div>
            <fieldset>
              <legend>Change</legend>
              <label className="check">
                <input type="radio" name="adjust-mode" checked={mode === "delta"} onChange={() => setMode("delta")} /> by
              </label>
              <label className="check">
                <input type="radio" name="adjust-mode" checked={mode === "value"} onChange={() => setMode("value")} /> to
              </label>
            </fieldset>
            <div className="field">
              <label htmlFor={ids.amount}>{mode === "delta" ? "Amount (+ or −)" : "New value"}</label>
              <input id={ids.amount} type="number" className="narrow" value={amount} onChange={(e) => setAmount(e.target.value)} min={mode === "value" ? chosen?.min : undefined} max={mode === "value" ? chosen?.max : undefined} />
            </div>
          </div>
          <div className="field">
            <label htmlFor={ids.reason}>Reason (kept in the record)</label>
            <input id={ids.reason} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} required />
          </div>
          <ErrorNote error={action.error} />
          <button type="submit" className="primary" disabled={action.busy || amount === "" || !reason.trim()}>
            Adjust
          </button>
        </form>
      </Section>
      <Section title="All indicators" id="all-indicators">
        <IndicatorList view={view} />
      </Section>
    </>
  );
}
