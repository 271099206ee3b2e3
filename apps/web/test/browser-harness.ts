import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Browser, BrowserContext, Page, chromium } from 'playwright-core';

/**
 * What the browser specs share: Debian's Chromium launched headless with the
 * flags this machine needs, a separate context per person with its console
 * and script errors collected, and the accessibility check every page gets
 * (axe-core, WCAG 2.2 AA rule set) with a full-page screenshot.
 */
export const SCREENSHOTS = resolve(__dirname, '../../../test-output/screenshots');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const chromiumPath = () => process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

/** The axe-core violations on the page as it is now, one line each (empty when it passes). */
export async function axeViolations(page: Page): Promise<string[]> {
  // Runtime evaluation is not subject to the page's CSP (an injected <script> tag would be).
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const w = globalThis as unknown as {
      document: unknown;
      axe: { run: (context: unknown, options: unknown) => Promise<{ violations: { id: string; help: string; nodes: { target: unknown }[] }[] }> };
    };
    const result = await w.axe.run(w.document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`);
  }, AXE_TAGS);
}

export interface People {
  /** Console errors and script errors seen on any page, for the spec's afterEach to assert on. */
  problems: string[];
  /** A fresh browser context (its own cookies): a separate person. */
  person(): Promise<{ context: BrowserContext; page: Page }>;
  /** GOV.UK Frontend's JavaScript ran under the CSP, axe finds nothing, and `<prefix>-<name>.png` is saved. */
  check(page: Page, name: string): Promise<void>;
  /** The problems collected since the last call, less 4xx resource loads (pages that answer 404 or 403 on purpose). */
  takeProblems(): string[];
}

export function people(browser: () => Browser, prefix: string, timeoutMs = 10_000): People {
  const problems: string[] = [];
  return {
    problems,
    async person() {
      const context = await browser().newContext({ viewport: { width: 1100, height: 800 } });
      const page = await context.newPage();
      page.setDefaultTimeout(timeoutMs);
      page.on('console', (m) => {
        if (m.type() === 'error') problems.push(`console on ${page.url()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`script error on ${page.url()}: ${e.message}`));
      return { context, page };
    },
    async check(page, name) {
      await page.waitForLoadState('load');
      const supported = await page.evaluate(() => (globalThis as any).document.body.classList.contains('govuk-frontend-supported')); // eslint-disable-line @typescript-eslint/no-explicit-any
      expect({ page: name, supported }).toEqual({ page: name, supported: true });
      expect({ page: name, violations: await axeViolations(page) }).toEqual({ page: name, violations: [] });
      await page.screenshot({ path: join(SCREENSHOTS, `${prefix}-${name}.png`), fullPage: true });
    },
    takeProblems() {
      return problems.splice(0).filter((p) => !/Failed to load resource: the server responded with a status of (4\d\d)/.test(p));
    },
  };
}

/** Signs a user in through the web sign-in form and waits for their account page. */
export async function signIn(page: Page, baseUrl: string, user: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  await Promise.all([page.waitForURL(/\/account$/), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
}
