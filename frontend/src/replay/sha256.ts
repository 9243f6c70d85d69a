/**
 * SHA-256 in the browser. `crypto.subtle` exists only in secure contexts (https, localhost), and
 * seminar rooms often run the server on a plain-http LAN address: there the audited
 * `@noble/hashes` implementation does the same job.
 */

import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex } from "@noble/hashes/utils.js";

/** SHA-256 of ``data`` without Web Crypto. */
export function sha256Fallback(data: Uint8Array): Uint8Array {
  return sha256(data);
}

/** Hex SHA-256 of ``data``: Web Crypto where the page may use it, the fallback elsewhere. */
export async function sha256Hex(data: Uint8Array): Promise<string> {
  const subtle = typeof crypto !== "undefined" ? crypto.subtle : undefined;
  if (subtle) {
    try {
      return bytesToHex(new Uint8Array(await subtle.digest("SHA-256", data as BufferSource)));
    } catch {
      /* fall through */
    }
  }
  return bytesToHex(sha256Fallback(data));
}

export { bytesToHex as toHex };
