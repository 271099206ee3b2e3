/**
 * Is an OCDS award a framework agreement (or DPS admission) itself — excluded from SME shares by
 * metric rule 3 — or a call-off under one, which counts?
 */
import { isPlainObject, JsonObject } from './ocds-merge';

export interface FrameworkVerdict {
  isFramework: boolean;
  /** The framework's name when the data gives it: the related framework process's title for a call-off, the tender title for a framework itself. */
  framework: string | null;
  /** Which rule decided, for logs and tests. */
  basis: 'related-process' | 'method-details' | 'techniques' | 'text' | 'none';
}

/**
 * `procurementMethodDetails` of a call-off (Contracts Finder wording and common variants):
 * "Call-off from a framework agreement", "Call-off from a dynamic purchasing system",
 * "Other - Further Competition - Framework", "Other - Direct Award from a Framework Contract", mini-competitions.
 */
const CALL_OFF_DETAILS =
  /call[\s-]*off|further[\s-]+competition|mini[\s-]*competition|award(?:ed)?\s+(?:from|under)\s+(?:a|the)\s+(?:framework|dynamic purchasing|dps)/i;

/**
 * Text saying the buyer is establishing or renewing a framework agreement / DPS: a verb of setting
 * one up followed, in the same sentence, by "framework" / "dynamic purchasing system" / "DPS".
 * A framework merely mentioned ("procured through the L&Q framework", "a mini-competition under
 * Lot 1 of CCS framework RM6020") does not match: that is a call-off whose notice forgot to say so.
 */
const ESTABLISHES_FRAMEWORK =
  /\b(?:establish(?:es|ed|ing|ment of)?|renew(?:s|ed|ing|al of)?|set(?:ting)?[\s-]up|creat(?:e|es|ing|ion of)|put(?:ting)? in place)\b[^.;!?]{0,60}?\b(?:framework|dynamic purchasing system|DPS)\b/i;

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}

/** The first related process of relationship `framework` (this process is a call-off from it). */
function relatedFramework(release: JsonObject): JsonObject | null {
  const processes = Array.isArray(release.relatedProcesses) ? release.relatedProcesses : [];
  for (const p of processes) {
    if (!isPlainObject(p)) continue;
    const relationship = Array.isArray(p.relationship) ? p.relationship : [p.relationship];
    if (relationship.includes('framework')) return p;
  }
  return null;
}

/**
 * Decides in this order (the first that applies wins):
 * 1. a related process with relationship `framework` → call-off (counts), named by its title;
 * 2. `tender.procurementMethodDetails` says call-off / further competition / award from a framework → call-off;
 * 3. `tender.techniques.hasFrameworkAgreement` or `.hasDynamicPurchasingSystem` is true → framework itself;
 * 4. the tender's or award's title/description says the buyer establishes or renews a framework / DPS → framework itself;
 * 5. otherwise an ordinary contract.
 */
export function detectFramework(release: JsonObject, award: JsonObject): FrameworkVerdict {
  const tender = isPlainObject(release.tender) ? release.tender : {};
  const parent = relatedFramework(release);
  if (parent) return { isFramework: false, framework: text(parent.title) ?? text(parent.identifier), basis: 'related-process' };

  const details = text(tender.procurementMethodDetails);
  if (details && CALL_OFF_DETAILS.test(details)) return { isFramework: false, framework: null, basis: 'method-details' };

  const techniques = isPlainObject(tender.techniques) ? tender.techniques : {};
  if (techniques.hasFrameworkAgreement === true || techniques.hasDynamicPurchasingSystem === true) {
    return { isFramework: true, framework: text(tender.title), basis: 'techniques' };
  }

  const words = [tender.title, tender.description, award.title, award.description].map(text).filter(Boolean).join('\n');
  if (ESTABLISHES_FRAMEWORK.test(words)) return { isFramework: true, framework: text(tender.title), basis: 'text' };

  return { isFramework: false, framework: null, basis: 'none' };
}
