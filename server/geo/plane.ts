import type { Position } from './boundaries.js';

/**
 * Plane geometry of rings, open or closed (a closed ring's last point repeats its first; the edge
 * between them is empty and changes nothing below). Shared by the boundaries' simplification,
 * the labels' placement and the demo's made-up districts.
 */

/** The squared distance from a point to the segment a–b. */
export function segmentDistance2([px, py]: Position, [ax, ay]: Position, [bx, by]: Position): number {
  const [dx, dy] = [bx - ax, by - ay];
  const length2 = dx * dx + dy * dy;
  const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / length2));
  return (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2;
}

/** The distance from a point to the nearest edge of a ring. */
export function distanceToRing(point: Position, ring: readonly Position[]): number {
  let least = Infinity;
  for (let k = 0; k < ring.length; k++) least = Math.min(least, segmentDistance2(point, ring[k], ring[(k + 1) % ring.length]));
  return Math.sqrt(least);
}

/** Signed shoelace area (positive when counter-clockwise). */
export function ringArea(ring: readonly Position[]): number {
  let sum = 0;
  for (let k = 0; k < ring.length; k++) {
    const [a, b] = [ring[k], ring[(k + 1) % ring.length]];
    sum += a[0] * b[1] - b[0] * a[1];
  }
  return sum / 2;
}

/** Even–odd: inside the first ring and outside the others (a polygon and its holes). */
export function insideRings([x, y]: Position, rings: readonly (readonly Position[])[]): boolean {
  let inside = false;
  for (const ring of rings) {
    for (let k = 0, l = ring.length - 1; k < ring.length; l = k++) {
      const [a, b] = [ring[k], ring[l]];
      if ((a[1] > y) !== (b[1] > y) && x < ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
    }
  }
  return inside;
}

/** [minX, minY, maxX, maxY] of points, in a loop: spread into Math.min, many thousand would overflow the stack. */
export function bounds(points: Iterable<Position>): [number, number, number, number] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of points) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}
