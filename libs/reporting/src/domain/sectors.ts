import { BuyerSector } from './source-contract';

/** Sector labels as published in UK spend data (G-Cloud sales), mapped to the platform's six. */
const PUBLISHED_SECTORS: Record<string, BuyerSector> = {
  'central government': 'central',
  police: 'central',
  'fire and rescue': 'local',
  'local government': 'local',
  'local authority': 'local',
  health: 'health',
  nhs: 'health',
  education: 'education',
  'devolved administrations': 'devolved',
  devolved: 'devolved',
  'not for profit': 'other',
  'private sector': 'other',
  other: 'other',
};

/** A sector named by the source (e.g. `Central Government`), or null when the label is not one we know. */
export function sectorFromLabel(label: string | null | undefined): BuyerSector | null {
  if (!label) return null;
  return PUBLISHED_SECTORS[label.trim().toLowerCase()] ?? null;
}

// Ordered: the first rule that matches wins. UK government departments first (the Department
// for Education is central government, not education; the Scotland Office is a UK department),
// then police forces (central, as UK spend data files them), then the sector words.
const NAME_RULES: [RegExp, BuyerSector][] = [
  [/\bdepartment (for|of)\b|\bministry\b|^hm\b|his majesty|her majesty|cabinet office|home office|(scotland|wales|northern ireland) office|crown commercial|\bpolice\b|constabulary/i, 'central'],
  // UK-wide public bodies and regulators whose names carry no sector word.
  [/\bof(com|gem|sted|wat|qual)\b|national highways|highways england|network rail|financial conduct|research and innovation|\bukri\b|atomic energy|shared business services|\buk sbs\b|companies house|land registry|met office/i, 'central'],
  // Purchasing consortia owned by councils.
  [/\bespo\b|eastern shires purchasing|yorkshire purchasing|\bypo\b|north eastern purchasing|\bnepo\b/i, 'local'],
  [/\bnhs\b|\bhealth\b|hospital|\bccg\b|integrated care|ambulance|\bclinical\b/i, 'health'],
  [/universit|college|\bschool|academy|academies|education/i, 'education'],
  [/scottish|scotland|\bwelsh\b|wales|cymru|northern ireland/i, 'devolved'],
  [/council|borough|county|city of|district|metropolitan borough|combined authority|greater london authority|fire and rescue|fire & rescue|parish/i, 'local'],
  [/\bagency\b|office for|government|\bmod\b|executive/i, 'central'],
];

/** Classifies a buyer by its name (and e-mail or web domain when known); `other` when nothing matches. */
export function classifySector(name: string, domain?: string | null): BuyerSector {
  for (const [re, sector] of NAME_RULES) if (re.test(name)) return sector;
  if (domain) {
    const d = domain.toLowerCase();
    if (/nhs\.(uk|net)$/.test(d)) return 'health';
    if (/\b(ac|sch)\.uk$/.test(d)) return 'education';
    if (/gov\.(scot|wales)$/.test(d)) return 'devolved';
    if (/(police|mod|parliament)\.uk$/.test(d)) return 'central';
    // A bare <name>.gov.uk is most often a council's (leeds.gov.uk); departments use <dept>.gov.uk too, but rarely buy under it.
    if (/^[a-z-]+\.gov\.uk$/.test(d)) return 'local';
  }
  return 'other';
}
