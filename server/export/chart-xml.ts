/**
 * What pptxgenjs cannot say of a chart, written into the deck it made: bars of one series in
 * colours of their own (each district's verdict beside the pale bar of the period compared with),
 * a dashed target line without markers or labels, series without value labels, and points with
 * no value left empty — pptxgenjs writes them as empty numbers in the chart and in the workbook
 * behind it, and writes a 0 there empty too: PowerPoint's «Изменить данные» redraws the chart from
 * that workbook.
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped } from 'fflate';
import type { NativeChart, NativeSeries } from './native-chart.js';

/** The deck with its PowerPoint charts finished; `charts` are the deck's native charts in slide order. */
export function finishNativeCharts(pptx: Buffer, charts: readonly NativeChart[]): Buffer {
  if (charts.length === 0) return pptx;
  const files = unzipSync(new Uint8Array(pptx));
  const paths = chartsInSlideOrder(files);
  if (paths.length !== charts.length) throw new Error(`The deck has ${paths.length} charts, ${charts.length} were drawn`);
  for (const [k, path] of paths.entries()) {
    const chart = charts[k];
    files[path] = strToU8(finishChart(strFromU8(files[path]), chart));
    const workbook = embeddedWorkbook(files, path);
    if (workbook) files[workbook] = valuesInWorkbook(files[workbook], chart);
  }
  return Buffer.from(zipSync(files));
}

/** The chart parts of the slides, slide by slide (pptxgenjs numbers charts across every deck of the process). */
function chartsInSlideOrder(files: Unzipped): string[] {
  const slides = Object.keys(files)
    .map((name) => /^ppt\/slides\/_rels\/slide(\d+)\.xml\.rels$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(a[1]) - Number(b[1]));
  return slides.flatMap((m) => [...strFromU8(files[m[0]]).matchAll(/Target="[^"]*?charts\/(chart\d+\.xml)"/g)].map((c) => `ppt/charts/${c[1]}`));
}

function embeddedWorkbook(files: Unzipped, chartPath: string): string | undefined {
  const rels = files[chartPath.replace(/charts\/(chart\d+\.xml)$/, 'charts/_rels/$1.rels')];
  const target = rels && /Target="\.\.\/(embeddings\/[^"]+\.xlsx)"/.exec(strFromU8(rels))?.[1];
  return target ? `ppt/${target}` : undefined;
}

const fill = (color: string) => `<a:solidFill><a:srgbClr val="${color}"/></a:solidFill>`;

function finishChart(xml: string, chart: NativeChart): string {
  let k = -1;
  return xml.replace(/<c:ser>[\s\S]*?<\/c:ser>/g, (ser) => {
    k += 1;
    const series = chart.series[k];
    // An empty point is left out of the cache: PowerPoint neither draws nor labels it.
    let out = ser.replace(/<c:pt idx="\d+"><c:v><\/c:v><\/c:pt>/g, '');
    if (!series) return out;
    if (series.quiet) out = out.replace(/(<c:dLbls>[\s\S]*?)<c:showVal val="1"\/>/, '$1<c:showVal val="0"/>');
    if (chart.type === 'line') return lineSeries(out, series);
    if (series.pointColors) {
      const points = series.pointColors.map((color, i) => (
        `<c:dPt><c:idx val="${i}"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/><c:spPr>${fill(color)}</c:spPr></c:dPt>`
      )).join('');
      out = out.replace('<c:invertIfNegative val="0"/>', (m) => m + points);
    }
    return out;
  });
}

/**
 * A line series in the schema's order (marker, points, labels: pptxgenjs writes the labels
 * first, and a bar's invertIfNegative), its points' markers coloured where they differ, the
 * target dashed without markers.
 */
function lineSeries(ser: string, series: NativeSeries): string {
  let out = ser.replace('<c:invertIfNegative val="0"/>', '');
  if (series.dashed) {
    out = out.replace('<a:prstDash val="solid"/>', '<a:prstDash val="dash"/>').replace('<c:symbol val="circle"/>', '<c:symbol val="none"/>');
  }
  const labels = /<c:dLbls>[\s\S]*?<\/c:dLbls>/.exec(out)?.[0] ?? '';
  const size = /<c:size val="(\d+)"\/>/.exec(out)?.[1] ?? '8';
  const points = (series.pointColors ?? []).map((color, i) => (
    `<c:dPt><c:idx val="${i}"/><c:marker><c:symbol val="circle"/><c:size val="${size}"/><c:spPr>${fill(color)}<a:ln w="9525">${fill(color)}</a:ln></c:spPr></c:marker><c:bubble3D val="0"/></c:dPt>`
  )).join('');
  return out.replace(labels, '').replace('</c:marker>', `</c:marker>${points}${labels}`);
}

/** The chart's workbook with each point's value in its cell, and no cell for a point without one. */
function valuesInWorkbook(workbook: Uint8Array, chart: NativeChart): Unzipped[string] {
  const parts = unzipSync(workbook);
  const sheet = 'xl/worksheets/sheet1.xml';
  let xml = strFromU8(parts[sheet]);
  for (const [s, series] of chart.series.entries()) {
    // Column A holds the categories, then a column a series; row 1 their names.
    const column = String.fromCharCode('B'.charCodeAt(0) + s);
    series.values.forEach((value, i) => {
      const cell = `${column}${i + 2}`;
      xml = xml.replace(new RegExp(`<c r="${cell}"><v>[^<]*</v></c>`), value === null ? '' : `<c r="${cell}"><v>${value}</v></c>`);
    });
  }
  parts[sheet] = strToU8(xml);
  return new Uint8Array(zipSync(parts));
}
