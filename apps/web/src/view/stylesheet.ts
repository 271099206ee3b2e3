import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The GOV.UK Frontend stylesheet as this platform uses it. The platform is
 * not a GOV.UK service, so it must not use the GDS Transport typeface: the
 * precompiled CSS is served with its @font-face rules removed and the font
 * stack reduced to Arial (what `$govuk-font-family: arial, sans-serif` and
 * `$govuk-include-default-font-face: false` would compile to), followed by
 * the deployment's brand colour and the few styles of our own.
 */
export function buildStylesheet(govukDist: string, brandColour: string): { css: string; etag: string } {
  const source = readFileSync(join(govukDist, 'govuk', 'govuk-frontend.min.css'), 'utf8');
  const withoutFont = source
    .replace(/@font-face\{[^}]*GDS Transport[^}]*\}/g, '')
    .replace(/GDS Transport,\s*/g, '')
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, '');
  if (/GDS Transport/.test(withoutFont)) throw new Error('govuk-frontend CSS still names GDS Transport');
  const css = `${withoutFont}\n${appStyles(brandColour)}`;
  return { css, etag: `"${createHash('sha256').update(css).digest('base64url').slice(0, 22)}"` };
}

function appStyles(brandColour: string): string {
  if (!/^#[0-9a-fA-F]{6}$/.test(brandColour)) throw new Error('brand colour must be #rrggbb');
  return `
:root{--govuk-brand-colour:${brandColour}}
.app-header{--govuk-text-colour:#fff;color:#fff;background:var(--govuk-brand-colour)}
.app-header .govuk-generic-header__homepage-link{font-weight:700;font-size:1.5rem}
.app-service-navigation .govuk-service-navigation__list{flex-wrap:wrap}
.app-progress{display:block;width:100%;max-width:40rem;height:1.5rem;margin-bottom:20px;accent-color:var(--govuk-brand-colour)}
.app-inline-form{display:inline;margin:0}
.app-link-button{margin:0;padding:0;border:0;background:none;cursor:pointer;color:var(--govuk-link-colour);font:inherit;text-decoration:underline;text-decoration-thickness:max(1px,.0625rem);text-underline-offset:.1578em}
.app-link-button:hover{color:var(--govuk-link-hover-colour);text-decoration-thickness:max(3px,.1875rem)}
.app-link-button:focus{outline:3px solid transparent;color:var(--govuk-focus-text-colour);background-color:var(--govuk-focus-colour);box-shadow:0 -2px var(--govuk-focus-colour),0 4px var(--govuk-focus-text-colour);text-decoration:none}
.app-sub-navigation{margin-bottom:30px;border-bottom:1px solid var(--govuk-border-colour)}
.app-sub-navigation__list{margin:0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:0 30px}
.app-sub-navigation__item{margin:0;padding:10px 0 12px}
.app-sub-navigation__item--current{border-bottom:4px solid var(--govuk-brand-colour);padding-bottom:8px}
.app-sub-navigation__item--current a{font-weight:700;text-decoration:none}
.app-table-actions{display:flex;flex-wrap:wrap;gap:10px;align-items:center}
.app-table-actions .govuk-button{margin-bottom:0}
.app-footer__meta{display:block}
.app-pre-line{white-space:pre-line}
.app-select--full{width:100%}
.app-search-results{margin-top:0}
.app-search-result{padding:15px 0;border-top:1px solid var(--govuk-border-colour);margin-bottom:0}
.app-search-result__meta{margin-bottom:0}
.app-search-result__meta li{margin-bottom:5px}
.app-filters{margin-bottom:30px;padding:15px 20px 0;background:#f3f2f1}
.app-headline--chosen{border-left:5px solid var(--govuk-brand-colour);padding-left:15px}
.app-figure{font-size:2rem;font-weight:700;line-height:1.2}
.app-share--greyed{color:#505a5f}
.app-share__note{font-size:1rem;font-weight:400}
.app-greyed-why{margin-top:0}
.app-chart{margin:0 0 20px}
.app-chart__svg{display:block;width:100%;max-width:900px;height:auto}
.app-code{font-family:monospace;font-size:1rem}
.app-api-key{display:block;font-family:monospace;font-size:1.1875rem;line-height:1.5;overflow-wrap:anywhere;user-select:all}
.app-code--wrap{font-family:monospace;overflow-wrap:anywhere}
`;
}
