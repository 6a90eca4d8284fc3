/**
 * `wx … --from` in the terminal: apart from terminal.ts, so a probe run in this process does not
 * load the regions comparison and its finding catalogues.
 */
import { messages } from '../i18n/index.js';
import type { RegionsReport } from '../probes/regions/index.js';
import { regionsView } from './regions-view.js';
import { renderCaused, type TerminalStyle } from './terminal.js';

/** The cause across regions, the other problems by region, then the regions side by side. */
export function renderRegions(report: RegionsReport, style: TerminalStyle): string {
  const lang = style.lang ?? 'en';
  return `${renderCaused(regionsView(report, messages(lang), lang), style)}\n`;
}
