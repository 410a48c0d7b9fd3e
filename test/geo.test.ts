import { describe, expect, it } from 'vitest';
import { demoBoundaries, demoOutline } from '../server/demo/boundaries.js';
import {
  GeoFileError, normalizeName, readBoundaries, type FeatureCollection, type Position, type Ring,
} from '../server/geo/boundaries.js';
import { tileMap } from '../server/geo/tiles.js';

/** The district map's core: reading uploaded boundaries, the tile map, the demo region's borders. */

const DISTRICTS = [
  { code: 'verkhnedolsk', name: 'Городской округ Верхнедольск' },
  { code: 'krasnoselsky', name: 'Красносельский район' },
  { code: 'zarechny', name: 'Заречный район' },
  { code: 'oktyabrsky', name: 'Октябрьский район' },
  { code: 'berezovsky', name: 'Берёзовский район' },
];

/** A square ring [lon, lat] of the given side, counter-clockwise, as QGIS writes it. */
const square = (lon: number, lat: number, side = 0.5): Ring => {
  const [right, top] = [lon + side, lat + side].map((v) => Math.round(v * 1e9) / 1e9);
  return [[lon, lat], [right, lat], [right, top], [lon, top], [lon, lat]];
};

type Geometry = { type: string; coordinates: unknown } | null;
const feature = (properties: Record<string, unknown>, geometry: Geometry) => ({ type: 'Feature', properties, geometry });
const polygon = (...rings: Ring[]): Geometry => ({ type: 'Polygon', coordinates: rings });

/** A layer as QGIS exports it: named, with a CRS member, pretty-printed. */
const qgisFile = (features: unknown[]) => JSON.stringify({
  type: 'FeatureCollection',
  name: 'mo_region',
  crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } },
  features,
}, null, 1);

const utf8 = (text: string) => new Uint8Array(Buffer.from(text, 'utf-8'));

/** Windows-1251 bytes for ASCII and Russian letters: А–я are 0xC0–0xFF, Ё 0xA8, ё 0xB8. */
function cp1251(text: string): Uint8Array {
  return Uint8Array.from([...text], (ch) => {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) return code;
    if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0;
    if (ch === 'ё') return 0xb8;
    if (ch === 'Ё') return 0xa8;
    throw new Error(`no cp1251 byte for ${ch}`);
  });
}

const errorOf = (fn: () => unknown): GeoFileError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof GeoFileError) return error;
    throw error;
  }
  throw new Error('expected a GeoFileError');
};

const ringsOf = (fc: FeatureCollection, code: string): Ring[][] => {
  const geometry = fc.features.find((f) => f.properties.code === code)!.geometry;
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
};

/** Signed shoelace area of a closed ring. */
const ringArea = (ring: Ring) => {
  let sum = 0;
  for (let k = 0; k + 1 < ring.length; k++) sum += ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1];
  return sum / 2;
};
const polygonArea = (rings: Ring[]) => rings.reduce((sum, ring) => sum + ringArea(ring), 0);

