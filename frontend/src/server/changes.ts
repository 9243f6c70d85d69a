/**
 * Change frames (docs/protocol.md): applying one to a view, and the view's digest.
 *
 * A change is applied with structural sharing: only the objects and arrays on the path to
 * something that changed are copied, everything else keeps its identity. So React skips what
 * did not change, and the digest (a Merkle CRC-32, wargame/games/view_changes.py) is computed
 * again only for the copied objects: the hashes of the others are remembered by identity.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Container = Json[] | { [key: string]: Json };
export type Op = [string, (string | number)[], ...unknown[]];

export class BadChange extends Error {}

function isContainer(value: unknown): value is Container {
  return typeof value === "object" && value !== null;
}

function copy(value: Container): Container {
  return Array.isArray(value) ? value.slice() : { ...value };
}

/**
 * The view after ``ops``: a new object sharing every part the change did not touch. Throws
 * BadChange when an operation does not fit the view (the page then asks for a whole view).
 */
export function applyChange<T>(view: T, ops: unknown): T {
  if (!Array.isArray(ops)) throw new BadChange("ops must be a list");
  const fresh = new WeakSet<object>();
  let root = view as unknown as Json;
  const own = (value: Json): Container => {
    if (!isContainer(value)) throw new BadChange("a path goes through a value that is not an object or a list");
    if (fresh.has(value)) return value;
    const made = copy(value);
    fresh.add(made);
    return made;
  };
  for (const op of ops as unknown[]) {
    if (!Array.isArray(op) || typeof op[0] !== "string" || !Array.isArray(op[1])) throw new BadChange("a malformed operation");
    const [kind, path] = op as Op;
    if (kind === "s" && path.length === 0) {
      root = op[2] as Json;
      continue;
    }
    const steps = kind === "x" ? path : path.slice(0, -1);
    root = own(root);
    let container = root as Container;
    for (const step of steps) {
      const child = (container as Record<string | number, Json>)[step];
      if (child === undefined) throw new BadChange(`no ${String(step)} on the path`);
      const owned = own(child);
      (container as Record<string | number, Json>)[step] = owned;
      container = owned;
    }
    if (kind === "s") {
      (container as Record<string | number, Json>)[path[path.length - 1]] = op[2] as Json;
    } else if (kind === "d") {
      if (Array.isArray(container)) throw new BadChange("delete from a list");
      delete container[path[path.length - 1] as string];
    } else if (kind === "x") {
      const [start, count, items] = [op[2], op[3], op[4]];
      if (!Array.isArray(container) || typeof start !== "number" || typeof count !== "number" || !Array.isArray(items)) {
        throw new BadChange("a malformed splice");
      }
      if (start < 0 || start + count > container.length) throw new BadChange("a splice beyond the list");
      container.splice(start, count, ...(items as Json[]));
    } else {
      throw new BadChange(`unknown operation ${kind}`);
    }
  }
  return root as unknown as T;
}

const TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = -1;
  for (let i = 0; i < bytes.length; i++) crc = TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

const encoder = new TextEncoder();
const NULL = crc32(encoder.encode("n"));
const TRUE = crc32(encoder.encode("t"));
const FALSE = crc32(encoder.encode("f"));
const number = new DataView(new ArrayBuffer(9));
number.setUint8(0, "d".charCodeAt(0));

function hashString(text: string): number {
  return crc32(encoder.encode("s" + text));
}

/** Hashes of the objects and arrays seen, by identity: a shared part is hashed once. */
const hashes = new WeakMap<object, number>();

function hashOf(value: Json): number {
  if (value === null) return NULL;
  if (value === true) return TRUE;
  if (value === false) return FALSE;
  if (typeof value === "string") return hashString(value);
  if (typeof value === "number") {
    number.setFloat64(1, value, true);
    return crc32(new Uint8Array(number.buffer));
  }
  const known = hashes.get(value);
  if (known !== undefined) return known;
  let parts: Uint8Array;
  if (Array.isArray(value)) {
    parts = new Uint8Array(1 + 4 * value.length);
    const out = new DataView(parts.buffer);
    parts[0] = "a".charCodeAt(0);
    value.forEach((item, i) => out.setUint32(1 + 4 * i, hashOf(item), true));
  } else {
    const keys = Object.keys(value).sort();
    parts = new Uint8Array(1 + 8 * keys.length);
    const out = new DataView(parts.buffer);
    parts[0] = "o".charCodeAt(0);
    keys.forEach((key, i) => {
      out.setUint32(1 + 8 * i, hashString(key), true);
      out.setUint32(5 + 8 * i, hashOf(value[key]), true);
    });
  }
  const hash = crc32(parts);
  hashes.set(value, hash);
  return hash;
}

/** The view's digest as the server sends it: eight hex digits. */
export function digest(view: unknown): string {
  return hashOf(view as Json).toString(16).padStart(8, "0");
}
