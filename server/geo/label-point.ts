import type { DistrictFeature, Position, Ring } from './boundaries.js';
import { bounds, distanceToRing, insideRings, ringArea } from './plane.js';

/**
 * Where a district's name goes on the map: a point well inside its largest part, as far from
 * its edges as a grid search finds. ECharts writes a label at the centroid of the outer ring,
 * which for a district with a city cut out of it (a hole: «городской округ» inside a «район»)
 * falls on the city and covers its label. Given to ECharts as the feature's `cp`.
 */
export function labelPoint(feature: DistrictFeature): Position {
  const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  const largest = polygons.reduce((best, p) => (Math.abs(ringArea(p[0])) > Math.abs(ringArea(best[0])) ? p : best));
  let [minX, minY, maxX, maxY] = bounds(largest[0]);
  let best: { point: Position; depth: number } = { point: [(minX + maxX) / 2, (minY + maxY) / 2], depth: -Infinity };
  // A coarse grid, then finer grids around the best point found.
  for (let round = 0; round < 4; round++) {
    const [stepX, stepY] = [(maxX - minX) / STEPS, (maxY - minY) / STEPS];
    for (let i = 0; i <= STEPS; i++) {
      for (let j = 0; j <= STEPS; j++) {
        const point: Position = [minX + i * stepX, minY + j * stepY];
        if (!insideRings(point, largest)) continue;
        const depth = distanceToEdges(point, largest);
        if (depth > best.depth) best = { point, depth };
      }
    }
    [minX, minY, maxX, maxY] = [best.point[0] - stepX, best.point[1] - stepY, best.point[0] + stepX, best.point[1] + stepY];
  }
  return best.depth === -Infinity ? centroidOf(largest[0]) : [round5(best.point[0]), round5(best.point[1])];
}

const STEPS = 16;
const HOLE_WEIGHT = 0.25;
const round5 = (v: number) => Math.round(v * 1e5) / 1e5;

function centroidOf(ring: Ring): Position {
  const n = ring.length - 1;
  return [ring.slice(0, n).reduce((s, p) => s + p[0], 0) / n, ring.slice(0, n).reduce((s, p) => s + p[1], 0) / n];
}

/**
 * How far a point is from the polygon's edges, a hole's edges counted at a quarter of their distance:
 * the city cut out of a district has its own label, as wide as the district's.
 */
function distanceToEdges(point: Position, rings: Ring[]): number {
  return Math.min(...rings.map((ring, index) => (index === 0 ? 1 : HOLE_WEIGHT) * distanceToRing(point, ring)));
}
