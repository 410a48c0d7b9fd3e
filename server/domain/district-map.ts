import { createHash } from 'node:crypto';
import type { Queries } from '../db/queries.js';
import type { Database, Session } from '../db/database.js';
import { readBoundaries, type Boundaries, type District, type FeatureCollection } from '../geo/boundaries.js';
import { tileMap } from '../geo/tiles.js';
import { labelPoint } from '../geo/label-point.js';

/** The shapes the map draws, under the name ECharts registers them by (it changes with the shapes). */
export interface MapShapes {
  name: string;
  /** `boundaries`: the uploaded (or the demo's) GeoJSON; `tiles`: one square per district. */
  kind: 'boundaries' | 'tiles';
  geoJson: FeatureCollection;
}

/** What the map draws for a list of districts, and the districts it has no shape for. */
interface DrawnMap {
  shapes: MapShapes;
  missing: District[];
}

/** The uploaded file behind the boundaries. */
export interface MapSource {
  fileName: string;
  uploadedAt: string;
  uploadedBy: string;
  /** What the file held that matched no district, as its upload reported it. */
  unmatched: string[];
}

type Stored = {
  geojson: string;
  file_name: string;
  uploaded_at: string;
  uploaded_by: string;
  unmatched: string;
};

/**
 * Each district's label point as ECharts reads it (`cp`): inside the district, clear of a city
 * cut out of it. Worked out before the boundaries are stored, so that a failure stores nothing
 * and a start reads them as they are.
 */
export const withLabelPoints = (map: FeatureCollection): FeatureCollection => ({
  ...map, features: map.features.map((f) => ({ ...f, properties: { ...f.properties, cp: labelPoint(f) } })),
});

const nameOf = (kind: MapShapes['kind'], text: string) => `${kind}-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;

/**
 * The region's district map: the boundaries the admin uploaded, kept read and parsed once, or
 * else a tile map of today's districts, so that the map exists from the first day.
 */
export class DistrictMaps {
  private stored: { shapes: MapShapes; source: MapSource } | null = null;
  private drawn?: { districts: readonly District[]; stored: DistrictMaps['stored']; map: DrawnMap };

  private constructor(private readonly db: Database, private readonly queries: Queries) {}

  /**
   * The stored boundaries; a row that cannot be read (stored by an older version, damaged) is
   * reported and the map shown as tiles: a map is never a reason for the server not to start.
   */
  static async load(db: Database, queries: Queries, warn: (message: string) => void = () => undefined): Promise<DistrictMaps> {
    const maps = new DistrictMaps(db, queries);
    try {
      await maps.reload();
    } catch (error) {
      warn(`Загруженные границы районов не читаются (${(error as Error).message}): карта показана плитками, загрузите границы заново.`);
    }
    return maps;
  }

  private async reload(): Promise<void> {
    const [row] = await this.queries.run<Stored>('district_map_get');
    this.stored = row ? {
      shapes: { name: nameOf('boundaries', row.geojson), kind: 'boundaries', geoJson: JSON.parse(row.geojson) as FeatureCollection },
      source: { fileName: row.file_name, uploadedAt: row.uploaded_at, uploadedBy: row.uploaded_by, unmatched: JSON.parse(row.unmatched) as string[] },
    } : null;
  }

  /** The source of the boundaries drawn (null: the tile map). */
  source(): MapSource | null {
    return this.stored?.source ?? null;
  }

  /** What the map draws for today's districts, and the districts it has no shape for. */
  shapes(districts: readonly District[]): DrawnMap {
    // Worked out once for a list of districts and stored boundaries (each map answer asks; the
    // catalog's list is a new array whenever the districts change, an upload a new `stored`).
    if (this.drawn?.districts !== districts || this.drawn.stored !== this.stored) {
      this.drawn = { districts, stored: this.stored, map: this.draw(districts) };
    }
    return this.drawn.map;
  }

  private draw(districts: readonly District[]): DrawnMap {
    if (!this.stored) {
      const geoJson = tileMap([...districts].sort((a, b) => a.name.localeCompare(b.name, 'ru')));
      return { shapes: { name: nameOf('tiles', JSON.stringify(geoJson)), kind: 'tiles', geoJson }, missing: [] };
    }
    const drawn = new Set(this.stored.shapes.geoJson.features.map((f) => f.properties.code));
    // A district added since the upload has no shape; one removed since is not drawn; one renamed
    // since goes by its name of today.
    const names = new Map(districts.map((d) => [d.code, d.name]));
    const kept = this.stored.shapes.geoJson.features.filter((f) => names.has(f.properties.code));
    const current = kept.length === this.stored.shapes.geoJson.features.length && kept.every((f) => names.get(f.properties.code) === f.properties.name);
    const geoJson = current ? this.stored.shapes.geoJson
      : { ...this.stored.shapes.geoJson, features: kept.map((f) => ({ ...f, properties: { ...f.properties, name: names.get(f.properties.code)! } })) };
    const shapes = current ? this.stored.shapes : { ...this.stored.shapes, name: nameOf('boundaries', JSON.stringify(geoJson)), geoJson };
    return { shapes, missing: districts.filter((d) => !drawn.has(d.code)) };
  }

  /**
   * Reads a GeoJSON file and, if it is usable, stores its boundaries in place of the previous
   * ones (GeoFileError otherwise: nothing changes). `record` writes the audit entry in the same
   * transaction.
   */
  async replace(bytes: Uint8Array, fileName: string, by: string, districts: readonly District[], record: (tx: Session, read: Boundaries) => Promise<void>): Promise<Boundaries> {
    const read = readBoundaries(bytes, districts);
    const unmatched = [...read.unmatchedFeatures, ...read.skippedFeatures];
    const geojson = JSON.stringify(withLabelPoints(read.geoJson));
    await this.db.transaction(async (tx) => {
      await this.queries.on(tx, 'district_map_put', { geojson, file_name: fileName, uploaded_by: by, unmatched: JSON.stringify(unmatched) });
      await record(tx, read);
    });
    await this.reload();
    return read;
  }

  /** Drops the uploaded boundaries: the map is tiles again. False when there were none. */
  async remove(record: (tx: Session) => Promise<void>): Promise<boolean> {
    if (!this.stored) return false;
    await this.db.transaction(async (tx) => {
      await this.queries.on(tx, 'district_map_delete');
      await record(tx);
    });
    await this.reload();
    return true;
  }
}
