/**
 * Reads an uploaded GeoJSON file of district boundaries for the choropleth map: decodes it, checks
 * it the way GIS exports go wrong (wrong encoding, projected metres, points instead of polygons),
 * matches its features to the region's districts and shrinks the geometry for the browser.
 * Pure and dependency-free; the map is drawn with ECharts `registerMap`.
 */
import { bounds, segmentDistance2 } from './plane.js';

/** [longitude, latitude] in degrees (or plain units for the tile map). */
export type Position = [number, number];
/** A closed ring: the first position equals the last. */
export type Ring = Position[];
export interface Polygon { type: 'Polygon'; coordinates: Ring[] }
export interface MultiPolygon { type: 'MultiPolygon'; coordinates: Ring[][] }
export interface DistrictFeature {
  type: 'Feature';
  properties: { code: string; name: string };
  geometry: Polygon | MultiPolygon;
}
export interface FeatureCollection { type: 'FeatureCollection'; features: DistrictFeature[] }

export interface District { code: string; name: string }

export interface Boundaries {
  geoJson: FeatureCollection;
  /** One entry per matched feature of the file, in file order. */
  matched: { code: string; feature: string }[];
  /** Labels of polygon features that matched no district (or two districts equally). */
  unmatchedFeatures: string[];
  /** Labels of features without polygon geometry (points, lines, null). */
  skippedFeatures: string[];
  /** Codes of the districts no feature matched. */
  districtsWithout: string[];
}

/** A problem with the file itself, worded for the person who uploaded it. */
export class GeoFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GeoFileError';
  }
}

export const MAX_FEATURES = 2_000;
export const MAX_POSITIONS = 2_000_000;
/** 2 million pretty-printed pairs fit in this; larger is not a region's boundaries. */
export const MAX_BYTES = 32 * 1024 * 1024;
/** Simplification tolerance as a share of the larger side of the bounding box. */
const TOLERANCE_SHARE = 1 / 2000;
const DECIMALS = 1e5;

const REEXPORT_HINT = 'В QGIS: Экспорт → Сохранить объекты как…, формат GeoJSON, СК EPSG:4326.';

