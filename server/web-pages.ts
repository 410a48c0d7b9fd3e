/**
 * The web app's pages, as its router knows them (web/src/routes; `[code]` is any one path
 * segment; test/web-app.test.ts holds the list to the folders). Any other address gets the app
 * shell too, so the page can say «Такой страницы нет», but with status 404.
 */
export const WEB_PAGES: readonly string[] = [
  '/', '/admin', '/catalogue', '/completeness', '/deadlines', '/login', '/organizations', '/organizations/[code]',
  '/report', '/scorecard', '/sites', '/sites/[code]', '/uploads',
];

const PATTERNS = WEB_PAGES.map((page) => new RegExp(`^${page.replace(/\[\w+\]/g, '[^/]+')}/?$`));

/** Whether a path (without its query) is one of the app's pages. */
export const isWebPage = (path: string): boolean => PATTERNS.some((pattern) => pattern.test(path));
