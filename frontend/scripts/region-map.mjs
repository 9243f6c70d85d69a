// Cuts the Northeast Asia region out of world-atlas (Natural Earth 1:50m) into a small TopoJSON
// file that the pages bundle: src/ui/map/region.json. Run `npm run map` after upgrading world-atlas.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";
import { filter, presimplify, quantile, simplify } from "topojson-simplify";

const here = dirname(fileURLToPath(import.meta.url));
const world = JSON.parse(
  readFileSync(join(here, "../node_modules/world-atlas/countries-50m.json"), "utf8"),
);

// Generous frame around the map's view (longitude, latitude).
const [west, south, east, north] = [88, 8, 170, 62];
const inFrame = ([x, y]) => x >= west && x <= east && y >= south && y <= north;

// Countries with any part inside the frame.
const keep = world.objects.countries.geometries.filter((geometry) => {
  const shape = feature(world, geometry);
  const polygons =
    shape.geometry?.type === "Polygon"
      ? [shape.geometry.coordinates]
      : (shape.geometry?.coordinates ?? []);
  return polygons.some((polygon) => polygon.some((ring) => ring.some(inFrame)));
});

let topology = {
  type: "Topology",
  transform: world.transform,
  arcs: world.arcs,
  objects: { countries: { type: "GeometryCollection", geometries: keep } },
};
topology = presimplify(topology);
topology = simplify(topology, quantile(topology, 0.25));
// Drop rings (islands, exclaves) wholly outside the frame; the filter prunes unused arcs.
const arcs = topology.arcs;
topology = filter(topology, (ring) => ring.some((i) => arcs[i < 0 ? ~i : i].some(inFrame)));

const round = (v) => Math.round(v * 100) / 100;
topology.arcs = topology.arcs.map((arc) => arc.map(([x, y]) => [round(x), round(y)]));
delete topology.transform; // presimplify made the coordinates absolute
topology.objects.countries.geometries = topology.objects.countries.geometries
  .filter((g) => g.type)
  .map((g) => ({ type: g.type, arcs: g.arcs, id: g.id, properties: { name: g.properties.name } }));

const out = join(here, "../src/ui/map/region.json");
writeFileSync(out, JSON.stringify(topology));
const names = topology.objects.countries.geometries.map((g) => g.properties.name).join(", ");
console.log(`wrote ${out}: ${topology.arcs.length} arcs; ${names}`);