export function readBoundaries(bytes: Uint8Array, districts: readonly District[]): Boundaries {
  const features = featuresOf(parseJson(decode(bytes)));
  const polygons: { label: string; properties: Record<string, unknown>; polygons: Ring[][] }[] = [];
  const skippedFeatures: string[] = [];
  let positions = 0;
  features.forEach((feature, i) => {
    const f = isObject(feature) ? feature : {};
    const properties = isObject(f.properties) ? f.properties : {};
    const label = labelOf(properties, i);
    const geometry = isObject(f.geometry) ? f.geometry : null;
    if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) {
      skippedFeatures.push(label);
      return;
    }
    const raw = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    if (!Array.isArray(raw)) throw malformed(label);
    const read: Ring[][] = [];
    for (const polygon of raw) {
      const rings = readPolygon(polygon, label, (n) => {
        positions += n;
        if (positions > MAX_POSITIONS) {
          throw new GeoFileError(
            `В файле больше ${MAX_POSITIONS.toLocaleString('ru-RU')} точек границ — это слишком подробно для карты районов. `
            + 'Упростите слой (в QGIS: Векторные данные → Геометрия → Упростить) и сохраните его снова.',
          );
        }
      });
      if (rings) read.push(rings);
    }
    if (read.length === 0) skippedFeatures.push(label);
    else polygons.push({ label, properties, polygons: read });
  });
  if (polygons.length === 0) {
    throw new GeoFileError(
      'В файле нет полигонов районов: объекты в нём — точки, линии или без геометрии. '
      + 'Нужен слой границ районов (полигоны).',
    );
  }

  const matcher = districtMatcher(districts);
  const parts = new Map<number, Ring[][]>();
  const matched: Boundaries['matched'] = [];
  const unmatchedFeatures: string[] = [];
  for (const feature of polygons) {
    const index = matcher(feature.properties);
    if (index === null) {
      unmatchedFeatures.push(feature.label);
      continue;
    }
    matched.push({ code: districts[index].code, feature: feature.label });
    parts.set(index, [...(parts.get(index) ?? []), ...feature.polygons]);
  }
  if (matched.length === 0) {
    const shown = polygons.slice(0, 5).map((f) => `«${f.label}»`).join(', ');
    throw new GeoFileError(
      `Ни один объект файла не сопоставлен с районом (в файле: ${shown}${polygons.length > 5 ? ' и др.' : ''}). `
      + 'Объекты сопоставляются по коду района или по его названию, как в наборе «Районы»: '
      + 'добавьте в слой поле с кодом района или исправьте названия.',
    );
  }

  const tolerance = TOLERANCE_SHARE * largerSide([...parts.values()]);
  // Points closer than the tolerance to the one before go first, in one pass: what is left bounds
  // the simplification's work, which a hostile zig-zag could otherwise make quadratic.
  const thinned = new Map([...parts].map(([index, polygons]) => [index, polygons.map((rings) => rings.map((ring) => thin(ring, tolerance)))]));
  const left = [...thinned.values()].flat(3).length;
  if (left > MAX_KEPT) {
    throw new GeoFileError(
      `Границы слишком подробны даже для упрощения (${left.toLocaleString('ru-RU')} точек). `
      + `Упростите слой (в QGIS: Векторы → Геометрия → Упростить) и сохраните его заново. ${REEXPORT_HINT}`,
    );
  }
  const geoJson: FeatureCollection = { type: 'FeatureCollection', features: [] };
  const districtsWithout: string[] = [];
  districts.forEach((district, index) => {
    const own = thinned.get(index);
    if (!own) {
      districtsWithout.push(district.code);
      return;
    }
    const shrunk = own.map((rings) => shrinkPolygon(rings, tolerance));
    geoJson.features.push({
      type: 'Feature',
      properties: { code: district.code, name: district.name },
      geometry: shrunk.length === 1
        ? { type: 'Polygon', coordinates: shrunk[0] }
        : { type: 'MultiPolygon', coordinates: shrunk },
    });
  });
  return { geoJson, matched, unmatchedFeatures, skippedFeatures, districtsWithout };
}

/**
 * Points left after thinning that a region's boundaries may keep: a real region's, thinned to a
 * two-thousandth of its extent, keep a few tens of thousands; a zig-zag keeps all of its.
 */
export const MAX_KEPT = 100_000;

/** A ring without the points within `tolerance` of the last one kept (its end always kept). */
function thin(ring: Ring, tolerance: number): Ring {
  const out: Ring = [ring[0]];
  for (let i = 1; i < ring.length - 1; i++) {
    const [x, y] = out[out.length - 1];
    if (Math.abs(ring[i][0] - x) > tolerance || Math.abs(ring[i][1] - y) > tolerance) out.push(ring[i]);
  }
  out.push(ring[ring.length - 1]);
  // A ring smaller than the tolerance (an island, a hole) is left whole: the simplification decides it.
  return out.length >= 4 ? out : ring;
}

// ---------------------------------------------------------------------------------------------
// Decoding

