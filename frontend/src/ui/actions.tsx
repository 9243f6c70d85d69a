/** Buttons and forms that send something: the busy flag, the error beside them, the confirmation step. */

import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { errorText } from "../server/api";

/** Run a request with a busy flag and a readable error, for one form or button. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);
  const run = useCallback(async <T,>(task: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    setCode(null);
    try {
      return await task();
    } catch (failure) {
      if (mounted.current) {
        setError(errorText(failure));
        setCode((failure as { code?: string }).code ?? null);
      }
      return undefined;
    } finally {
      if (mounted.current) setBusy(false);
    }
  }, []);
  const clear = useCallback(() => {
    setError(null);
    setCode(null);
  }, []);
  return { busy, error, code, run, clear };
}

export function ErrorNote({ error }: { error: string | null | undefined }) {
  if (!error) return null;
  return (
    <p className="error-note" role="alert">
      {error}
    </p>
  );
}

/** A button that asks once more before doing something that cannot be undone. */
export function ConfirmButton({
  children,
  confirmText,
  onConfirm,
  disabled,
  className,
}: {
  children: ReactNode;
  confirmText: string;
  onConfirm: () => void;
  disabled?: boolean;
  className?: string;
}) {
  const [asking, setAsking] = useState(false);
  useEffect(() => {
    if (!asking) return;
    const timer = window.setTimeout(() => setAsking(false), 6000);
    return () => window.clearTimeout(timer);
  }, [asking]);
  if (asking) {
    return (
      <span className="confirm">
        <button
          type="button"
          className={`danger ${className ?? ""}`}
          autoFocus
          onClick={() => {
            setAsking(false);
            onConfirm();
          }}
          disabled={disabled}
        >
          {confirmText}
        </button>
        <button type="button" className="quiet" onClick={() => setAsking(false)}>
          Cancel
        </button>
      </span>
    );
  }
  return (
    <button type="button" className={className} onClick={() => setAsking(true)} disabled={disabled}>
      {children}
    </button>
  );
}
