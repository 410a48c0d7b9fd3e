/** '/api/kpis' + {period: '2022-H1', district: null} → '/api/kpis?period=2022-H1': empty params left out. */
export function apiUrl(path: string, params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}
