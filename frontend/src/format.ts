/** Formatting shared by the pages. */

/** "3 min 05 s" style countdown text for a deadline, or "past" once it has gone by. */
export function countdown(deadline: string, now: Date): string {
  const ms = new Date(deadline).getTime() - now.getTime();
  if (Number.isNaN(ms)) return "";
  if (ms <= 0) return "past";
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h} h ${String(m).padStart(2, "0")} min` : `${m} min ${ss} s`;
}
