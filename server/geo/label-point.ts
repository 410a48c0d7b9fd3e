import type { DistrictFeature, Position, Ring } from './boundaries.js';

/**
 * Where a district's name goes on the map: a point well inside its largest part, as far from
 * its edges as a grid search finds. ECharts writes a label at the centroid of the outer ring,
 * which for a district with a city cut out of it (a hole: «городской округ» inside a «район»)
 * falls on the city and covers its label. Given to ECharts as the feature's `cp`.
 */
export function labelPoint(feature: DistrictFeature): Position {
  const polygons = feature.geometry.type === 'Polygon' ? [feature.geometry.coordinates] : feature.geometry.coordinates;
  const largest = polygons.reduce((best, p) => (Math.abs(area(p[0])) > Math.abs(area(best[0])) ? p : best));
  let [minX, minY, maxX, maxY] = bounds(largest[0]);
  let best: { point: Position; depth: number } = { point: [(minX + maxX) / 2, (minY + maxY) / 2], depth: -Infinity };
  // A coarse grid, then finer grids around the best point found.
  for (let round = 0; round < 4; round++) {
    const [stepX, stepY] = [(maxX - minX) / STEPS, (maxY - minY) / STEPS];
    for (let i = 0; i <= STEPS; i++) {
      for (let j = 0; j <= STEPS; j++) {
        const point: Position = [minX + i * stepX, minY + j * stepY];
        if (!inside(point, largest)) continue;
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

/** A loop, not Math.min(...): a ring of many thousand points would overflow the stack as arguments. */
function bounds(ring: Ring): [number, number, number, number] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

function area(ring: Ring): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return sum / 2;
}

function centroidOf(ring: Ring): Position {
  const n = ring.length - 1;
  return [ring.slice(0, n).reduce((s, p) => s + p[0], 0) / n, ring.slice(0, n).reduce((s, p) => s + p[1], 0) / n];
}

/** Inside the outer ring and outside every hole (even–odd over all rings). */
function inside([x, y]: Position, rings: Ring[]): boolean {
  let crossings = 0;
  for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) crossings += 1;
    }
  }
  return crossings % 2 === 1;
}

/**
 * How far a point is from the polygon's edges, a hole's edges counted at a quarter of their distance:
 * the city cut out of a district has its own label, as wide as the district's.
 */
function distanceToEdges([px, py]: Position, rings: Ring[]): number {
  let least = Infinity;
  for (const [index, ring] of rings.entries()) {
    const weight = index === 0 ? 1 : HOLE_WEIGHT;
    for (let i = 0; i < ring.length - 1; i++) {
      const [[ax, ay], [bx, by]] = [ring[i], ring[i + 1]];
      const [dx, dy] = [bx - ax, by - ay];
      const t = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
      least = Math.min(least, weight * Math.hypot(px - (ax + t * dx), py - (ay + t * dy)));
    }
  }
  return least;
}
