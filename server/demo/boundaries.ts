import type { District, FeatureCollection, Position, Ring } from '../geo/boundaries.js';
import { Rng } from './rng.js';
import { distanceToRing, insideRings, ringArea } from '../geo/plane.js';

/**
 * Made-up but plausible district boundaries for the demo region, so its choropleth looks like a
 * map rather than tiles. The region is an irregular oval around lon 38–44, lat 55.5–58.5; the
 * districts are Voronoi cells of relaxed seeds clipped to it, so neighbours share exact borders.
 * The first district (the city, «Городской округ Верхнедольск») is a small enclave cut out of the
 * largest district, as a regional centre sits inside the district around it.
 */

const CENTER: Position = [41, 57];
/** Semi-axes of the oval, degrees of longitude and latitude. */
const SEMI_AXES: Position = [2.5, 1.25];
const OUTLINE_VERTICES = 60;
const CITY_VERTICES = 16;
/** Lloyd relaxation rounds: cells of similar size, as districts of one region mostly are. */
const RELAXATION_ROUNDS = 8;
/** A degree of longitude is this much shorter than one of latitude at the region's latitude. */
const LON_SCALE = Math.cos((CENTER[1] * Math.PI) / 180);
const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

export function demoBoundaries(districts: readonly District[], seed = 1): FeatureCollection {
  const rng = new Rng(seed);
  const outline = outlineOf(rng);
  const feature = (district: District, rings: Ring[]) => ({
    type: 'Feature' as const,
    properties: { code: district.code, name: district.name },
    geometry: { type: 'Polygon' as const, coordinates: rings },
  });
  if (districts.length === 0) return { type: 'FeatureCollection', features: [] };
  if (districts.length === 1) return { type: 'FeatureCollection', features: [feature(districts[0], [outline])] };

  // Geometry runs in a local plane where both axes are in the same units, so cells look even.
  const local = outline.slice(0, -1).map(toLocal);
  const seeds = relaxedSeeds(rng, local, districts.length - 1);
  const cells = seeds.map((_, i) => cellOf(local, seeds, i));
  // The largest district holds the city: around it there is room left for the district's own name.
  const sizes = cells.map(ringArea);
  const host = sizes.indexOf(Math.max(...sizes));
  const city = cityIn(rng, cells, seeds, host);
  const ring = (points: Position[]) => toRing(points.map(toDegrees));
  const cityRing = ring(city);
  return {
    type: 'FeatureCollection',
    features: [
      feature(districts[0], [cityRing]),
      ...cells.map((cell, i) =>
        feature(districts[i + 1], i === host ? [ring(cell), [...cityRing].reverse()] : [ring(cell)])),
    ],
  };
}

/** The region's outline, a closed counter-clockwise ring in degrees (what the cells tile). */
export function demoOutline(seed = 1): Ring {
  return outlineOf(new Rng(seed));
}

/** A star-shaped oval with smooth noise in the radius: a few low harmonics and a little jitter. */
function outlineOf(rng: Rng): Ring {
  const harmonics = [2, 3, 4, 5].map((k) => ({ k, amplitude: (rng.next() * 0.07) / (k - 1), phase: rng.next() * 2 * Math.PI }));
  const points: Position[] = [];
  for (let i = 0; i < OUTLINE_VERTICES; i++) {
    const angle = (2 * Math.PI * i) / OUTLINE_VERTICES;
    const radius = 1
      + harmonics.reduce((sum, h) => sum + h.amplitude * Math.sin(h.k * angle + h.phase), 0)
      + (rng.next() - 0.5) * 0.03;
    points.push([CENTER[0] + SEMI_AXES[0] * radius * Math.cos(angle), CENTER[1] + SEMI_AXES[1] * radius * Math.sin(angle)]);
  }
  return toRing(points);
}

/** A jittered sunflower spiral inside the outline, then Lloyd-relaxed towards cell centroids. */
function relaxedSeeds(rng: Rng, outline: Position[], count: number): Position[] {
  const [ax, ay] = [SEMI_AXES[0] * LON_SCALE, SEMI_AXES[1]];
  let seeds: Position[] = [];
  for (let i = 0; i < count; i++) {
    const angle = i * GOLDEN_ANGLE + (rng.next() - 0.5) * 0.5;
    let radius = Math.sqrt((i + 0.5) / count) * 0.85 * (1 + (rng.next() - 0.5) * 0.15);
    let point: Position = [ax * radius * Math.cos(angle), ay * radius * Math.sin(angle)];
    while (!insideRings(point, [outline])) {
      radius *= 0.8;
      point = [ax * radius * Math.cos(angle), ay * radius * Math.sin(angle)];
    }
    seeds.push(point);
  }
  for (let round = 0; round < RELAXATION_ROUNDS; round++) {
    seeds = seeds.map((seed, i) => {
      const centroid = centroidOf(cellOf(outline, seeds, i));
      // The centroid of a cell bent by the outline may fall outside it: then the seed stays.
      return centroid && insideRings(centroid, [outline]) ? centroid : seed;
    });
  }
  return seeds;
}

