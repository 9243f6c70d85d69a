import { ConfirmButton, ErrorNote, useAction } from "./actions";

/** After the end: open the whole record to every role (the replay's other chairs, full reports). */
export function OpenRecordButton({ open, onOpen, className }: { open: boolean; onOpen: () => Promise<unknown>; className?: string }) {
  const action = useAction();
  if (open) return <span className="muted small">Record open to everyone</span>;
  return (
    <span className="open-record">
      <ConfirmButton
        className={className}
        confirmText="Open it: every role sees everything"
        disabled={action.busy}
        onConfirm={() =>
          void action.run(async () => {
            try {
              await onOpen();
            } catch (error) {
              if ((error as { code?: string }).code !== "already_open") throw error; // opened meanwhile
            }
          })
        }
      >
        Open the record to everyone…
      </ConfirmButton>
      <ErrorNote error={action.error} />
    </span>
  );
}