/** Even–odd over all rings, so a hole's points are outside. */
const covers = (rings: Ring[], [x, y]: Position) => {
  let inside = false;
  for (const ring of rings) {
    for (let k = 0, l = ring.length - 2; k < ring.length - 1; l = k++) {
      const [a, b] = [ring[k], ring[l]];
      if ((a[1] > y) !== (b[1] > y) && x < ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
    }
  }
  return inside;
};

const decimals = (value: number) => (String(value).split('.')[1] ?? '').length;

describe('reading uploaded boundaries', () => {
  it('a QGIS export with ОКТМО and «муниципальный район» names matches districts coded by ОКТМО', () => {
    const byOktmo = [
      { code: '22701000', name: 'Городской округ Верхнедольск' },
      { code: '22612000', name: 'Заречный район' },
      { code: '22614000', name: 'Красносельский район' },
    ];
    const file = qgisFile([
      feature({ fid: 1, OKTMO: '22612000', NAME: 'Заречный муниципальный район' }, polygon(square(40, 56))),
      feature({ fid: 2, OKTMO: '22701000', NAME: 'г.о. Верхнедольск' }, polygon(square(41, 57, 0.1))),
      feature({ fid: 3, OKTMO: '22614000', NAME: 'Красносельский муниципальный район' }, polygon(square(41, 56))),
    ]);
    const result = readBoundaries(utf8(file), byOktmo);
    expect(result.matched).toEqual([
      { code: '22612000', feature: 'Заречный муниципальный район' },
      { code: '22701000', feature: 'г.о. Верхнедольск' },
      { code: '22614000', feature: 'Красносельский муниципальный район' },
    ]);
    // One feature per district, in the districts' order, with the district's own name only.
    expect(result.geoJson.type).toBe('FeatureCollection');
    expect(result.geoJson.features.map((f) => f.properties)).toEqual(byOktmo);
    expect(result.geoJson.features[1].geometry).toEqual({ type: 'Polygon', coordinates: [square(40, 56)] });
    expect(result.unmatchedFeatures).toEqual([]);
    expect(result.skippedFeatures).toEqual([]);
    expect(result.districtsWithout).toEqual([]);
  });

  it('matches by name however the layer spells it, and by a code written as a number', () => {
    const file = qgisFile([
      feature({ NAME: 'ЗАРЕЧНЫЙ' }, polygon(square(40, 56))),
      feature({ NAME: 'город Верхнедольск' }, polygon(square(41, 57, 0.1))),
      feature({ name_ru: '«Красносельский» р-н' }, polygon(square(41, 56))),
      feature({ NAME: 'Березовский муниципальный район' }, polygon(square(42, 56))),
      feature({ id: 'OKTYABRSKY', NAME: 'что-то другое' }, polygon(square(43, 56))),
    ]);
    const result = readBoundaries(utf8(file), DISTRICTS);
    expect(result.matched.map((m) => m.code)).toEqual(['zarechny', 'verkhnedolsk', 'krasnoselsky', 'berezovsky', 'oktyabrsky']);
    // A shapefile's numeric field drops ОКТМО's leading zero.
    const numeric = readBoundaries(
      utf8(qgisFile([feature({ OKTMO: 4701000 }, polygon(square(40, 56)))])),
      [{ code: '04701000', name: 'Город Норильск' }],
    );
    expect(numeric.matched).toEqual([{ code: '04701000', feature: 'объект № 1' }]);
  });

  it.each([
    ['Заречный муниципальный район', 'Заречный район'],
    ['ЗАРЕЧНЫЙ', 'Заречный район'],
    ['Заречный р-н', 'Заречный район'],
    ['Городской округ Верхнедольск', 'Городской округ Верхнедольск'],
    ['г.о. Верхнедольск', 'Городской округ Верхнедольск'],
    ['г. о. Верхнедольск', 'Городской округ Верхнедольск'],
    ['ГО "Верхнедольск"', 'Городской округ Верхнедольск'],
    ['город Верхнедольск', 'Городской округ Верхнедольск'],
    ['г. Верхнедольск', 'Городской округ Верхнедольск'],
    ['Муниципальное образование «Берёзовский район»', 'Берёзовский район'],
    ['Березовский МР', 'Берёзовский район'],
  ])('«%s» is the same district as «%s»', (spelled, name) => {
    expect(normalizeName(spelled)).toBe(normalizeName(name));
    expect(normalizeName(spelled)).not.toBe('');
  });

  it('keeps different districts apart', () => {
    expect(normalizeName('Красносельский район')).not.toBe(normalizeName('Заречный район'));
    expect(normalizeName('Ново-Заречный район')).not.toBe(normalizeName('Заречный район'));
  });

  it('a code and a name of different districts match neither, nor a name fitting two; a code alone matches', () => {
    const districts = [
      { code: 'zarechny', name: 'Заречный район' },
      { code: 'zarechny-go', name: 'Городской округ Заречный' },
      { code: 'leninsky', name: 'Ленинский район' },
    ];
    const file = qgisFile([
      feature({ NAME: 'Ленинский район', KOD: 'ZARECHNY-GO' }, polygon(square(40, 56))),
      feature({ KOD: 'leninsky' }, polygon(square(42, 56))),
      feature({ NAME: 'Заречный' }, polygon(square(41, 56))),
    ]);
    const result = readBoundaries(utf8(file), districts);
    expect(result.matched).toEqual([{ code: 'leninsky', feature: 'объект № 2' }]);
    expect(result.unmatchedFeatures).toEqual(['Ленинский район', 'Заречный']);
    expect(result.districtsWithout).toEqual(['zarechny', 'zarechny-go']);
  });

  it('a row number (QGIS fid) is no district code, even where districts are coded 1, 2, 3', () => {
    const districts = [{ code: '1', name: 'Северный район' }, { code: '2', name: 'Южный район' }, { code: '3', name: 'Западный район' }];
    const file = qgisFile([
      feature({ fid: 1, NAME: 'Южный район' }, polygon(square(40, 56))),
      feature({ fid: 2, NAME: 'Западный район' }, polygon(square(41, 56))),
      feature({ fid: 3, NAME: 'Северный район' }, polygon(square(42, 56))),
    ]);
    expect(readBoundaries(utf8(file), districts).matched).toEqual([
      { code: '2', feature: 'Южный район' }, { code: '3', feature: 'Западный район' }, { code: '1', feature: 'Северный район' },
    ]);
  });

  it('refuses boundaries too detailed to simplify (a zig-zag, which would make simplifying quadratic), at once', () => {
    // 300 000 points zig-zagging wider than the tolerance: simplification keeps nearly all of them.
    const ring: [number, number][] = Array.from({ length: 300_000 }, (_, i) => [40 + i / 300_000, 56 + (i % 2) * 0.5]);
    ring.push([41, 55], [40, 55], ring[0]);
    expect(() => readBoundaries(utf8(qgisFile([feature({ NAME: 'Заречный район' }, polygon(ring))])), DISTRICTS)).toThrow(/слишком подробны/);
  });

  it('reads a file exported in Windows-1251 from Russian Windows', () => {
    const file = qgisFile([
      feature({ NAME: 'Заречный муниципальный район' }, polygon(square(40, 56))),
      feature({ NAME: 'Берёзовский район' }, polygon(square(41, 56))),
    ]);
    const bytes = cp1251(file);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const result = readBoundaries(bytes, DISTRICTS);
    expect(result.matched).toEqual([
      { code: 'zarechny', feature: 'Заречный муниципальный район' },
      { code: 'berezovsky', feature: 'Берёзовский район' },
    ]);
  });

  it('reads a file with a UTF-8 byte order mark', () => {
    const file = qgisFile([feature({ NAME: 'Октябрьский район' }, polygon(square(40, 56)))]);
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(file)]);
    expect(readBoundaries(bytes, DISTRICTS).matched).toEqual([{ code: 'oktyabrsky', feature: 'Октябрьский район' }]);
  });

  it('reports a feature of an unknown district and districts without a feature', () => {
    const file = qgisFile([
      feature({ NAME: 'Заречный район' }, polygon(square(40, 56))),
      feature({ NAME: 'Соседний район (другой регион)' }, polygon(square(44, 56))),
    ]);
    const result = readBoundaries(utf8(file), DISTRICTS);
    expect(result.unmatchedFeatures).toEqual(['Соседний район (другой регион)']);
    expect(result.districtsWithout).toEqual(['verkhnedolsk', 'krasnoselsky', 'oktyabrsky', 'berezovsky']);
    expect(result.geoJson.features.map((f) => f.properties.code)).toEqual(['zarechny']);
  });

  it('merges two features of one district into a MultiPolygon', () => {
    const file = qgisFile([
      feature({ NAME: 'Заречный район', part: 'материк' }, polygon(square(40, 56))),
      feature({ NAME: 'Красносельский район' }, polygon(square(41, 56))),
      feature({ NAME: 'Заречный район', part: 'остров' }, polygon(square(40.7, 56.7, 0.2))),
    ]);
    const result = readBoundaries(utf8(file), DISTRICTS);
    expect(result.matched.filter((m) => m.code === 'zarechny')).toHaveLength(2);
    const zarechny = result.geoJson.features.find((f) => f.properties.code === 'zarechny')!;
    expect(zarechny.geometry).toEqual({ type: 'MultiPolygon', coordinates: [[square(40, 56)], [square(40.7, 56.7, 0.2)]] });
    expect(result.geoJson.features.filter((f) => f.properties.code === 'zarechny')).toHaveLength(1);
  });

  it('skips points and features without geometry, naming them', () => {
    const file = qgisFile([
      feature({ NAME: 'Заречный район' }, polygon(square(40, 56))),
      feature({ NAME: 'Административный центр' }, { type: 'Point', coordinates: [41.2, 57.1] }),
      feature({ fid: 7 }, null),
      feature({ NAME: 'Река' }, { type: 'LineString', coordinates: [[40, 56], [41, 57]] }),
    ]);
    const result = readBoundaries(utf8(file), DISTRICTS);
    expect(result.skippedFeatures).toEqual(['Административный центр', 'объект № 3', 'Река']);
    expect(result.matched).toHaveLength(1);
  });

  it('refuses a layer of points', () => {
    const file = qgisFile([feature({ NAME: 'Заречный район' }, { type: 'Point', coordinates: [41.2, 57.1] })]);
    expect(errorOf(() => readBoundaries(utf8(file), DISTRICTS)).message).toMatch(/^В файле нет полигонов районов/);
  });

  it('refuses projected coordinates in metres, saying how to save in EPSG:4326', () => {
    // Web Mercator (EPSG:3857) metres, as a layer saved without reprojection has.
    const metres: Ring = [[4452779, 7558415], [4508439, 7558415], [4508439, 7658415], [4452779, 7558415]];
    const file = qgisFile([feature({ NAME: 'Заречный район' }, polygon(metres))]);
    const message = errorOf(() => readBoundaries(utf8(file), DISTRICTS)).message;
    expect(message).toContain('EPSG:4326');
    expect(message).toContain('Сохранить объекты как');
    expect(message).toContain('Заречный район');
  });

  it('names the place of a JSON error', () => {
    const file = '{\n "type": "FeatureCollection",\n "features": [\n  { "type": "Feature", "properties": { "NAME": "Заречный" } "geometry": null }\n ]\n}';
    const at = file.indexOf('"geometry"');
    const message = errorOf(() => readBoundaries(utf8(file), DISTRICTS)).message;
    expect(message).toContain(`Файл не читается как GeoJSON: ошибка в JSON около символа ${at + 1} (строка 4, столбец `);
    const cut = errorOf(() => readBoundaries(utf8(file.slice(0, 60)), DISTRICTS)).message;
    expect(cut).toMatch(/не полностью/);
  });

  it.each([
    ['an empty file', new Uint8Array(), /^Файл пуст/],
    ['a byte order mark alone', new Uint8Array([0xef, 0xbb, 0xbf, 0x0a]), /^Файл пуст/],
    ['an array', utf8('[]'), /FeatureCollection/],
    ['a bare geometry', utf8(JSON.stringify(polygon(square(40, 56)))), /FeatureCollection/],
    ['no features', utf8('{"type":"FeatureCollection","features":[]}'), /нет ни одного объекта/],
    ['TopoJSON', utf8('{"type":"Topology","objects":{},"arcs":[]}'), /TopoJSON/],
    ['a zipped shapefile', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]), /ZIP.*GeoJSON/],
    ['KML', utf8('<?xml version="1.0"?><kml></kml>'), /XML/],
  ])('refuses %s', (_, bytes, message) => {
    expect(errorOf(() => readBoundaries(bytes, DISTRICTS)).message).toMatch(message);
  });

  it('accepts a single Feature', () => {
    const file = JSON.stringify(feature({ NAME: 'Заречный район' }, polygon(square(40, 56))));
    expect(readBoundaries(utf8(file), DISTRICTS).matched).toEqual([{ code: 'zarechny', feature: 'Заречный район' }]);
  });

  it('refuses more than 2,000 features', () => {
    const features = Array.from({ length: 2001 }, (_, i) => feature({ NAME: `Участок ${i}` }, polygon(square(40, 56, 0.01))));
    const message = errorOf(() => readBoundaries(utf8(qgisFile(features)), DISTRICTS)).message;
    expect(message).toMatch(/2\s001 объект/);
    expect(message).toMatch(/не больше 2\s000/);
  });

  it('refuses more than 2,000,000 points of borders', () => {
    const ring = `[${'[40,56],'.repeat(2_000_000)}[40,56]]`;
    const file = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"NAME":"Заречный район"},`
      + `"geometry":{"type":"Polygon","coordinates":[${ring}]}}]}`;
    expect(errorOf(() => readBoundaries(utf8(file), DISTRICTS)).message).toMatch(/больше 2\s000\s000 точек/);
  });

  it('refuses coordinates nested too deep without overflowing the stack', () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const file = `{"type":"Feature","properties":{"NAME":"Заречный район"},"geometry":{"type":"Polygon","coordinates":${deep}}}`;
    expect(errorOf(() => readBoundaries(utf8(file), DISTRICTS)).message).toMatch(/неверно записаны координаты/);
  });

  it('says which features it found when none matched', () => {
    const names = ['Alpha', 'Beta', 'Gamma', 'Delta', 'Epsilon', 'Zeta'];
    const file = qgisFile(names.map((NAME, i) => feature({ NAME }, polygon(square(40 + i, 56)))));
    const message = errorOf(() => readBoundaries(utf8(file), DISTRICTS)).message;
    expect(message).toContain('«Alpha», «Beta», «Gamma», «Delta», «Epsilon» и др.');
    expect(message).not.toContain('Zeta');
    expect(message).toContain('по коду района или по его названию, как в наборе «Районы»');
  });

  it('simplifies a dense ring to far fewer points, still closed', () => {
    const ring: Ring = Array.from({ length: 10_000 }, (_, i) => {
      const angle = (2 * Math.PI * i) / 10_000;
      return [41 + Math.cos(angle), 57 + Math.sin(angle)];
    });
    ring.push(ring[0]);
    const file = qgisFile([feature({ NAME: 'Заречный район' }, polygon(ring))]);
    const bytes = utf8(file);
    const result = readBoundaries(bytes, DISTRICTS);
    const [outer] = ringsOf(result.geoJson, 'zarechny')[0];
    expect(outer.length).toBeLessThan(300);
    expect(outer.length).toBeGreaterThan(30);
    expect(outer[0]).toEqual(outer[outer.length - 1]);
    // Within the tolerance (1/2000 of the 2° bounding box) of the circle, and as round.
    for (const [x, y] of outer) expect(Math.abs(Math.hypot(x - 41, y - 57) - 1)).toBeLessThan(0.001 + 1e-5);
    expect(ringArea(outer)).toBeGreaterThan(Math.PI * 0.998);
    expect(JSON.stringify(result.geoJson).length).toBeLessThan(bytes.length / 50);
  });

  it('rounds to 5 decimals, drops holes smaller than the tolerance and keeps tiny islands', () => {
    const outer: Ring = [[40.123456789, 56.987654321], [41.5, 56.0000049], [41.5, 57.5], [40.123456789, 56.987654321]];
    const pinhole: Ring = [[41, 57], [41.0001, 57], [41.0001, 57.0001], [41, 57]];
    const file = qgisFile([
      feature({ NAME: 'Заречный район' }, polygon(outer, pinhole)),
      feature({ NAME: 'Заречный район' }, polygon(square(42, 56, 0.0002))),
    ]);
    const [main, island] = ringsOf(readBoundaries(utf8(file), DISTRICTS).geoJson, 'zarechny');
    expect(main).toEqual([[[40.12346, 56.98765], [41.5, 56], [41.5, 57.5], [40.12346, 56.98765]]]);
    // Far below the tolerance (about 0.001°), yet a part of the district: at least 4 points.
    expect(island).toHaveLength(1);
    expect(island[0].length).toBeGreaterThanOrEqual(4);
    expect(island[0][0]).toEqual(island[0][island[0].length - 1]);
    expect(ringArea(island[0])).toBeGreaterThan(0);
    for (const [x, y] of main[0]) expect(Math.max(decimals(x), decimals(y))).toBeLessThanOrEqual(5);
  });
});

describe('tile map', () => {
  it('one district: one unit square', () => {
    const fc = tileMap([DISTRICTS[0]]);
    expect(fc.features).toHaveLength(1);
    expect(fc.features[0].properties).toEqual(DISTRICTS[0]);
    const [ring] = ringsOf(fc, 'verkhnedolsk')[0];
    expect(ring[0]).toEqual(ring[ring.length - 1]);
    expect(ringArea(ring)).toBeCloseTo(1, 12);
  });

  it('no districts: an empty map', () => {
    expect(tileMap([])).toEqual({ type: 'FeatureCollection', features: [] });
  });

  it('15 districts: 4 columns and 4 rows, first top-left, row by row, squares apart', () => {
    const districts = Array.from({ length: 15 }, (_, i) => ({ code: `d${i}`, name: `Район ${i}` }));
    const fc = tileMap(districts);
    expect(fc.features.map((f) => f.properties)).toEqual(districts);
    const boxes = fc.features.map((f) => {
      const [ring] = ringsOf(fc, f.properties.code)[0];
      expect(ring).toHaveLength(5);
      expect(ring[0]).toEqual(ring[4]);
      expect(ringArea(ring)).toBeCloseTo(1, 12); // counter-clockwise unit square
      const xs = ring.map((p) => p[0]);
      const ys = ring.map((p) => p[1]);
      return { left: Math.min(...xs), right: Math.max(...xs), bottom: Math.min(...ys), top: Math.max(...ys) };
    });
    const lefts = [...new Set(boxes.map((b) => b.left))].sort((a, b) => a - b);
    const tops = [...new Set(boxes.map((b) => b.top))].sort((a, b) => b - a);
    expect(lefts).toHaveLength(4);
    expect(tops).toHaveLength(4);
    boxes.forEach((box, i) => {
      expect(box.left).toBe(lefts[i % 4]);
      expect(box.top).toBe(tops[Math.floor(i / 4)]);
      boxes.slice(i + 1).forEach((other) => {
        const apart = box.right < other.left || other.right < box.left || box.top < other.bottom || other.top < box.bottom;
        expect(apart).toBe(true);
      });
    });
    // ECharts draws larger y higher: the first district has the leftmost x and the largest y.
    expect(boxes[0].left).toBe(lefts[0]);
    expect(boxes[0].top).toBe(tops[0]);
    expect(lefts[1] - lefts[0]).toBeCloseTo(1.08, 9);
  });
});

describe('demo region boundaries', () => {
  const districts = [
    'Городской округ Верхнедольск', 'Красносельский район', 'Заречный район', 'Октябрьский район', 'Ленинский район',
    'Приморский район', 'Северный район', 'Лесной район', 'Сосновский район', 'Берёзовский район', 'Каменский район',
    'Озёрный район', 'Светлогорский район', 'Новосельский район', 'Кировский район',
  ].map((name, i) => ({ code: `d${i}`, name }));
  const fc = demoBoundaries(districts);
  const outline = demoOutline();
  const cells = fc.features.map((f) => ringsOf(fc, f.properties.code)[0]);
  const areas = cells.map(polygonArea);

  it('one district per cell, in order, inside lon 38–44 and lat 55.5–58.5, rounded to 4 decimals', () => {
    expect(fc.features.map((f) => f.properties)).toEqual(districts);
    expect(fc.features.every((f) => f.geometry.type === 'Polygon')).toBe(true);
    for (const [x, y] of outline) {
      expect(x).toBeGreaterThan(38);
      expect(x).toBeLessThan(44);
      expect(y).toBeGreaterThan(55.5);
      expect(y).toBeLessThan(58.5);
    }
    for (const [x, y] of cells.flat(2)) expect(Math.max(decimals(x), decimals(y))).toBeLessThanOrEqual(4);
  });

  it('every cell is a closed, simple ring with positive area', () => {
    const crosses = (a: Position, b: Position, c: Position, d: Position) => {
      const side = (p: Position, q: Position, r: Position) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
      return side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0;
    };
    cells.forEach((rings) => {
      for (const ring of rings) {
        expect(ring.length).toBeGreaterThanOrEqual(4);
        expect(ring[0]).toEqual(ring[ring.length - 1]);
        for (let i = 0; i + 1 < ring.length; i++) {
          for (let j = i + 2; j + 1 < ring.length; j++) {
            expect(crosses(ring[i], ring[i + 1], ring[j], ring[j + 1])).toBe(false);
          }
        }
      }
      expect(ringArea(rings[0])).toBeGreaterThan(0);
      expect(polygonArea(rings)).toBeGreaterThan(0);
    });
  });

  it('the cells tile the outline: areas add up and every point lies in exactly one cell', () => {
    const total = areas.reduce((a, b) => a + b, 0);
    // Not exact: rounding to 4 decimals moves each point where a border meets the outline up to
    // 0.00005° off the outline's edge (here 2e-7 of the region in all; a gap or an overlap of
    // cells would be thousands of times more). Exactness is the next two checks' business.
    expect(Math.abs(total - ringArea(outline)) / ringArea(outline)).toBeLessThan(1e-6);
    let samples = 0;
    for (let x = 38.00123; x < 44; x += 0.0731) {
      for (let y = 55.50077; y < 58.5; y += 0.0377) {
        const owners = cells.filter((rings) => covers(rings, [x, y])).length;
        expect(owners).toBe(covers([outline], [x, y]) ? 1 : 0);
        samples += owners;
      }
    }
    expect(samples).toBeGreaterThan(3000);
  });

  it('neighbours share exact borders: every edge inside the region belongs to two cells', () => {
    const key = (a: Position, b: Position) => `${a}>${b}`;
    const edges = new Set(cells.flat().flatMap((ring) => ring.slice(1).map((p, k) => key(ring[k], p))));
    const onOutline = (a: Position, b: Position) => outline.slice(1).some((q, k) => {
      const p = outline[k];
      const distance = (r: Position) => Math.abs((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])) / Math.hypot(q[0] - p[0], q[1] - p[1]);
      const within = (r: Position) => (r[0] - p[0]) * (q[0] - p[0]) + (r[1] - p[1]) * (q[1] - p[1]) >= -1e-9
        && (r[0] - q[0]) * (p[0] - q[0]) + (r[1] - q[1]) * (p[1] - q[1]) >= -1e-9;
      return distance(a) < 1e-4 && distance(b) < 1e-4 && within(a) && within(b);
    });
    let inner = 0;
    for (const edge of edges) {
      const [a, b] = edge.split('>').map((s) => s.split(',').map(Number) as Position);
      if (edges.has(key(b, a))) inner++;
      else expect(onOutline(a, b), edge).toBe(true);
    }
    expect(inner).toBeGreaterThan(2 * 15);
  });

  it('the city is the smallest district, an enclave inside another', () => {
    expect(Math.min(...areas)).toBe(areas[0]);
    expect(cells[0]).toHaveLength(1);
    const hosts = cells.filter((rings) => rings.length === 2);
    expect(hosts).toHaveLength(1);
    expect([...hosts[0][1]].reverse()).toEqual(cells[0][0]);
  });

  it('is the same every time, and works for any number of districts', () => {
    expect(demoBoundaries(districts)).toEqual(fc);
    expect(demoBoundaries(districts, 2)).not.toEqual(fc);
    for (const n of [1, 2, 3, 40]) {
      const some = Array.from({ length: n }, (_, i) => ({ code: `d${i}`, name: `Район ${i}` }));
      const map = demoBoundaries(some);
      expect(map.features).toHaveLength(n);
      const total = map.features.reduce((sum, f) => sum + polygonArea(ringsOf(map, f.properties.code)[0]), 0);
      expect(Math.abs(total - ringArea(outline)) / ringArea(outline)).toBeLessThan(2e-5);
      const sizes = map.features.map((f) => polygonArea(ringsOf(map, f.properties.code)[0]));
      expect(Math.min(...sizes)).toBe(sizes[0]);
    }
  });
});
