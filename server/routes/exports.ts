import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CHART_IDS, chartById, emptyTextOf, subtitleOf, type Chart } from '../../web/src/lib/charts/registry.js';
import { cardParams, DEFAULT_KPI, filterParams, type ViewScope } from '../../web/src/lib/shared/scope.js';
import { apiUrl } from '../../web/src/lib/shared/url.js';
import {
  ExportParams, ExportQuery, PreviewParams, PreviewQuery, ScopeQuery, SitesQuery, TableExportParams, type DeadlinesResponse, type SitesResponse, type ExportFormat, type KpisResponse, type OutlookResponse,
  type ScorecardResponse, type CompletenessResponse, type KpiOrganizationsResponse, KpiQuery,
} from '../../web/src/lib/shared/api.js';
import { DECK_PART_CODES, DECK_PARTS, type DeckPart } from '../../web/src/lib/shared/codes.js';
import { overdueTable } from '../../web/src/lib/shared/deadlines.js';
import { scorecardTable } from '../../web/src/lib/shared/scorecard.js';
import { remindersTable } from '../../web/src/lib/shared/completeness.js';
import { whoTable } from '../../web/src/lib/shared/who.js';
import { sitesTable } from '../../web/src/lib/shared/sites.js';
import { filterName, scopeCaption } from '../../web/src/lib/shared/caption.js';
import { formatDate } from '../../web/src/lib/shared/format.js';
import { fitToWidth, heightToFit } from '../../web/src/lib/charts/fit.js';
import { attachment, fileName } from '../export/file-name.js';
import { nativeChart } from '../export/native-chart.js';
import type { ChartSlide } from '../export/presentation.js';
import { toCsv, toXlsx, type TableData } from '../export/table-files.js';
import { badRequest, Refusal, notFound } from '../errors.js';
import type { AppContext } from './context.js';
import type { TypeBoxProvider } from './typed.js';
import { localDay } from '../local-day.js';
import { WARM_UP } from '../auth/access.js';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  png: 'image/png',
  svg: 'image/svg+xml; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};
const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

/**
 * A list as a CSV or XLSX download: `name` the Russian file name, `ascii` its plain fallback (no
 * extension); `heading` (its title, filters and period, source) above the XLSX's table, as a
 * chart's has it — a sheet copied into a report keeps what it is of. The CSV stays a bare table.
 */
async function sendTable(
  reply: FastifyReply, format: 'csv' | 'xlsx', table: TableData, name: string, ascii: string, sheet: string, heading: string[],
): Promise<FastifyReply> {
  reply.type(CONTENT_TYPES[format]).header('content-disposition', attachment(name, `${ascii}.${format}`));
  return reply.send(format === 'csv' ? toCsv(table) : await toXlsx(table, sheet, heading));
}


/**
 * The chart renderer (ECharts) and the slide writer (pptxgenjs) load on the first export: they
 * take two of the server's start's five seconds, and most starts never export anything.
 */
let renderer: Promise<typeof import('../export/render.js')> | undefined;
let slides: Promise<typeof import('../export/presentation.js')> | undefined;
const render = () => (renderer ??= import('../export/render.js'));
const presentation = () => (slides ??= import('../export/presentation.js'));

/**
 * Files for presentations and reports, drawn on the server from the same API answers and chart
 * definitions the dashboard uses: framed PNG and SVG, the data as CSV and XLSX, and a PPTX deck.
 */
