import type { District, FeatureCollection, Ring } from './boundaries.js';

/** Side of a tile and the gap between tiles, in plain map units (not degrees). */
const TILE = 1;
const GAP = 0.08;

/**
 * A tile map for a region whose boundaries were never uploaded: one equal square per district in
 * a near-square grid, filled left to right and top to bottom in the given order. ECharts draws
 * larger y higher, so rows go down in y and the first district is the top-left tile.
 */
export function tileMap(districts: readonly District[]): FeatureCollection {
  const columns = Math.max(1, Math.ceil(Math.sqrt(districts.length)));
  const step = TILE + GAP;
  return {
    type: 'FeatureCollection',
    features: districts.map((district, i) => {
      const left = (i % columns) * step;
      const top = -Math.floor(i / columns) * step;
      // Counter-clockwise, as RFC 7946 asks of outer rings.
      const ring: Ring = [
        [left, top - TILE],
        [left + TILE, top - TILE],
        [left + TILE, top],
        [left, top],
        [left, top - TILE],
      ].map(([x, y]): [number, number] => [round(x), round(y)]);
      return {
        type: 'Feature',
        properties: { code: district.code, name: district.name },
        geometry: { type: 'Polygon', coordinates: [ring] },
      };
    }),
  };
}

/** Keeps 1.08 · 3 from printing as 3.2400000000000002 in the JSON sent to the browser. */
const round = (value: number) => Math.round(value * 1e6) / 1e6 + 0;
