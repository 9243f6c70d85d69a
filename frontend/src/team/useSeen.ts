/** What the team has already seen, kept per game in the browser, for the badges on the tabs. */

import { useCallback, useState } from "react";
import { NOTHING_SEEN, parseSeen, type Seen } from "./badges";

export function useLastSeen(key: string): [number, (seq: number) => void] {
  const [value, setValue] = useState<number>(() => {
    try {
      return Number(localStorage.getItem(key) ?? "0") || 0;
    } catch {
      return 0;
    }
  });
  const update = useCallback(
    (seq: number) => {
      setValue((current) => {
        const next = Math.max(current, seq);
        try {
          localStorage.setItem(key, String(next));
        } catch {
          /* ignore */
        }
        return next;
      });
    },
    [key],
  );
  return [value, update];
}

export function useSeen(key: string): [Seen, (update: (current: Seen) => Seen) => void] {
  const [value, setValue] = useState<Seen>(() => {
    try {
      return parseSeen(localStorage.getItem(key));
    } catch {
      return NOTHING_SEEN;
    }
  });
  const update = useCallback(
    (fn: (current: Seen) => Seen) => {
      setValue((current) => {
        const next = fn(current);
        if (next !== current) {
          try {
            localStorage.setItem(key, JSON.stringify(next));
          } catch {
            /* ignore */
          }
        }
        return next;
      });
    },
    [key],
  );
  return [value, update];
}
