/** The orders tab: the quota, this turn's moves with change and withdraw, lock, and the form. */

import { useEffect, useState } from "react";
import type { Send } from "../server/commands.gen";
import type { Move, View } from "../server/types";
import { ConfirmButton, ErrorNote, useAction } from "../ui/actions";
import { moveLabel, moveTitle, phaseLabel } from "../ui/format";
import { Section } from "../ui/layout";
import { MoveCard } from "../ui/moves";
import { OrdersForm } from "./OrdersForm";

export function Orders({ view, send, onDrafted }: { view: View; send: Send; onDrafted?: () => void }) {
  const [editing, setEditing] = useState<Move | null>(null);
  const withdraw = useAction();
  const lock = useAction();
  const seat = view.seats.find((s) => s.role === view.seat)!;
  const game = view.game;
  const mine = view.moves.filter((m) => m.seat === view.seat && m.turn === game.turn && m.status !== "withdrawn");
  const quota = view.quota!;
  const ordersOpen = game.status === "running" && game.phase === "orders";
  const full = quota.moves_this_turn >= quota.moves_per_turn && !editing;
  const disabledReason =
    game.status === "setup"
      ? "The game has not started yet."
      : game.status === "ended"
        ? "The game is over."
        : game.paused
          ? "The game is paused."
          : !ordersOpen
            ? `Orders can be submitted in the Orders phase; this is the ${phaseLabel(game.phase)} phase.`
            : seat.locked
              ? "Your orders are locked for this turn."
              : full
                ? `Your team has used all ${quota.moves_per_turn} moves of this turn. Withdraw or change one to make another.`
                : null;

  useEffect(() => {
    if (editing && !mine.some((m) => m.id === editing.id && m.status === "submitted")) setEditing(null);
  }, [mine, editing]);

  const lockedSeats = view.seats.filter((s) => s.locked);
  return (
    <>
      <Section
        title={`Your orders for turn ${game.turn || 1}`}
        id="orders-title"
        actions={
          ordersOpen && !seat.locked ? (
            <ConfirmButton className="primary" confirmText="Lock: no more changes this turn" onConfirm={() => void lock.run(() => send({ type: "lock_orders" }))} disabled={lock.busy}>
              Lock orders
            </ConfirmButton>
          ) : null
        }
      >
        <p className="quota" data-testid="quota">
          Moves this turn: {quota.moves_this_turn} of {quota.moves_per_turn} · Secret moves used this game: {quota.secret_used} of {quota.secret_per_game}
          {seat.locked && ordersOpen ? " · " : ""}
          {seat.locked && ordersOpen && <strong className="locked-note">Locked</strong>}
        </p>
        <ErrorNote error={lock.error} />
        {ordersOpen && (
          <p className="muted">
            Locked so far: {lockedSeats.length ? lockedSeats.map((s) => s.name).join(", ") : "nobody"}.
          </p>
        )}
        {mine.length === 0 ? (
          <p className="muted">No moves this turn yet.</p>
        ) : (
          <div className="move-list">
            {mine.map((move) => (
              <MoveCard key={move.id} view={view} move={move}>
                {move.status === "submitted" && ordersOpen && !seat.locked && (
                  <div className="button-row">
                    <button type="button" onClick={() => setEditing(move)} aria-label={`Change ${moveLabel(move).toLowerCase()}`}>
                      Change
                    </button>
                    <ConfirmButton
                      confirmText={`Withdraw ${moveLabel(move).toLowerCase()}`}
                      onConfirm={() => void withdraw.run(() => send({ type: "withdraw_move", move_id: move.id }))}
                    >
                      Withdraw
                    </ConfirmButton>
                  </div>
                )}
              </MoveCard>
            ))}
          </div>
        )}
        <ErrorNote error={withdraw.error} />
      </Section>
      <Section title={editing ? `Change ${moveLabel(editing).toLowerCase()}: ${moveTitle(editing)}` : "New move"} id="new-move">
        <OrdersForm view={view} send={send} editing={editing} onDone={() => setEditing(null)} disabledReason={disabledReason} onDrafted={onDrafted} />
      </Section>
    </>
  );
}
