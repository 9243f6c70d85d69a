/**
 * Northeast Asia: borders from Natural Earth (world-atlas, cut down by scripts/region-map.mjs
 * and bundled), the capitals of the seats, Seoul and Tokyo. Moscow and Washington lie far
 * outside the frame; they sit at the western and eastern edges with their distance.
 */

import { geoConicConformal, geoDistance, geoPath, type GeoPermissibleObjects } from "d3-geo";
import { useMemo } from "react";
import { feature, mesh } from "topojson-client";
import type { GeometryCollection, Topology } from "topojson-specification";
import type { Move, View } from "../../server/types";
import { seatName } from "../format";
import { seatColour } from "../seats";
import region from "./region.json";

const WIDTH = 800;
const HEIGHT = 560;
const EARTH_KM = 6371;

type LonLat = [number, number];

export const PLACES: Record<string, { name: string; at: LonLat; capitalOf?: string; edge?: "west" | "east" }> = {
  beijing: { name: "Beijing", at: [116.4, 39.9], capitalOf: "beijing" },
  pyongyang: { name: "Pyongyang", at: [125.75, 39.02], capitalOf: "pyongyang" },
  seoul: { name: "Seoul", at: [126.98, 37.57] },
  tokyo: { name: "Tokyo", at: [139.69, 35.69] },
  moscow: { name: "Moscow", at: [37.62, 55.75], capitalOf: "moscow", edge: "west" },
  washington: { name: "Washington", at: [-77.04, 38.9], capitalOf: "washington", edge: "east" },
};

/** Great-circle distance in whole hundreds of kilometres. */
export function distanceKm(a: LonLat, b: LonLat): number {
  return Math.round((geoDistance(a, b) * EARTH_KM) / 100) * 100;
}

const topology = region as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;

function buildMap() {
  const countries = feature(topology, topology.objects.countries);
  const borders = mesh(topology, topology.objects.countries, (a, b) => a !== b);
  const frame: GeoPermissibleObjects = {
    type: "MultiPoint",
    coordinates: [
      [110, 28],
      [146, 28],
      [110, 48],
      [146, 48],
    ],
  };
  const projection = geoConicConformal()
    .parallels([30, 45])
    .rotate([-126, 0])
    .fitExtent(
      [
        [70, 16],
        [WIDTH - 70, HEIGHT - 16],
      ],
      frame,
    )
    .clipExtent([
      [0, 0],
      [WIDTH, HEIGHT],
    ]);
  const path = geoPath(projection);
  const shapes = countries.features.map((f) => ({
    id: String(f.id),
    name: f.properties?.name ?? "",
    d: path(f) ?? "",
  }));
  return { projection, shapes, borders: path(borders) ?? "" };
}

let cached: ReturnType<typeof buildMap> | null = null;
function map() {
  cached ??= buildMap();
  return cached;
}

const EMPHASIS = new Set(["156", "408", "410", "392", "643", "496", "158"]);

/** Where a seat sits on the map: its capital, or an anchor on the frame's edge. */
export function anchor(role: string): [number, number] | null {
  const place = Object.values(PLACES).find((p) => p.capitalOf === role);
  if (!place) return null;
  if (place.edge === "west") return [28, 150];
  if (place.edge === "east") return [WIDTH - 28, 300];
  const point = map().projection(place.at);
  return point ? [point[0], point[1]] : null;
}

function arc(from: [number, number], to: [number, number], bend: number): string {
  const [x1, y1] = from;
  const [x2, y2] = to;
  const mx = (x1 + x2) / 2;
  const my = (y1 + y2) / 2;
  const dx = x2 - x1;
  const dy = y2 - y1;
  const length = Math.hypot(dx, dy) || 1;
  const cx = mx - (dy / length) * length * bend;
  const cy = my + (dx / length) * length * bend;
  return `M${x1.toFixed(1)},${y1.toFixed(1)} Q${cx.toFixed(1)},${cy.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}`;
}

/** The moves the map draws: this turn's announced moves the role may see in full. */
export function mapMoves(view: View): Move[] {
  return view.moves.filter(
    (m) => m.turn === view.game.turn && m.status === "announced" && m.action !== undefined && (m.visibility === "public" || m.revealed),
  );
}

