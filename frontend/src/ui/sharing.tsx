/** Handing out links: copy to the clipboard, a read-only field with Copy, a QR code. */

import QRCode from "qrcode";
import { useEffect, useId, useState } from "react";

export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    /* fall through to the old way */
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  document.body.removeChild(area);
  return ok;
}

export function CopyField({ label, value, testId }: { label: string; value: string; testId?: string }) {
  const id = useId();
  const [copied, setCopied] = useState<"" | "yes" | "no">("");
  return (
    <div className="copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input id={id} readOnly value={value} onFocus={(e) => e.currentTarget.select()} data-testid={testId} />
        <button
          type="button"
          onClick={async () => {
            setCopied((await copyText(value)) ? "yes" : "no");
            window.setTimeout(() => setCopied(""), 2500);
          }}
        >
          Copy
        </button>
      </div>
      <span className="copy-state" role="status" aria-live="polite">
        {copied === "yes" ? "Copied." : copied === "no" ? "Could not copy: select the text and copy it." : ""}
      </span>
    </div>
  );
}

export function QrCode({ text, label, size = 148 }: { text: string; label: string; size?: number }) {
  const [svg, setSvg] = useState<string>("");
  useEffect(() => {
    let live = true;
    QRCode.toString(text, { type: "svg", margin: 1, errorCorrectionLevel: "M", color: { dark: "#111820", light: "#ffffff" } })
      .then((markup) => {
        if (live) setSvg(markup);
      })
      .catch(() => setSvg(""));
    return () => {
      live = false;
    };
  }, [text]);
  return (
    <div
      className="qr"
      role="img"
      aria-label={label}
      style={{ width: size, height: size }}
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  );
}