function decode(bytes: Uint8Array): string {
  if (bytes.length > MAX_BYTES) {
    throw new GeoFileError(
      `Файл больше ${MAX_BYTES / 1024 / 1024} МБ — для карты районов это слишком много. `
      + 'Упростите слой границ (в QGIS: Векторные данные → Геометрия → Упростить) и сохраните его снова.',
    );
  }
  const [a, b, c, d] = bytes;
  if (a === 0x50 && b === 0x4b && c === 0x03 && d === 0x04) {
    throw new GeoFileError(`Это ZIP-архив, а нужен сам файл GeoJSON. Если в архиве файл .geojson или .json — распакуйте его и загрузите; если шейп-файл (.shp) — пересохраните его. ${REEXPORT_HINT}`);
  }
  if (a === 0x00 && b === 0x00 && c === 0x27 && d === 0x0a) {
    throw new GeoFileError(`Это шейп-файл (.shp), а нужен файл GeoJSON. ${REEXPORT_HINT}`);
  }
  // Notepad's «Юникод» is UTF-16 with a byte order mark.
  if (a === 0xff && b === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (a === 0xfe && b === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  const body = a === 0xef && b === 0xbb && c === 0xbf ? bytes.subarray(3) : bytes;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    // GIS exports from Russian Windows write the attribute table in the ANSI code page.
    return new TextDecoder('windows-1251').decode(body);
  }
}

function parseJson(text: string): unknown {
  if (text.trim() === '') throw new GeoFileError('Файл пуст: в нём нет ни одного района.');
  if (text.trimStart().startsWith('<')) {
    throw new GeoFileError(`Файл — XML (KML, GML или веб-страница), а нужен GeoJSON. ${REEXPORT_HINT}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    const position = /position (\d+)/.exec(message)?.[1];
    // An error at the very end means the text stops mid-way, not that something in it is wrong.
    if (position !== undefined && Number(position) < text.trimEnd().length) {
      const before = text.slice(0, Number(position));
      const line = before.split('\n').length;
      const column = before.length - before.lastIndexOf('\n');
      throw new GeoFileError(
        `Файл не читается как GeoJSON: ошибка в JSON около символа ${Number(position) + 1} `
        + `(строка ${line}, столбец ${column}). Сохраните слой заново из ГИС, не правя файл вручную.`,
      );
    }
    throw new GeoFileError(
      'Файл не читается как GeoJSON: JSON обрывается — похоже, файл сохранён или скачан не полностью.',
    );
  }
}

function featuresOf(json: unknown): unknown[] {
  if (isObject(json) && json.type === 'Topology') {
    throw new GeoFileError(
      'Это TopoJSON, а нужен GeoJSON. Преобразуйте его (например, на mapshaper.org: Export → GeoJSON) '
      + 'или сохраните слой из QGIS: Экспорт → Сохранить объекты как…, формат GeoJSON.',
    );
  }
  if (isObject(json) && json.type === 'Feature') return [json];
  if (!isObject(json) || json.type !== 'FeatureCollection' || !Array.isArray(json.features)) {
    throw new GeoFileError(
      'Файл не похож на GeoJSON с границами районов: нужен объект FeatureCollection со списком объектов (features). '
      + REEXPORT_HINT,
    );
  }
  if (json.features.length === 0) throw new GeoFileError('В файле GeoJSON нет ни одного объекта (список features пуст).');
  if (json.features.length > MAX_FEATURES) {
    throw new GeoFileError(
      `В файле ${json.features.length.toLocaleString('ru-RU')} объектов, а допускается не больше `
      + `${MAX_FEATURES.toLocaleString('ru-RU')}: нужен слой границ районов одного региона, по объекту на район.`,
    );
  }
  return json.features;
}

/**
 * One polygon's rings, checked level by level (rings → positions → numbers): the nesting is fixed
 * by the geometry type, so a deeply nested hostile file never reaches recursion.
 * Returns null when the outer ring is degenerate (fewer than 3 distinct points).
 */
function readPolygon(polygon: unknown, label: string, count: (n: number) => void): Ring[] | null {
  if (!Array.isArray(polygon)) throw malformed(label);
  const rings: Ring[] = [];
  for (let r = 0; r < polygon.length; r++) {
    const raw: unknown = polygon[r];
    if (!Array.isArray(raw)) throw malformed(label);
    count(raw.length);
    const ring: Ring = [];
    for (const position of raw as unknown[]) {
      if (!Array.isArray(position) || position.length < 2) throw malformed(label);
      const [lon, lat] = position as unknown[];
      if (typeof lon !== 'number' || typeof lat !== 'number' || !Number.isFinite(lon) || !Number.isFinite(lat)) {
        throw malformed(label);
      }
      if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
        throw new GeoFileError(
          `Координаты в файле не похожи на градусы (например, ${lon}, ${lat} у объекта «${label}»): `
          + 'похоже, слой сохранён в проекции с метрами. Нужны долгота и широта в градусах WGS 84 (EPSG:4326). '
          + 'В QGIS: Экспорт → Сохранить объекты как…, СК EPSG:4326.',
        );
      }
      ring.push([lon, lat]);
    }
    const closed = closeRing(ring);
    if (closed) rings.push(closed);
    else if (r === 0) return null;
  }
  return rings.length > 0 ? rings : null;
}

function malformed(label: string): GeoFileError {
  return new GeoFileError(
    `У объекта «${label}» неверно записаны координаты: ожидаются пары чисел [долгота, широта]. `
    + 'Сохраните слой заново из ГИС.',
  );
}

/** Closes a ring some tools leave open; null for one with fewer than 3 distinct points. */
function closeRing(ring: Ring): Ring | null {
  if (ring.length === 0) return null;
  const [first, last] = [ring[0], ring[ring.length - 1]];
  const closed = first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first];
  return closed.length >= 4 ? closed : null;
}

// ---------------------------------------------------------------------------------------------
// Matching

/** Property keys that name a feature, in order of preference (compared case-insensitively). */
const LABEL_KEYS = ['name', 'name_ru', 'name_rus', 'название', 'наименование', 'nm', 'name_mo', 'mo_name', 'nazv', 'label'];

function labelOf(properties: Record<string, unknown>, index: number): string {
  const keys = Object.keys(properties);
  for (const wanted of LABEL_KEYS) {
    const key = keys.find((k) => k.toLowerCase() === wanted);
    const value = key === undefined ? undefined : properties[key];
    if ((typeof value === 'string' && value.trim() !== '') || typeof value === 'number') return String(value).trim();
  }
  return `объект № ${index + 1}`;
}

/**
 * Words that differ between how a district is named in the «Районы» dataset and in a GIS layer
 * («Заречный район» / «Заречный муниципальный район» / «ЗАРЕЧНЫЙ»): dropped before comparing.
 * Dots are gone by then, so «г.о.» arrives as «г» and «о».
 */
const NAME_NOISE = new Set([
  'муниципальный', 'муниципальное', 'муниципальная', 'муниципального', 'образование',
  'район', 'р-н', 'р-он', 'рн', 'округ', 'городской', 'город', 'г', 'о', 'го', 'мр', 'мо', 'м', 'р',
]);

/** Lowercase, ё→е, no quotes or punctuation, no «район»-like words, single spaces. */
export function normalizeName(value: string): string {
  const words = value
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}-]+/gu, ' ')
    .split(' ')
    .filter((word) => word !== '' && !NAME_NOISE.has(word));
  return words
    .flatMap((word) => word.split('-'))
    .filter((word) => word !== '' && !NAME_NOISE.has(word))
    .join(' ');
}

/**
 * Properties that number a file's features, not its districts: a QGIS row number (fid 1, 2, 3…)
 * equal to a district coded «1» must not place that district on another's polygon.
 */
const ROW_NUMBERS = new Set(['fid', 'id', 'gid', 'objectid', 'object_id', 'ogc_fid', 'ogr_fid', 'osm_id', 'admin_level', 'rownum', 'row', 'no', 'num', '№']);

/**
 * Returns a function from a feature's properties to the index of its district, or null. A code
 * equal to a property value (ОКТМО codes included; not a row number's) or a name equal to a
 * normalized property value; where both are found they must agree. A feature that fits two
 * districts is left unmatched.
 */
function districtMatcher(districts: readonly District[]): (properties: Record<string, unknown>) => number | null {
  const byCode = new Map<string, number>();
  const byName = new Map<string, number[]>();
  districts.forEach((district, index) => {
    const code = codeKey(district.code);
    if (code !== '' && !byCode.has(code)) byCode.set(code, index);
    const name = normalizeName(district.name);
    if (name !== '') byName.set(name, [...(byName.get(name) ?? []), index]);
  });
  const texts = (entries: [string, unknown][]) => entries
    .map(([, v]) => v)
    .filter((v): v is string | number => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)))
    .map((v) => String(v).trim())
    .filter((v) => v !== '');
  return (properties) => {
    const entries = Object.entries(properties);
    const rowNumber = ([key, value]: [string, unknown]) => ROW_NUMBERS.has(key.trim().toLowerCase()) && /^\d+$/.test(String(value).trim());
    const codes = new Set(texts(entries.filter((entry) => !rowNumber(entry))).flatMap((v) => byCode.get(codeKey(v)) ?? []));
    const names = new Set(texts(entries).flatMap((v) => byName.get(normalizeName(v)) ?? []));
    if (codes.size > 1 || names.size > 1) return null;
    const [code] = codes;
    const [name] = names;
    // A code of one district beside the name of another: which is right is the admin's to say.
    if (code !== undefined && name !== undefined && code !== name) return null;
    return code ?? name ?? null;
  };
}

/**
 * Codes compare case-insensitively; digit codes also without leading zeros, because a shapefile's
 * numeric field turns ОКТМО «04701000» into 4701000.
 */
function codeKey(value: string): string {
  const trimmed = value.trim().toLowerCase();
  return /^\d+$/.test(trimmed) ? trimmed.replace(/^0+(?=\d)/, '') : trimmed;
}

// ---------------------------------------------------------------------------------------------
// Simplification

function largerSide(polygons: Ring[][][]): number {
  const [minX, minY, maxX, maxY] = bounds(polygons.flat().flatMap((rings) => rings[0]));
  return Math.max(maxX - minX, maxY - minY);
}

/**
 * Simplifies and rounds a polygon's rings. The outer ring always stays (at least 4 points, so a
 * tiny island is still drawn); holes that simplify or round to nothing are dropped.
 */
function shrinkPolygon(rings: Ring[], tolerance: number): Ring[] {
  const out: Ring[] = [];
  for (const ring of rings) {
    const outer = out.length === 0;
    const simplified = simplifyRing(ring, tolerance, outer);
    const rounded = roundRing(simplified);
    if (rounded.length >= 4) out.push(rounded);
    // Rounding to a metre squashed a tiny island: keep its corners anyway, it is still a part.
    else if (outer) out.push(simplified.map(([x, y]): Position => [round(x), round(y)]));
  }
  return out;
}

/**
 * Douglas–Peucker over a closed ring, iterative so a ring of a million points cannot overflow the
 * stack. The ring is split at the point farthest from its first one; with keepFour the ring keeps
 * a third corner even when it is thinner than the tolerance.
 */
export function simplifyRing(ring: Ring, tolerance: number, keepFour = false): Ring {
  const n = ring.length;
  if (n < 4) return ring;
  const keep = new Uint8Array(n);
  keep[0] = keep[n - 1] = 1;
  let far = 1;
  let farDistance = -1;
  for (let i = 1; i < n - 1; i++) {
    const d = (ring[i][0] - ring[0][0]) ** 2 + (ring[i][1] - ring[0][1]) ** 2;
    if (d > farDistance) [far, farDistance] = [i, d];
  }
  keep[far] = 1;
  const limit = tolerance * tolerance;
  const stack: [number, number][] = [[0, far], [far, n - 1]];
  let kept = 3;
  let widest = { index: -1, distance: -1 };
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    let index = -1;
    let distance = -1;
    for (let i = a + 1; i < b; i++) {
      const d = segmentDistance2(ring[i], ring[a], ring[b]);
      if (d > distance) [index, distance] = [i, d];
    }
    if (index < 0) continue;
    if (distance > limit) {
      keep[index] = 1;
      kept++;
      stack.push([a, index], [index, b]);
    } else if (distance > widest.distance) {
      widest = { index, distance };
    }
  }
  if (kept < 4 && keepFour && widest.index >= 0) keep[widest.index] = 1;
  return ring.filter((_, i) => keep[i] === 1);
}

const round = (value: number) => Math.round(value * DECIMALS) / DECIMALS;

/** Rounds to 5 decimals (about a metre) and drops the repeats rounding makes. */
function roundRing(ring: Ring): Ring {
  const out: Ring = [];
  for (const [x, y] of ring) {
    const point: Position = [round(x), round(y)];
    const last = out[out.length - 1];
    if (!last || last[0] !== point[0] || last[1] !== point[1]) out.push(point);
  }
  return out;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
