/** "Your name": who in the team acts, sent as display_name with every command. */

import { useId, useState } from "react";

export function NameField({ name, onChange }: { name: string; onChange: (name: string) => void }) {
  const id = useId();
  const [draft, setDraft] = useState(name);
  const [editing, setEditing] = useState(!name);
  if (!editing) {
    return (
      <p className="name-line">
        Acting as <strong>{name}</strong>{" "}
        <button type="button" className="link-button" onClick={() => setEditing(true)}>
          change
        </button>
      </p>
    );
  }
  return (
    <form
      className="name-form"
      onSubmit={(e) => {
        e.preventDefault();
        onChange(draft.trim());
        setEditing(!draft.trim());
      }}
    >
      <label htmlFor={id}>Your name (recorded with what you do)</label>
      <input id={id} value={draft} maxLength={100} onChange={(e) => setDraft(e.target.value)} autoComplete="name" />
      <button type="submit">Save</button>
    </form>
  );
}