/** The outline clipped by the half-plane of every other seed's bisector: seed i's Voronoi cell. */
function cellOf(outline: Position[], seeds: Position[], i: number): Position[] {
  let cell = outline;
  for (let j = 0; j < seeds.length && cell.length > 0; j++) {
    if (j !== i) cell = clipCloser(cell, seeds[i], seeds[j]);
  }
  return cell;
}

/**
 * Sutherland–Hodgman against one half-plane: the part of the polygon closer to a than to b. Works
 * for a non-convex subject because the clip region (a half-plane) is convex.
 */
function clipCloser(polygon: Position[], a: Position, b: Position): Position[] {
  const [nx, ny] = [b[0] - a[0], b[1] - a[1]];
  const c = ((a[0] + b[0]) / 2) * nx + ((a[1] + b[1]) / 2) * ny;
  const side = (p: Position) => p[0] * nx + p[1] * ny - c;
  const out: Position[] = [];
  for (let k = 0; k < polygon.length; k++) {
    const previous = polygon[(k + polygon.length - 1) % polygon.length];
    const current = polygon[k];
    const [sp, sc] = [side(previous), side(current)];
    if ((sp <= 0) !== (sc <= 0)) {
      const t = sp / (sp - sc);
      out.push([previous[0] + t * (current[0] - previous[0]), previous[1] + t * (current[1] - previous[1])]);
    }
    if (sc <= 0) out.push(current);
  }
  return out;
}

/**
 * The city: a small irregular polygon inside the host cell, off its seed. It stays within the
 * disc around the seed that the cell contains, so it never touches another district.
 */
function cityIn(rng: Rng, cells: Position[][], seeds: Position[], host: number): Position[] {
  const seed = seeds[host];
  const room = distanceToRing(seed, cells[host]);
  const direction = rng.next() * 2 * Math.PI;
  const center: Position = [seed[0] + 0.5 * room * Math.cos(direction), seed[1] + 0.5 * room * Math.sin(direction)];
  const wobble = Array.from({ length: CITY_VERTICES }, () => 1 + (rng.next() - 0.5) * 0.3);
  // The smallest district: shrink it below half of the smallest other cell if cells are tiny.
  const smallest = Math.min(...cells.map(ringArea));
  let radius = Math.min(0.2, 0.4 * room);
  const polygon = () => wobble.map((w, i): Position => {
    const angle = (2 * Math.PI * i) / CITY_VERTICES;
    return [center[0] + radius * w * Math.cos(angle), center[1] + radius * w * Math.sin(angle)];
  });
  while (ringArea(polygon()) > smallest / 2) radius *= 0.8;
  return polygon();
}

function centroidOf(polygon: Position[]): Position | null {
  const total = ringArea(polygon);
  if (!(Math.abs(total) > 0)) return null;
  let [x, y] = [0, 0];
  for (let k = 0; k < polygon.length; k++) {
    const [a, b] = [polygon[k], polygon[(k + 1) % polygon.length]];
    const cross = a[0] * b[1] - b[0] * a[1];
    x += (a[0] + b[0]) * cross;
    y += (a[1] + b[1]) * cross;
  }
  return [x / (6 * total), y / (6 * total)];
}

const toLocal = ([lon, lat]: Position): Position => [(lon - CENTER[0]) * LON_SCALE, lat - CENTER[1]];
const toDegrees = ([x, y]: Position): Position => [CENTER[0] + x / LON_SCALE, CENTER[1] + y];

/**
 * Rounds to 4 decimals (about 10 m) and closes the ring. Neighbours compute a shared vertex with
 * float differences far below that, so rounding makes their borders identical.
 */
function toRing(points: Position[]): Ring {
  const ring: Ring = [];
  for (const [x, y] of points) {
    const p: Position = [Math.round(x * 1e4) / 1e4, Math.round(y * 1e4) / 1e4];
    const last = ring[ring.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) ring.push(p);
  }
  if (ring.length > 1 && ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1]) ring.pop();
  return [...ring, ring[0]];
}