export async function exportRoutes(fastify: FastifyInstance, { ctx }: { ctx: AppContext }): Promise<void> {
  const app = fastify.withTypeProvider<TypeBoxProvider>();
  /**
   * The chart's data through its own API route, so filters and access are checked exactly as
   * there (the caller's session cookie goes along, or the server's own mark: the mailed reports).
   */
  const dataFetcher = (request: FastifyRequest) => async (url: string): Promise<unknown> => {
    const own = request.headers[WARM_UP.header];
    const headers = { cookie: request.headers.cookie ?? '', ...(typeof own === 'string' ? { [WARM_UP.header]: own } : {}) };
    const response = await app.inject({ method: 'GET', url, headers });
    const body = response.json() as { message?: string };
    if (response.statusCode !== 200) throw Refusal.ofStatus(response.statusCode, body.message ?? 'Ошибка данных');
    return body;
  };

  function scopeOf(query: ExportQuery): ViewScope {
    return {
      period: query.period ?? null, district: query.district ?? null, orgType: query.orgType ?? null,
      direction: query.direction ?? null, kpi: query.kpi ?? DEFAULT_KPI, compare: query.compare ?? null,
    };
  }

  /** The filters of a view as the API's query takes them (absent where all). */
  const filterQuery = (scope: ViewScope) => Object.fromEntries(Object.entries(filterParams(scope)).filter(([, v]) => v !== null)) as ScopeQuery;

  /** A downloaded file's name: what it is, then its scope («Все районы» goes without saying). */
  const nameOf = (what: string, caption: string, format: string) => fileName([what, caption.replace(/^Все районы( · )?/, '')], format);

  /** A chart's picture or slide: its title, the filters and period, what it shows (its subtitle for the data) and the source. */
  function frame(def: Chart, viewScope: ViewScope, data: unknown) {
    // A chart of the whole region is captioned by its period alone, whatever else the view filters.
    const scope = def.periodOnly ? { ...viewScope, district: null, orgType: null, direction: null } : viewScope;
    // The district chart of an approved period draws the approved figures: its picture says so.
    const approved = (def.id === 'kpi-by-district' || def.id === 'kpi-map') && ctx.kpis.publishedFor({ ...ctx.catalog.resolve(filterQuery(scope)), district: null }) !== undefined;
    return {
      title: def.title(scope.kpi),
      // The trend spans every half-year: its caption names the scope, not one period.
      caption: `${scopeCaption(ctx.catalog.toResponse(), scope, def.id === 'kpi-trend' ? 'все полугодия' : undefined)}${approved ? ' · утверждённые итоги' : ''}`,
      subtitle: subtitleOf(def, data),
      source: source(),
    };
  }

  /** Where a file's figures come from, and when they were downloaded. */
  const source = () => `Источник: «Площадки» — мониторинг стажировочных площадок; ${ctx.catalog.region}; выгружено ${formatDate(localDay())}`;

  /**
   * The charts with something to draw, each with its data (an empty one would be an empty slide or
   * figure), and the titles of those without: a deck or report says it left them out.
   */
  async function drawable(fetchData: (url: string) => Promise<unknown>, scope: ViewScope, defs: Chart[]): Promise<{ drawn: { def: Chart; data: unknown }[]; empty: string[] }> {
    const all = await Promise.all(defs.map(async (def) => ({ def, data: await fetchData(def.url(scope)) })));
    const drawn: { def: Chart; data: unknown }[] = [];
    const empty: string[] = [];
    for (const chart of all) {
      if (chart.def.hasData(chart.data)) drawn.push(chart);
      else empty.push(chart.def.title(scope.kpi));
    }
    return { drawn, empty };
  }

  app.get('/api/export/report.pdf', { config: { access: 'viewer', cache: true }, schema: { querystring: ExportQuery } }, async (req, reply) => {
    const scope = scopeOf(req.query);
    const fetchData = dataFetcher(req);
    const [kpis, outlook, { renderChartSvg, svgToPng, optionFor, PRINT_SIZE }, { reportPdf }] = await Promise.all([
      fetchData(apiUrl('/api/kpis', cardParams(scope))) as Promise<KpisResponse>,
      fetchData(apiUrl('/api/kpis/outlook', cardParams(scope))) as Promise<OutlookResponse>,
      render(),
      import('../export/pdf.js'),
    ]);
    const { drawn, empty } = await drawable(fetchData, scope, CHART_IDS.map((id) => chartById(id)!));
    const charts = drawn.map(({ def, data }) => ({
      title: def.title(scope.kpi), png: svgToPng(renderChartSvg(optionFor(def, data, scope.district), frame(def, scope, data), PRINT_SIZE)),
    }));
    const caption = scopeCaption(ctx.catalog.toResponse(), scope);
    const pdf = await reportPdf({ region: ctx.catalog.region, caption, kpis, outlook, charts, withoutData: empty, today: localDay() });
    return reply.type('application/pdf')
      .header('content-disposition', attachment(nameOf('Отчёт', caption, 'pdf'), `report-${kpis.period.code}.pdf`))
      .send(pdf);
  });

  app.get('/api/export/presentation.pptx', { config: { access: 'viewer', cache: true }, schema: { querystring: ExportQuery } }, async (req, reply) => {
    const query = req.query;
    const scope = scopeOf(query);
    const fetchData = dataFetcher(req);
    const ids = query.charts ? query.charts.split(',').map((c) => c.trim()).filter(Boolean) : [...CHART_IDS];
    const defs = ids.map((id) => chartById(id) ?? badRequestFor(id));
    const parts = deckParts(query.omit);
    const pictures = query.chartsAs === 'picture';
    // The cards and the summary compare with what the overview compared with.
    const kpis = (await fetchData(apiUrl('/api/kpis', cardParams(scope)))) as KpisResponse;
    const outlook = (await fetchData(apiUrl('/api/kpis/outlook', cardParams(scope)))) as OutlookResponse;
    const everyDistrict = { ...scope, district: null };
    const scorecard = parts.has('scorecard') ? {
      card: (await fetchData(apiUrl('/api/scorecard', filterParams(everyDistrict)))) as ScorecardResponse,
      caption: scopeCaption(ctx.catalog.toResponse(), everyDistrict),
    } : null;
    // The chart renderer only for pictures (a deck of them, or a map): PowerPoint charts are read from the option.
    const [renderer, { buildPresentation }] = await Promise.all([pictures || defs.some((d) => d.picture) ? render() : null, presentation()]);
    const { drawn, empty } = await drawable(fetchData, scope, defs);
    const charts: ChartSlide[] = drawn.map(({ def, data }) => {
      const framed = frame(def, scope, data);
      return {
        ...framed,
        chart: renderer && (pictures || def.picture)
          ? { png: renderer.svgToPng(renderer.renderChartSvg(renderer.optionFor(def, data, scope.district), framed)) }
          : { native: nativeChart(def.build(data, scope.district)) },
      };
    });
    const caption = scopeCaption(ctx.catalog.toResponse(), scope);
    const pptx = await buildPresentation({ region: ctx.catalog.region, caption, today: localDay(), kpis, outlook, scorecard, charts, withoutData: empty, parts });
    return reply
      .type(PPTX)
      .header('content-disposition', attachment(nameOf('Площадки', caption, 'pptx'), `ploshchadki-${kpis.period.code}.pptx`))
      .send(pptx);
  });

  app.get('/api/export/overdue-reports.:format', {
    config: { access: 'viewer', cache: true },
    schema: { params: TableExportParams, querystring: ScopeQuery },
  }, async (req, reply) => {
    const { format } = req.params;
    const scope = scopeOf(req.query);
    const data = (await dataFetcher(req)(apiUrl('/api/deadlines', filterParams(scope)))) as DeadlinesResponse;
    const caption = scopeCaption(ctx.catalog.toResponse(), scope);
    const name = nameOf('Несданные отчёты', caption, format);
    return sendTable(reply, format, overdueTable(data), name, `overdue-reports-${data.period.code}`, 'Просроченные отчёты', ['Несданные отчёты площадок', caption, source()]);
  });

  app.get('/api/export/scorecard.:format', {
    config: { access: 'viewer', cache: true },
    schema: { params: TableExportParams, querystring: ScopeQuery },
  }, async (req, reply) => {
    const { format } = req.params;
    const scope = { ...scopeOf(req.query), district: null };
    const data = (await dataFetcher(req)(apiUrl('/api/scorecard', filterParams(scope)))) as ScorecardResponse;
    // An approved period's scorecard is the official table of its results, and says whose approval.
    const title = data.published ? 'Утверждённые итоги' : 'Сводка по районам';
    const caption = scopeCaption(ctx.catalog.toResponse(), scope);
    return sendTable(reply, format, scorecardTable(data), nameOf(title, caption, format), `scorecard-${data.period.code}`, 'Сводка по районам', [title, caption, source()]);
  });

  app.get('/api/export/organizations.:format', {
    config: { access: 'viewer', cache: true },
    schema: { params: TableExportParams, querystring: KpiQuery },
  }, async (req, reply) => {
    const { format } = req.params;
    const scope = scopeOf(req.query);
    const data = (await dataFetcher(req)(apiUrl('/api/kpis/organizations', { ...filterParams(scope), kpi: scope.kpi }))) as KpiOrganizationsResponse;
    const title = `Кто за этой цифрой — ${data.title}`;
    const caption = scopeCaption(ctx.catalog.toResponse(), scope);
    return sendTable(reply, format, whoTable(data), nameOf(title, caption, format), `organizations-${data.code}-${data.period.code}`, 'Организации', [title, caption, source()]);
  });

  app.get('/api/export/published.pdf', { config: { access: 'viewer', cache: true }, schema: { querystring: ScopeQuery } }, async (req, reply) => {
    const scope = { ...scopeOf(req.query), district: null, orgType: null, direction: null };
    const scorecard = (await dataFetcher(req)(apiUrl('/api/scorecard', { period: scope.period }))) as ScorecardResponse;
    if (!scorecard.published) {
      throw notFound(`Итоги за ${scorecard.period.label} не утверждены: утвердить их может администратор в разделе «Администрирование».`);
    }
    const { resultsPdf } = await import('../export/pdf.js');
    const pdf = await resultsPdf({ region: ctx.catalog.region, scorecard, today: localDay() });
    return reply.type('application/pdf')
      .header('content-disposition', attachment(fileName(['Утверждённые итоги', scorecard.period.label], 'pdf'), `results-${scorecard.period.code}.pdf`))
      .send(pdf);
  });

  app.get('/api/export/completeness.:format', {
    config: { access: 'viewer', cache: true },
    schema: { params: TableExportParams, querystring: ScopeQuery },
  }, async (req, reply) => {
    const { format } = req.params;
    const data = (await dataFetcher(req)(apiUrl('/api/completeness', { period: req.query.period ?? null }))) as CompletenessResponse;
    const name = fileName(['Кому напомнить о данных', data.period.label], format);
    return sendTable(reply, format, remindersTable(data.rows, data.period.label), name, `completeness-${data.period.code}`, 'Кому напомнить',
      ['Кому напомнить о данных', `${ctx.catalog.region} · ${data.period.label}`, source()]);
  });

  app.get('/api/export/sites.:format', {
    config: { access: 'viewer', cache: true },
    schema: { params: TableExportParams, querystring: SitesQuery },
  }, async (req, reply) => {
    const { format } = req.params;
    const { q, district, direction } = req.query;
    const data = (await dataFetcher(req)(apiUrl('/api/sites', { q: q ?? null, district: district ?? null, direction: direction ?? null }))) as SitesResponse;
    const filters = ctx.catalog.toResponse();
    const file = fileName(['Площадки', filterName(filters.districts, district), filterName(filters.directions, direction), q ? `поиск ${q}` : null], format);
    const named = [filterName(filters.districts, district), filterName(filters.directions, direction), q ? `поиск «${q}»` : null].filter((n) => n !== null);
    return sendTable(reply, format, sitesTable(data.rows), file, 'sites', 'Площадки',
      ['Стажировочные площадки', [ctx.catalog.region, ...(named.length > 0 ? named : ['все районы и направления'])].join(' · '), source()]);
  });

  /**
   * The chart as the page draws it, at its panel's width and height, as an SVG picture: the
   * overview shows it at once and puts the interactive chart in its place when ECharts has loaded.
   * A chart without data has no picture: 204, since the page asks before it knows (not an error).
   */
  app.get('/api/preview/:chart', { config: { access: 'viewer', cache: true }, schema: { params: PreviewParams, querystring: PreviewQuery } }, async (req, reply) => {
    const def = chartNamed(req.params.chart);
    const { width, ...query } = req.query;
    const scope = scopeOf(query);
    const data = await dataFetcher(req)(def.url(scope));
    if (!def.hasData(data)) return reply.code(204).send();
    const { drawSvg, optionFor } = await render();
    // The page asks for all its pictures at once: each drawing waits its turn after the answers
    // already drawn have gone out, so the first picture is on screen without waiting for the last.
    await new Promise((resolve) => setImmediate(resolve));
    const option = fitToWidth(optionFor(def, data, scope.district), width);
    return reply.type(CONTENT_TYPES.svg).send(drawSvg(option, width, heightToFit(option, width, def.height ?? 320)));
  });

  app.get('/api/export/:chart.:format', { config: { access: 'viewer', cache: true }, schema: { params: ExportParams, querystring: ExportQuery } }, async (req, reply) => {
    const { chart, format } = req.params;
    const def = chartNamed(chart);
    const scope = scopeOf(req.query);
    const data = await dataFetcher(req)(def.url(scope));
    const framed = frame(def, scope, data);
    // A chart with nothing to draw (a link shared, the page offers none): said, not a blank axis or a header alone.
    if (!def.hasData(data)) throw notFound(`${emptyTextOf(def, data)}: у диаграммы «${framed.title}» (${framed.caption}) выгружать нечего.`);
    const name = nameOf(framed.title, framed.caption, format);
    reply.type(CONTENT_TYPES[format]).header('content-disposition', attachment(name, `${chart}${scope.period ? `-${scope.period}` : ''}.${format}`));
    if (format === 'png' || format === 'svg') {
      const { renderChartSvg, svgToPng, optionFor, EXPORT_SIZE, PRINT_SIZE } = await render();
      const svg = renderChartSvg(optionFor(def, data, scope.district), framed, req.query.size === 'print' ? PRINT_SIZE : EXPORT_SIZE);
      return reply.send(format === 'png' ? svgToPng(svg) : svg);
    }
    if (format === 'csv') return reply.send(toCsv(def.table(data)));
    return reply.send(await toXlsx(def.table(data), def.title(scope.kpi), [framed.title, framed.caption, ...(framed.subtitle ? [framed.subtitle] : []), framed.source]));
  });
}

/** The chart of an address, or a 404 naming it. */
function chartNamed(id: string): Chart {
  const def = chartById(id);
  if (!def) throw notFound(`Нет такой диаграммы: «${id}»`);
  return def;
}

function badRequestFor(id: string): never {
  throw badRequest(`Нет такой диаграммы: «${id}»`);
}

/** The slides before the charts: all but those `omit` names (a Russian 400 for a name it does not know). */
function deckParts(omit: string | undefined): Set<DeckPart> {
  const left = (omit ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  const unknown = left.filter((p) => !(p in DECK_PARTS));
  if (unknown.length > 0) throw badRequest(`Нет такой части презентации: ${unknown.map((p) => `«${p}»`).join(', ')}`);
  return new Set(DECK_PART_CODES.filter((p) => !left.includes(p)));
}
