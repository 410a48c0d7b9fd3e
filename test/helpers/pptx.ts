import { strFromU8, unzipSync } from 'fflate';

const unescapeXml = (text: string) =>
  text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&apos;', "'").replaceAll('&amp;', '&');

/** A deck's parts by name, as text. */
function parts(pptx: Buffer): Map<string, Uint8Array> {
  return new Map(Object.entries(unzipSync(new Uint8Array(pptx))));
}

export interface SlideChart {
  /** The chart's part name and XML, and the cells of the workbook PowerPoint edits its data in (A1 → text). */
  path: string;
  xml: string;
  cells: Map<string, string>;
}

/** The PowerPoint charts of a deck, slide by slide, each with the workbook behind it. */
export function chartsOf(pptx: Buffer): SlideChart[] {
  const files = parts(pptx);
  const slides = [...files.keys()].map((n) => /^ppt\/slides\/_rels\/slide(\d+)\.xml\.rels$/.exec(n)).filter((m) => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]));
  return slides.flatMap((m) => [...strFromU8(files.get(m[0])!).matchAll(/charts\/(chart\d+\.xml)"/g)]).map(([, name]) => {
    const path = `ppt/charts/${name}`;
    const rels = strFromU8(files.get(`ppt/charts/_rels/${name}.rels`)!);
    const workbook = unzipSync(files.get(`ppt/${/Target="\.\.\/(embeddings\/[^"]+)"/.exec(rels)![1]}`)!);
    const sheet = strFromU8(workbook['xl/worksheets/sheet1.xml']);
    const cells = new Map([...sheet.matchAll(/<c r="([A-Z]+\d+)"[^>]*>(?:<v>([^<]*)<\/v>)?<\/c>/g)].map((c) => [c[1], c[2] ?? '']));
    return { path, xml: strFromU8(files.get(path)!), cells };
  });
}

export interface ChartSeries {
  name: string;
  /** Category names in the chart's order. */
  labels: string[];
  /** A value a category; null where the point is left empty. */
  values: (number | null)[];
  /** Colours of single points (<c:dPt>), by category index. */
  pointColors: Map<number, string>;
  /** Whether its values are labelled, and in what number format. */
  labelled: boolean;
  format: string | null;
  dash: string | null;
  marker: string | null;
  color: string | null;
}

/** A chart's grouping, whether it has a legend, and its series as the XML holds them. */
export function readChart(xml: string): { grouping: string | null; legend: boolean; blanks: string | null; series: ChartSeries[] } {
  const series = [...xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map(([, ser]) => {
    const cat = /<c:cat>([\s\S]*?)<\/c:cat>/.exec(ser)![1];
    const val = /<c:val>([\s\S]*?)<\/c:val>/.exec(ser)![1];
    const values: (number | null)[] = Array.from({ length: Number(/<c:ptCount val="(\d+)"\/>/.exec(val)![1]) }, () => null);
    for (const [, idx, v] of val.matchAll(/<c:pt idx="(\d+)"><c:v>([^<]*)<\/c:v><\/c:pt>/g)) values[Number(idx)] = v === '' ? Number.NaN : Number(v);
    const labels = /<c:dLbls>([\s\S]*?)<\/c:dLbls>/.exec(ser)?.[1] ?? '';
    return {
      name: unescapeXml(/<c:tx>[\s\S]*?<c:v>([^<]*)<\/c:v>/.exec(ser)![1]),
      labels: [...cat.matchAll(/<c:pt idx="\d+"><c:v>([^<]*)<\/c:v><\/c:pt>/g)].map((m) => unescapeXml(m[1])),
      values,
      pointColors: new Map([...ser.matchAll(/<c:dPt><c:idx val="(\d+)"\/>[\s\S]*?<a:srgbClr val="(\w+)"\/>[\s\S]*?<\/c:dPt>/g)].map((m) => [Number(m[1]), m[2]])),
      labelled: /<c:showVal val="1"\/>/.test(labels),
      format: /<c:numFmt formatCode="([^"]*)"/.exec(labels)?.[1].replaceAll('&quot;', '"') ?? null,
      dash: /<c:spPr>[\s\S]*?<a:prstDash val="(\w+)"\/>/.exec(ser)?.[1] ?? null,
      marker: /<c:marker>\s*<c:symbol val="(\w+)"\/>/.exec(ser)?.[1] ?? null,
      color: /<c:spPr><a:solidFill><a:srgbClr val="(\w+)"\/>/.exec(ser)?.[1] ?? null,
    };
  });
  return {
    grouping: /<c:grouping val="(\w+)"\/>/.exec(xml)?.[1] ?? null,
    legend: xml.includes('<c:legend>'),
    blanks: /<c:dispBlanksAs val="(\w+)"\/>/.exec(xml)?.[1] ?? null,
    series,
  };
}

export interface SlideShape {
  /** Top and height in inches, and the text it holds (its runs joined; a line break as «\n»). */
  y: number;
  h: number;
  text: string;
  chart: boolean;
}

/** The shapes of a slide, top to bottom as placed. */
export function slideShapes(slideXml: string): SlideShape[] {
  const EMU = 914400;
  return [...slideXml.matchAll(/<p:(sp|graphicFrame)>([\s\S]*?)<\/p:\1>/g)].map(([, kind, body]) => {
    const [, y, h] = /<a:off x="\d+" y="(\d+)"\/><a:ext cx="\d+" cy="(\d+)"\/>/.exec(body)!;
    const text = [...body.matchAll(/<a:t>([^<]*)<\/a:t>|<a:br\/>|<\/a:p><a:p>/g)].map((m) => (m[1] === undefined ? '\n' : unescapeXml(m[1]))).join('');
    return { y: Number(y) / EMU, h: Number(h) / EMU, text, chart: kind === 'graphicFrame' };
  }).sort((a, b) => a.y - b.y);
}

/** The slides of a deck in order, as XML. */
export function slidesOf(pptx: Buffer): string[] {
  const files = parts(pptx);
  return [...files.keys()].map((n) => /^ppt\/slides\/slide(\d+)\.xml$/.exec(n)).filter((m) => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1])).map((m) => strFromU8(files.get(m[0])!));
}