/** Northeast Asia with an arrow for each of this turn's public moves, from the acting capital to its targets. */
export function RegionMap({ view, large = false }: { view: View; large?: boolean }) {
  const moves = mapMoves(view);
  const { projection, shapes, borders } = map();
  const roles = view.seats.map((s) => s.role);
  const arrows = useMemo(() => {
    const list: { key: string; d: string; colour: string; outcome: string; label: string }[] = [];
    moves.forEach((move) => {
      const from = anchor(move.seat);
      if (!from) return;
      (move.targets ?? []).forEach((target, i) => {
        const to = anchor(target);
        if (!to) return;
        list.push({
          key: `${move.id}-${target}`,
          d: arc(from, to, 0.18 + 0.06 * i),
          colour: seatColour(move.seat, roles.indexOf(move.seat)),
          outcome: move.outcome ?? "pending",
          label: `${seatName(view, move.seat)}: ${move.action_name ?? "move"} → ${seatName(view, target)}`,
        });
      });
    });
    return list;
  }, [moves, roles, view]);

  const pyongyang = PLACES.pyongyang.at;
  const description =
    `Map of Northeast Asia with Beijing, Pyongyang, Seoul and Tokyo; Moscow lies ${distanceKm(PLACES.moscow.at, pyongyang).toLocaleString("en")} km ` +
    `to the west and Washington ${distanceKm(PLACES.washington.at, pyongyang).toLocaleString("en")} km to the east.` +
    (arrows.length ? ` ${arrows.length} public moves of this turn are drawn as arrows: ${arrows.map((a) => a.label).join("; ")}.` : "");

  return (
    <figure className={large ? "region-map large" : "region-map"} data-testid="map">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label="Map of Northeast Asia">
        <desc>{description}</desc>
        <defs>
          <marker id="arrowhead" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" fill="context-stroke" />
          </marker>
        </defs>
        <rect className="sea" x="0" y="0" width={WIDTH} height={HEIGHT} />
        {shapes.map((shape) => (
          <path key={shape.id + shape.name} className={EMPHASIS.has(shape.id) ? "land emphasis" : "land"} d={shape.d}>
            <title>{shape.name}</title>
          </path>
        ))}
        <path className="borders" d={borders} />
        {arrows.map((a) => (
          <path
            key={a.key}
            className={`move-arrow outcome-${a.outcome}`}
            d={a.d}
            stroke={a.colour}
            markerEnd="url(#arrowhead)"
          >
            <title>{a.label}</title>
          </path>
        ))}
        {Object.entries(PLACES).map(([key, place]) => {
          const seatIndex = place.capitalOf ? roles.indexOf(place.capitalOf) : -1;
          const isSeat = seatIndex >= 0;
          const colour = isSeat ? seatColour(place.capitalOf!, seatIndex) : "#4a5563";
          if (place.edge) {
            const point = anchor(place.capitalOf!)!;
            const km = distanceKm(place.at, pyongyang).toLocaleString("en");
            const west = place.edge === "west";
            return (
              <g key={key} className="edge-place" transform={`translate(${point[0]},${point[1]})`}>
                <circle r="9" fill={colour} stroke="#fff" strokeWidth="2" />
                <text x={west ? 16 : -16} y="-4" textAnchor={west ? "start" : "end"} className="place-name seat-place">
                  {west ? "◀ " : ""}
                  {place.name}
                  {west ? "" : " ▶"}
                </text>
                <text x={west ? 16 : -16} y="15" textAnchor={west ? "start" : "end"} className="place-distance">
                  {km} km
                </text>
              </g>
            );
          }
          const point = projection(place.at);
          if (!point) return null;
          const [x, y] = point;
          const labelLeft = key === "seoul" || key === "beijing";
          return (
            <g key={key} transform={`translate(${x},${y})`} className={isSeat ? "capital" : "city"}>
              {isSeat ? (
                <rect x="-7" y="-7" width="14" height="14" transform="rotate(45)" fill={colour} stroke="#fff" strokeWidth="2" />
              ) : (
                <circle r="5" fill="#fff" stroke="#4a5563" strokeWidth="2" />
              )}
              <text
                x={labelLeft ? -12 : 12}
                y={key === "seoul" ? 16 : 5}
                textAnchor={labelLeft ? "end" : "start"}
                className={isSeat ? "place-name seat-place" : "place-name"}
              >
                {place.name}
              </text>
            </g>
          );
        })}
        <text x={WIDTH - 12} y={HEIGHT - 10} textAnchor="end" className="map-credit">
          Borders: Natural Earth
        </text>
      </svg>
    </figure>
  );
}
