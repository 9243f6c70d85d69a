/** The world tab (a column beside the tabs on wide screens): the map and the indicators. */

import type { View } from "../server/types";
import { IndicatorList } from "../ui/indicators";
import { Section } from "../ui/layout";
import { RegionMap } from "../ui/map/RegionMap";

/** This turn's public moves that the role can read in full, for the map's arrows. */
export function World({ view, compact = false }: { view: View; compact?: boolean }) {
  return (
    <>
      <Section title="Northeast Asia" id="world-map">
        <RegionMap view={view} />
        <p className="hint">Arrows: this turn's public moves, from the acting capital to its targets.</p>
      </Section>
      <Section title="Indicators" id="world-indicators">
        <IndicatorList view={view} compact={compact} />
        <p className="hint">Beside each value: its history and its change this turn.</p>
      </Section>
    </>
  );
}
