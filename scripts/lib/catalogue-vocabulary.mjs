// Vocabulary and text generators for the synthetic catalogue (scripts/seed-catalogue.mjs) and the
// search terms the S1 bench rotates through (bench/s1-search.bench.mjs).
//
// Everything is driven by a seeded PRNG (`createRng`): the same seed gives the same suppliers,
// offerings and queries. Every list below is ordered most common first and sampled with a
// Zipf-like law (weight 1 / rank^s), on top of templates that repeat the generic words of the
// trade. The result is a word distribution with a very frequent head ("cloud", "data",
// "service", "management", "support", "secure"), a middle of domain words tied to each category
// ("payroll", "backup", "case management") and a long tail of technologies, product names and
// place names that only a few hundred or a few dozen offerings mention.
//
// Node built-ins only; no I/O.

// ---------------------------------------------------------------------------------------------
// PRNG

/** 128-bit hash of a string (cyrb128): four 32-bit seeds for sfc32. */
function cyrb128(str) {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * A deterministic generator (sfc32). `createRng('42')` twice gives the same sequence.
 * `fork(label)` derives an independent generator, so one part of the data can change without
 * shifting every value drawn after it.
 */
export function createRng(seed) {
  const seedText = String(seed);
  let [a, b, c, d] = cyrb128(seedText);
  const u32 = () => {
    a |= 0; b |= 0; c |= 0; d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 15; i++) u32();
  const next = () => u32() / 4294967296;
  const rng = {
    seed: seedText,
    u32,
    next,
    /** Integer in [0, n). */
    int: (n) => Math.floor(next() * n),
    /** Integer in [lo, hi]. */
    between: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    /** Standard normal (Box–Muller). */
    gauss: () => {
      let u = 0;
      while (u === 0) u = next();
      return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
    },
    /** Log-uniform in [lo, hi]. */
    logUniform: (lo, hi) => Math.exp(Math.log(lo) + next() * (Math.log(hi) - Math.log(lo))),
    /** A version-4 UUID from this generator (deterministic, unlike crypto.randomUUID). */
    uuid: () => {
      const w = [u32(), u32(), u32(), u32()];
      const byte = (i) => (w[i >> 2] >>> ((i & 3) * 8)) & 255;
      let s = '';
      for (let i = 0; i < 16; i++) {
        let v = byte(i);
        if (i === 6) v = (v & 0x0f) | 0x40;
        if (i === 8) v = (v & 0x3f) | 0x80;
        s += HEX[v];
        if (i === 3 || i === 5 || i === 7 || i === 9) s += '-';
      }
      return s;
    },
    shuffle: (arr) => {
      for (let i = arr.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const t = arr[i];
        arr[i] = arr[j];
        arr[j] = t;
      }
      return arr;
    },
    /** `k` distinct items of `arr`, in draw order. */
    sample: (arr, k) => {
      const idx = arr.map((_, i) => i);
      const out = [];
      for (let i = 0; i < k && i < idx.length; i++) {
        const j = i + Math.floor(next() * (idx.length - i));
        [idx[i], idx[j]] = [idx[j], idx[i]];
        out.push(arr[idx[i]]);
      }
      return out;
    },
    fork: (label) => createRng(`${seedText}/${label}`),
  };
  return rng;
}

/**
 * Zipf-like sampler over a ranked list: item r (1-based) has weight 1 / r^s.
 * Returns `draw(rng)`; `draw.probability(i)` is the chance of item i.
 */
export function zipf(items, s = 1) {
  const cum = new Float64Array(items.length);
  let total = 0;
  for (let i = 0; i < items.length; i++) {
    total += 1 / Math.pow(i + 1, s);
    cum[i] = total;
  }
  const draw = (rng) => {
    const x = rng.next() * total;
    let lo = 0, hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return items[lo];
  };
  draw.probability = (i) => 1 / Math.pow(i + 1, s) / total;
  draw.items = items;
  return draw;
}

/** Weighted choice: `weighted([['a', 3], ['b', 1]])(rng)`. */
export function weighted(pairs) {
  const total = pairs.reduce((t, [, w]) => t + w, 0);
  return (rng) => {
    let x = rng.next() * total;
    for (const [v, w] of pairs) {
      if ((x -= w) < 0) return v;
    }
    return pairs[pairs.length - 1][0];
  };
}

// ---------------------------------------------------------------------------------------------
// Lots, categories and their topics

/** Lots that take offerings, with the share of offerings each gets (G-Cloud-like). */
export const LOT_SHARES = { 'cloud-software': 0.6, 'cloud-support': 0.28, 'cloud-hosting': 0.12 };

/**
 * What offerings in each category are about: ranked noun phrases, the first ones most common.
 * Keys are the category slugs of the catalogue migration (catalogue-seed.ts).
 */
export const CATEGORY_TOPICS = {
  // cloud-hosting
  'archiving-backup-and-disaster-recovery': ['backup', 'disaster recovery', 'data archiving', 'business continuity', 'replication', 'immutable backup', 'ransomware recovery', 'email archiving'],
  'compute-and-application-hosting': ['application hosting', 'virtual machines', 'managed Kubernetes', 'container hosting', 'web hosting', 'bare metal servers', 'serverless functions', 'GPU compute'],
  'content-delivery-network': ['content delivery', 'edge caching', 'web acceleration', 'video streaming', 'image optimisation'],
  'data-warehousing': ['data warehouse', 'data lake', 'data pipelines', 'lakehouse', 'columnar analytics'],
  'ddos-protection': ['DDoS protection', 'traffic scrubbing', 'bot mitigation', 'rate limiting'],
  firewall: ['firewall', 'web application firewall', 'network segmentation', 'next-generation firewall'],
  'infrastructure-and-platform-security': ['platform security', 'vulnerability scanning', 'patch management', 'secrets management', 'hardened images', 'zero trust networking'],
  'intrusion-detection': ['intrusion detection', 'threat detection', 'anomaly detection', 'endpoint detection and response'],
  'load-balancing': ['load balancing', 'traffic management', 'automatic failover', 'global server load balancing'],
  'logging-and-analysis': ['log management', 'log analytics', 'observability', 'event correlation', 'audit logging'],
  networking: ['private connectivity', 'virtual private network', 'SD-WAN', 'PSN connectivity', 'HSCN connectivity', 'managed DNS', 'Wi-Fi'],
  'platform-as-a-service-paas': ['platform as a service', 'managed databases', 'application platform', 'developer platform', 'message queues'],
  'protective-monitoring': ['protective monitoring', 'security operations centre', 'SIEM', 'threat intelligence', 'managed detection and response'],
  search: ['enterprise search', 'site search', 'semantic search', 'document indexing', 'search analytics'],
  storage: ['object storage', 'file storage', 'block storage', 'cold storage', 'storage gateway'],
  // cloud-software
  'accounting-and-finance': ['financial management', 'accounts payable', 'invoicing', 'budgeting', 'purchase ordering', 'expenses', 'general ledger', 'debt recovery', 'council tax billing'],
  'analytics-and-business-intelligence': ['business intelligence', 'dashboards', 'data visualisation', 'performance reporting', 'predictive analytics', 'open data publishing', 'geospatial analysis'],
  'application-security': ['identity and access management', 'single sign-on', 'multi-factor authentication', 'application security testing', 'code scanning', 'privileged access management'],
  'collaborative-working': ['collaboration', 'intranet', 'document sharing', 'video conferencing', 'team messaging', 'digital whiteboard', 'meeting room booking'],
  'creative-design-and-publishing': ['web content management', 'digital publishing', 'digital asset management', 'design tools', 'accessibility checking', 'forms builder'],
  'customer-relationship-management-crm': ['case management', 'CRM', 'contact centre', 'customer portal', 'complaints handling', 'citizen engagement', 'webchat', 'chatbot'],
  'data-management': ['data integration', 'master data management', 'data quality', 'data catalogue', 'data governance', 'records matching', 'data sharing agreements'],
  'electronic-document-and-records-management': ['records management', 'document management', 'FOI requests', 'subject access requests', 'digital signatures', 'scanning and indexing', 'email retention'],
  healthcare: ['electronic patient records', 'appointment booking', 'care planning', 'clinical coding', 'e-prescribing', 'telehealth', 'GP referrals', 'social prescribing', 'pharmacy stock control'],
  'human-resources-and-employee-management': ['HR', 'recruitment', 'payroll', 'timesheets', 'learning management', 'absence management', 'rostering', 'workforce planning', 'occupational health'],
  'information-and-communication-technology': ['IT service management', 'service desk', 'asset management', 'device management', 'telephony', 'email', 'printing'],
  'legal-and-enforcement': ['legal case management', 'licensing', 'parking enforcement', 'evidence management', 'court bundles', 'trading standards', 'environmental health'],
  marketing: ['email marketing', 'social media management', 'campaign management', 'surveys', 'public consultation', 'newsletters'],
  'operations-management': ['field service management', 'fleet management', 'facilities management', 'waste collection', 'highways maintenance', 'estates management', 'grounds maintenance', 'pothole reporting', 'winter gritting'],
  'project-management-and-planning': ['project management', 'portfolio management', 'resource planning', 'risk registers', 'programme reporting', 'benefits tracking'],
  sales: ['online payments', 'e-commerce', 'online booking', 'subscriptions', 'quoting', 'room hire'],
  'schools-education-and-libraries': ['school management information', 'library management', 'school admissions', 'learning platform', 'special educational needs', 'attendance tracking', 'free school meals', 'exam entries'],
  'software-development-tools': ['API management', 'continuous integration', 'test automation', 'source control', 'feature flags', 'low-code development', 'error tracking'],
  'transport-and-logistics': ['route planning', 'parking permits', 'school transport', 'concessionary travel', 'passenger information', 'freight tracking', 'electric vehicle charging', 'telematics'],
  // cloud-support
  'ongoing-support': ['managed service', 'application support', 'service desk', '24/7 support', 'cloud operations', 'database administration'],
  planning: ['cloud strategy', 'discovery', 'architecture design', 'cloud readiness assessment', 'cost optimisation', 'technology roadmap'],
  'quality-assurance-and-performance-testing': ['performance testing', 'load testing', 'accessibility testing', 'test automation', 'user acceptance testing', 'penetration testing'],
  'security-services': ['IT health check', 'penetration testing', 'security architecture', 'Cyber Essentials', 'incident response', 'security awareness training'],
  'setup-and-migration': ['cloud migration', 'data migration', 'legacy modernisation', 'lift and shift', 'onboarding', 'mainframe migration'],
  training: ['training', 'e-learning', 'certification courses', 'workshops', 'coaching', 'digital skills'],
};

/** Fallback topics for a category slug not listed above (e.g. a category added later). */
const TOPICS_BY_LOT = {
  'cloud-hosting': ['cloud hosting', 'infrastructure', 'managed hosting'],
  'cloud-software': ['cloud software', 'business application', 'workflow'],
  'cloud-support': ['cloud support', 'consultancy', 'managed service'],
};

// ---------------------------------------------------------------------------------------------
// Word lists (ranked: most common first)

/** Technologies and products offerings mention: the head is common, the tail rare. */
export const TECHNOLOGIES = [
  'Microsoft Azure', 'AWS', 'Microsoft 365', 'Google Cloud', 'Kubernetes', 'Linux', 'PostgreSQL', 'SQL Server', 'Docker', 'Salesforce',
  'SharePoint', 'Java', 'Python', '.NET', 'Oracle', 'Dynamics 365', 'ServiceNow', 'Terraform', 'VMware', 'Power BI',
  'React', 'Drupal', 'WordPress', 'MySQL', 'Elasticsearch', 'Tableau', 'SAP', 'Windows Server', 'Ansible', 'Redis',
  'MongoDB', 'Jira', 'Confluence', 'GitHub', 'GitLab', 'Jenkins', 'Okta', 'Active Directory', 'Citrix', 'Kafka',
  'Node.js', 'Angular', 'Django', 'Grafana', 'Prometheus', 'Splunk', 'OpenShift', 'Veeam', 'Cloudflare', 'Nginx',
  'Snowflake', 'Databricks', 'BigQuery', 'Qlik', 'Zendesk', 'Twilio', 'Workday', 'Xero', 'Sage', 'Unit4',
  'Looker', 'Airflow', 'Spark', 'Hadoop', 'RabbitMQ', 'OpenSearch', 'Kibana', 'Datadog', 'Dynatrace', 'Vault',
  'Helm', 'Istio', 'Rancher', 'Nutanix', 'Hyper-V', 'NetApp', 'Fortinet', 'Sophos', 'CrowdStrike', 'Zscaler',
  'Intune', 'Jamf', 'Mimecast', 'Qualys', 'Tenable', 'Rapid7', 'Darktrace', 'Akamai', 'Fastly', 'HAProxy',
  'Moodle', 'ArcGIS', 'QGIS', 'OpenStreetMap', 'Mendix', 'OutSystems', 'Appian', 'Pega', 'Alfresco', 'OpenText',
  'Ruby on Rails', 'Laravel', 'Vue', 'Svelte', 'Flutter', 'Kotlin', 'Golang', 'Rust', 'Scala', 'Elixir',
  'Cassandra', 'Neo4j', 'CouchDB', 'MariaDB', 'ClickHouse', 'TimescaleDB', 'Solr', 'Memcached', 'Varnish', 'Traefik',
  'ArgoCD', 'Fluxcd', 'Packer', 'Pulumi', 'Consul', 'Nomad', 'Ceph', 'MinIO', 'Proxmox', 'OpenStack',
  'Rubrik', 'Cohesity', 'Commvault', 'Zerto', 'Camunda', 'Nuxeo', 'Liferay', 'Umbraco', 'Sitecore', 'Contentful',
  'Keycloak', 'Shibboleth', 'Sentry', 'PagerDuty', 'Opsgenie', 'Metabase', 'Superset', 'Dagster', 'Kubeflow', 'MLflow',
  'Idox', 'Tascomi', 'Uniform', 'Liquidlogic', 'Mosaic', 'SystmOne', 'EMIS', 'iTrent', 'Agresso', 'Civica',
];

/** UK places with their postcode areas, ranked roughly by how often suppliers and offerings name them. */
export const PLACES = [
  ['London', 'EC'], ['Manchester', 'M'], ['Birmingham', 'B'], ['Leeds', 'LS'], ['Bristol', 'BS'], ['Edinburgh', 'EH'], ['Glasgow', 'G'],
  ['Cardiff', 'CF'], ['Belfast', 'BT'], ['Newcastle', 'NE'], ['Sheffield', 'S'], ['Liverpool', 'L'], ['Nottingham', 'NG'], ['Leicester', 'LE'],
  ['Cambridge', 'CB'], ['Oxford', 'OX'], ['Reading', 'RG'], ['Milton Keynes', 'MK'], ['Brighton', 'BN'], ['Southampton', 'SO'], ['Coventry', 'CV'],
  ['Bradford', 'BD'], ['Norwich', 'NR'], ['Exeter', 'EX'], ['York', 'YO'], ['Aberdeen', 'AB'], ['Swansea', 'SA'], ['Plymouth', 'PL'],
  ['Portsmouth', 'PO'], ['Derby', 'DE'], ['Stoke-on-Trent', 'ST'], ['Wolverhampton', 'WV'], ['Sunderland', 'SR'], ['Dundee', 'DD'], ['Northampton', 'NN'],
  ['Luton', 'LU'], ['Ipswich', 'IP'], ['Peterborough', 'PE'], ['Gloucester', 'GL'], ['Cheltenham', 'GL'], ['Swindon', 'SN'], ['Guildford', 'GU'],
  ['Chelmsford', 'CM'], ['Colchester', 'CO'], ['Maidstone', 'ME'], ['Canterbury', 'CT'], ['Winchester', 'SO'], ['Salisbury', 'SP'], ['Bournemouth', 'BH'],
  ['Taunton', 'TA'], ['Worcester', 'WR'], ['Hereford', 'HR'], ['Shrewsbury', 'SY'], ['Chester', 'CH'], ['Lancaster', 'LA'], ['Preston', 'PR'],
  ['Durham', 'DH'], ['Lincoln', 'LN'], ['Carlisle', 'CA'], ['Inverness', 'IV'], ['Stirling', 'FK'], ['Newport', 'NP'], ['Wrexham', 'LL'],
  ['Harrogate', 'HG'], ['Huddersfield', 'HD'], ['Warrington', 'WA'], ['Crawley', 'RH'], ['Slough', 'SL'], ['Basingstoke', 'RG'], ['Watford', 'WD'],
  ['Stevenage', 'SG'], ['Chichester', 'PO'], ['Truro', 'TR'], ['Barnstaple', 'EX'], ['Kendal', 'LA'], ['Hexham', 'NE'], ['Ripon', 'HG'],
  ['Ely', 'CB'], ['Ludlow', 'SY'], ['Bangor', 'LL'], ['Aberystwyth', 'SY'], ['Tenby', 'SA'], ['Penzance', 'TR'], ['Whitby', 'YO'],
  ['Skegness', 'PE'], ['Berwick-upon-Tweed', 'TD'], ['Oban', 'PA'], ['Fort William', 'PH'], ['Armagh', 'BT'], ['Enniskillen', 'BT'], ['Kirkwall', 'KW'],
  ['Lerwick', 'ZE'], ['Stornoway', 'HS'], ['Portree', 'IV'], ['Tobermory', 'PA'], ['Dolgellau', 'LL'], ['Llandrindod Wells', 'LD'], ['Thurso', 'KW'],
];

/** Who buys: plural noun phrases. */
export const BUYERS = [
  'local authorities', 'councils', 'NHS trusts', 'central government departments', 'public sector organisations', 'schools', 'universities',
  'housing associations', 'police forces', 'integrated care boards', 'fire and rescue services', 'arm\u2019s-length bodies', 'combined authorities',
  'GP practices', 'multi-academy trusts', 'further education colleges', 'charities', 'devolved administrations', 'parish councils', 'national parks',
  'museums and galleries', 'coroners\u2019 services', 'port health authorities',
];

const ADJECTIVES = [
  'scalable', 'flexible', 'cloud-based', 'easy-to-use', 'secure', 'fully managed', 'configurable', 'accessible', 'cost-effective', 'resilient',
  'modern', 'proven', 'UK-hosted', 'intuitive', 'open', 'modular', 'award-winning', 'API-first', 'mobile-first', 'low-code', 'lightweight', 'sovereign',
];

/** The generic nouns offerings call themselves. */
const SERVICE_NOUNS = ['service', 'platform', 'solution', 'software', 'system', 'application', 'portal', 'suite', 'toolkit'];

const VERBS = [
  'manage', 'automate', 'track', 'report on', 'streamline', 'share', 'analyse', 'monitor', 'secure', 'integrate', 'publish', 'schedule', 'audit',
  'digitise', 'consolidate', 'forecast', 'reconcile', 'triage',
];

const DATA_NOUNS = [
  'records', 'cases', 'documents', 'requests', 'workflows', 'data', 'payments', 'assets', 'applications', 'appointments', 'contracts', 'incidents',
  'inspections', 'complaints', 'bookings', 'invoices', 'referrals', 'permits', 'tenancies', 'grants', 'claims',
];

/**
 * Niche things an offering mentions now and then (a sentence in a few per cent of them): with
 * a steep Zipf law the tail of this list is the rarest vocabulary of the catalogue.
 */
export const NICHE_TERMS = [
  'street lighting', 'blue badges', 'bus lanes', 'food hygiene inspections', 'fly-tipping reports', 'taxi licensing', 'noise complaints',
  'houses in multiple occupation', 'pest control', 'tree preservation orders', 'allotments', 'cemeteries', 'crematoria', 'pavement licences',
  'market traders', 'leisure centres', 'swimming lessons', 'sports pitches', 'beach huts', 'harbour dues', 'ferry bookings', 'moorings',
  'lifeguard rotas', 'listed buildings', 'heritage assets', 'archaeology records', 'hedgerow surveys', 'ash dieback', 'gully cleaning',
  'scaffolding licences', 'dog fouling', 'abandoned vehicles', 'bandstand bookings', 'lido admissions', 'planetarium shows', 'bee hives',
  'coastal erosion', 'flood wardens', 'salt bins', 'footpath diversions', 'common land', 'village greens', 'cattle grids', 'sheep dips',
  'peat restoration', 'seagrass monitoring', 'otter surveys', 'bat roosts', 'newt licences', 'knotweed treatment', 'hydrotherapy pools',
  'orienteering maps', 'curling rinks', 'velodrome sessions', 'snowsports', 'canal towpaths', 'lighthouse keepers', 'wherry restoration',
  'coracle races', 'shinty fixtures',
];

const FEATURE_PHRASES = [
  'role-based access control', 'single sign-on', 'audit trail', 'configurable workflows', 'real-time dashboards', 'open API', 'automated alerts',
  'two-factor authentication', 'data export', 'bulk import', 'mobile app', 'encryption at rest', 'encryption in transit', 'custom reports',
  'email notifications', 'automatic backups', 'UK data residency', 'version history', 'WCAG 2.2 AA accessibility', 'offline working',
  'SMS notifications', 'GOV.UK Notify integration', 'GOV.UK Pay integration', 'GOV.UK One Login', 'self-service portal', 'scheduled reports',
  'document templates', 'geographic mapping', 'duplicate detection', 'retention schedules', 'webhooks', 'sandbox environment',
  'customer satisfaction surveys', 'multi-tenant architecture', 'granular permissions', 'data anonymisation',
];

const CERTIFICATIONS = [
  'ISO 27001', 'Cyber Essentials Plus', 'ISO 9001', 'Cyber Essentials', 'SOC 2 Type II', 'ISO 22301', 'PCI DSS', 'NHS DSP Toolkit', 'ISO 14001',
  'CSA STAR', 'ISO 27017', 'ISO 27018', 'CHECK', 'CREST',
];

const OUTCOMES = [
  'service quality', 'response times', 'data quality', 'user satisfaction', 'resident experience', 'staff productivity', 'decision making',
  'transparency', 'compliance', 'value for money', 'patient outcomes', 'security posture', 'accessibility', 'collection rates',
];

const COSTS = ['operating costs', 'licence costs', 'hosting costs', 'paper use', 'manual data entry', 'processing times', 'failure demand', 'travel costs', 'carbon emissions'];

const ROLES = [
  'caseworkers', 'managers', 'staff', 'finance teams', 'IT teams', 'clinicians', 'officers', 'teachers', 'developers', 'analysts', 'field workers',
  'contact centre agents', 'social workers', 'librarians', 'planners', 'inspectors',
];

const REGULATIONS = [
  'UK GDPR', 'Data Protection Act 2018', 'Freedom of Information Act', 'Procurement Act 2023', 'PSN', 'Making Tax Digital', 'Public Sector Bodies Accessibility Regulations',
  'Care Act 2014', 'Building Safety Act', 'Environment Act', 'NIS Regulations',
];

// Supplier names
const NAME_WORDS = [
  'Kestrel', 'Harbour', 'Northgate', 'Meridian', 'Beacon', 'Granite', 'Heron', 'Lantern', 'Thistle', 'Juniper', 'Cobalt', 'Falcon', 'Willow', 'Summit',
  'Aspen', 'Cedar', 'Riverside', 'Highland', 'Pennine', 'Cotswold', 'Fenland', 'Solent', 'Tamar', 'Severn', 'Mersey', 'Clyde', 'Tyne', 'Humber',
  'Wessex', 'Mercia', 'Anglia', 'Cambria', 'Orbit', 'Quantum', 'Vector', 'Nimbus', 'Stratus', 'Cirrus', 'Zephyr', 'Atlas', 'Apex', 'Vertex',
  'Pinnacle', 'Keystone', 'Cornerstone', 'Lighthouse', 'Compass', 'Signal', 'Bridge', 'Forge', 'Anvil', 'Foundry', 'Quay', 'Wharf', 'Meadow',
  'Orchard', 'Hawthorn', 'Rowan', 'Birch', 'Alder', 'Hazel', 'Sycamore', 'Fern', 'Heather', 'Bramble', 'Flint', 'Slate', 'Quartz', 'Amber',
  'Indigo', 'Saffron', 'Sapphire', 'Emerald', 'Copper', 'Silverline', 'Ironbridge', 'Red Kite', 'Osprey', 'Puffin', 'Curlew', 'Lapwing', 'Skylark',
  'Wren', 'Merlin', 'Peregrine', 'Otter', 'Badger', 'Foxglove', 'Bluebell', 'Kingfisher', 'Oakwood', 'Elmstead', 'Ashdown', 'Greenfield',
  'Whitehall', 'Blackwater', 'Redbrook', 'Stonebridge', 'Millbrook', 'Fairfield', 'Brightwater', 'Clearwater', 'Longbridge', 'Westbury',
  'Eastgate', 'Southfield', 'Northwind', 'Tidewater', 'Moorland', 'Dalesway', 'Seaview', 'Hillcrest', 'Castlegate', 'Abbeyfield', 'Kingsway',
  'Queensway', 'Parkside', 'Lakeside', 'Brookside', 'Fieldfare', 'Starling', 'Swallow', 'Marten', 'Lynx', 'Corvid', 'Halcyon', 'Aurora', 'Polaris',
  'Orion', 'Lyra', 'Vega', 'Sirius', 'Andromeda', 'Nova', 'Helix', 'Prism', 'Spectrum', 'Fathom', 'Tessellate', 'Lattice', 'Mosaic', 'Cadence',
  'Tempo', 'Octave', 'Harmony', 'Catalyst', 'Kinetic', 'Momentum', 'Fulcrum', 'Pivot', 'Axis', 'Nexus', 'Conduit', 'Waypoint', 'Landmark',
];
const NAME_KINDS = [
  'Digital', 'Data', 'Cloud', 'Software', 'Systems', 'Technology', 'Consulting', 'IT', 'Solutions', 'Analytics', 'Networks', 'Labs', 'Services',
  'Computing', 'Information', 'Secure', 'Health', 'Civic', 'Learning', 'Infrastructure', 'Hosting', 'Partners', 'Interactive', 'Innovation',
];
const BRAND_HEADS = ['Case', 'Flow', 'Civic', 'Gov', 'Path', 'Clear', 'Ever', 'Open', 'Smart', 'True', 'Insight', 'Core', 'Data', 'Cloud', 'Bright', 'Sure', 'Key', 'One', 'Blue', 'Green'];
const BRAND_TAILS = ['ly', 'works', 'hub', 'point', 'base', 'stack', 'sense', 'wise', 'vault', 'desk', 'line', 'gate', 'box', 'scope', 'track', 'sync', 'ledger', 'loop', 'view', 'dock'];

const FIRST_NAMES = [
  'Olivia', 'James', 'Amelia', 'Oliver', 'Isla', 'George', 'Ava', 'Harry', 'Mia', 'Noah', 'Sophie', 'Jack', 'Grace', 'Thomas', 'Emily', 'William',
  'Charlotte', 'Arthur', 'Freya', 'Leo', 'Priya', 'Mohammed', 'Aisha', 'Rhys', 'Siobhan', 'Callum', 'Niamh', 'Eilidh', 'Dafydd', 'Fatima',
  'Ewan', 'Chloe', 'Daniel', 'Hannah', 'Samuel', 'Lucy', 'Joseph', 'Ellie', 'Ravi', 'Anna', 'David', 'Sarah', 'Michael', 'Rachel', 'Paul',
  'Helen', 'Andrew', 'Claire', 'Mark', 'Ruth', 'Kwame', 'Zainab', 'Tomasz', 'Agnieszka', 'Chen', 'Mei', 'Oluwaseun', 'Bronwen', 'Fergus', 'Orla',
];
const LAST_NAMES = [
  'Smith', 'Jones', 'Williams', 'Taylor', 'Brown', 'Davies', 'Evans', 'Wilson', 'Thomas', 'Johnson', 'Roberts', 'Robinson', 'Thompson', 'Wright',
  'Walker', 'White', 'Edwards', 'Hughes', 'Green', 'Hall', 'Lewis', 'Harris', 'Clarke', 'Patel', 'Jackson', 'Wood', 'Turner', 'Martin', 'Cooper',
  'Hill', 'Ward', 'Morris', 'Moore', 'Clark', 'Lee', 'King', 'Baker', 'Harrison', 'Morgan', 'Allen', 'James', 'Scott', 'Phillips', 'Watson',
  'Davis', 'Parker', 'Price', 'Bennett', 'Young', 'Griffiths', 'Mitchell', 'Kelly', 'Cook', 'Carter', 'Richardson', 'Bailey', 'Collins', 'Bell',
  'Shaw', 'Murphy', 'Miller', 'Cox', 'Richards', 'Khan', 'Marshall', 'Anderson', 'Simpson', 'Ellis', 'Adams', 'Singh', 'Begum', 'Wilkinson',
  'Foster', 'Chapman', 'Powell', 'Webb', 'Rogers', 'Gray', 'Mason', 'Ali', 'Hunt', 'Hussain', 'Campbell', 'Matthews', 'Owen', 'Palmer', 'MacDonald',
  'Stewart', 'Reid', 'Fraser', 'O\u2019Neill', 'Nowak', 'Okafor', 'Mensah', 'Zhang', 'Kowalski',
];
const STREETS = [
  'High', 'Station', 'Church', 'Victoria', 'Park', 'Mill', 'Market', 'Queen', 'King', 'New', 'Bridge', 'Castle', 'Albert', 'George', 'York',
  'Princes', 'Chapel', 'North', 'South', 'West', 'East', 'Water', 'Wellington', 'Nelson', 'Trinity', 'Abbey', 'Harbour', 'Dock', 'Quay', 'Canal',
];
const STREET_KINDS = ['Street', 'Road', 'Lane', 'Way', 'Place', 'Avenue', 'Square', 'Court', 'Row', 'Terrace', 'Walk', 'Wharf'];
const BUILDINGS = ['Suite', 'Unit', 'Floor', 'Office'];
const BUILDING_NAMES = ['Innovation Centre', 'Enterprise House', 'Technology Park', 'Business Centre', 'The Exchange', 'Science Park', 'Station House', 'Mill Building', 'Tower', 'Works'];

// ---------------------------------------------------------------------------------------------
// Samplers

const Z = {
  technology: zipf(TECHNOLOGIES, 1.1),
  place: zipf(PLACES, 1.15),
  niche: zipf(NICHE_TERMS, 1.1),
  buyer: zipf(BUYERS, 0.9),
  adjective: zipf(ADJECTIVES, 0.9),
  serviceNoun: zipf(SERVICE_NOUNS, 1.0),
  verb: zipf(VERBS, 0.9),
  dataNoun: zipf(DATA_NOUNS, 0.7),
  feature: zipf(FEATURE_PHRASES, 0.9),
  certification: zipf(CERTIFICATIONS, 1.0),
  outcome: zipf(OUTCOMES, 0.9),
  cost: zipf(COSTS, 0.9),
  role: zipf(ROLES, 0.9),
  regulation: zipf(REGULATIONS, 1.0),
  nameWord: zipf(NAME_WORDS, 0.6),
  nameKind: zipf(NAME_KINDS, 0.8),
  firstName: zipf(FIRST_NAMES, 0.5),
  lastName: zipf(LAST_NAMES, 0.7),
  street: zipf(STREETS, 0.8),
};

const topicSamplers = new Map();
function topicSampler(categorySlug, lotSlug) {
  let s = topicSamplers.get(categorySlug);
  if (!s) {
    s = zipf(CATEGORY_TOPICS[categorySlug] ?? TOPICS_BY_LOT[lotSlug] ?? ['cloud service'], 0.8);
    topicSamplers.set(categorySlug, s);
  }
  return s;
}

// ---------------------------------------------------------------------------------------------
// Text helpers

const VOWEL = /^[aeiouAEIOU]|^(HR|SD|SQL|SIEM|FOI|API|IT|MI|ML|HSCN|NHS|SMS|UK-)\b/;
const article = (phrase) => (VOWEL.test(phrase) && !/^(UK-hosted|uni|use)/i.test(phrase) ? 'an ' : 'a ') + phrase;
const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
/** Title Case that leaves acronyms and mixed-case product names alone. */
const titleCase = (s) =>
  s
    .split(' ')
    .map((w, i) => (i > 0 && /^(and|or|of|for|on|in|to|with|the|a|an)$/.test(w) ? w : /[A-Z]/.test(w) ? w : cap(w)))
    .join(' ');
const list = (items) => (items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`);
function distinct(rng, draw, n, tries = n * 4) {
  const out = [];
  for (let t = 0; out.length < n && t < tries; t++) {
    const v = draw(rng);
    if (!out.includes(v)) out.push(v);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Suppliers

/** A brand for a supplier's products ("Caseworks", "Civicsync"): rare words in the index. */
export function productBrand(rng) {
  return rng.pick(BRAND_HEADS) + rng.pick(BRAND_TAILS);
}

const LEGAL_SUFFIX = { micro: ['Ltd', 'Ltd', 'Limited', 'LLP'], small: ['Ltd', 'Limited', 'Ltd', 'LLP'], medium: ['Ltd', 'Limited', 'Group Ltd'], large: ['plc', 'Ltd', 'Limited', 'UK Ltd', 'Group plc'], none: ['Ltd', 'Limited'] };

/**
 * Names, address, contact details of one supplier. `taken` (a Set) keeps legal names unique.
 * `n` numbers the supplier (1-based) for the identifiers.
 */
export function supplierIdentity(rng, { n, band, vcse, taken }) {
  let base;
  for (let attempt = 0; ; attempt++) {
    const first = Z.nameWord(rng);
    const second = rng.chance(0.25) ? ' ' + Z.nameWord(rng) : '';
    const kind = rng.chance(0.85) ? ' ' + Z.nameKind(rng) : '';
    base = first + (second === ' ' + first ? '' : second) + kind;
    if (attempt > 6) base += ` ${rng.pick(PLACES)[0]}`;
    if (attempt > 10) base += ` ${n}`;
    if (!taken.has(base)) break;
  }
  taken.add(base);
  const suffix = vcse ? rng.pick(['CIC', 'Community Interest Company', 'Cooperative Ltd']) : rng.pick(LEGAL_SUFFIX[band ?? 'none']);
  const legalName = `${base} ${suffix}`;
  const tradingName = rng.chance(0.9) ? base : null;
  const slug = base.toLowerCase().replace(/[^a-z0-9]+/g, '');
  const domain = `${slug}.${rng.chance(0.6) ? 'co.uk' : rng.chance(0.7) ? 'com' : 'uk'}`;
  const [town, area] = Z.place(rng);
  const district = area === 'EC' ? rng.between(1, 4) : rng.between(1, 40);
  const postcode = `${area}${district} ${rng.between(1, 9)}${String.fromCharCode(65 + rng.int(26))}${String.fromCharCode(65 + rng.int(26))}`;
  const first = Z.firstName(rng);
  const last = Z.lastName(rng);
  const contactName = `${first} ${last}`;
  const line2 = rng.chance(0.4) ? `${rng.pick(BUILDINGS)} ${rng.between(1, 40)}, ${rng.pick(BUILDING_NAMES)}` : null;
  // Companies House: England and Wales 0xNNNNNN, Scotland SC, Northern Ireland NI, LLPs OC; a few sole traders have none.
  const prefix = vcse || rng.chance(0.04) ? null : suffix === 'LLP' ? 'OC' : town === 'Belfast' || area === 'BT' ? 'NI' : ['EH', 'G', 'AB', 'DD', 'IV', 'FK', 'PA', 'PH', 'KW', 'ZE', 'HS'].includes(area) ? 'SC' : `0${rng.between(1, 9)}`;
  const companiesHouseNumber = prefix ? prefix + String((n * 7919 + 104729) % 1_000_000).padStart(6, '0') : vcse && rng.chance(0.7) ? `${String(rng.between(1, 15)).padStart(2, '0')}${String(rng.int(1_000_000)).padStart(6, '0')}` : null;
  return {
    legalName,
    tradingName,
    displayName: tradingName ?? legalName,
    companiesHouseNumber,
    dunsNumber: rng.chance(0.45) ? String(rng.between(100_000_000, 999_999_999)) : null,
    vatNumber: rng.chance(0.75) ? `GB${rng.between(100_000_000, 999_999_999)}` : null,
    addressLine1: `${rng.between(1, 240)} ${Z.street(rng)} ${rng.pick(STREET_KINDS)}`,
    addressLine2: line2,
    town,
    postcode,
    contactName,
    contactEmail: `${first.toLowerCase().replace(/[^a-z]/g, '')}.${last.toLowerCase().replace(/[^a-z]/g, '')}@${domain}`,
    contactPhone: rng.chance(0.85) ? (area === 'EC' ? `020 ${rng.between(3000, 8999)} ${rng.between(1000, 9999)}` : `01${rng.between(100, 999)} ${rng.between(100000, 999999)}`) : null,
    website: rng.chance(0.9) ? `https://www.${domain}` : null,
    description: `${article(Z.adjective(rng))} ${Z.nameKind(rng).toLowerCase()} company based in ${town}, working with ${Z.buyer(rng)} and ${Z.buyer(rng)}.`.replace(/^./, (c) => c.toUpperCase()),
    domain,
  };
}

/**
 * Figures for a size declaration that fall in `band` under EU Recommendation 2003/361
 * (headcount < 10 / 50 / 250 and turnover or balance sheet within €2m / €10m / €50m–€43m).
 * Amounts in EUR, as decimal strings with 2 places.
 */
export function sizeFigures(rng, band) {
  const eur = (x) => (Math.round(x / 1000) * 1000).toFixed(2);
  switch (band) {
    case 'micro':
      return { headcount: rng.between(1, 9), turnover: eur(rng.logUniform(40_000, 1_990_000)), balanceSheet: eur(rng.logUniform(10_000, 1_900_000)) };
    case 'small':
      return { headcount: rng.between(10, 49), turnover: eur(rng.logUniform(800_000, 9_900_000)), balanceSheet: eur(rng.logUniform(200_000, 9_000_000)) };
    case 'medium':
      return { headcount: rng.between(50, 249), turnover: eur(rng.logUniform(6_000_000, 49_000_000)), balanceSheet: eur(rng.logUniform(2_000_000, 42_000_000)) };
    default:
      return { headcount: Math.round(rng.logUniform(250, 40_000)), turnover: eur(rng.logUniform(51_000_000, 4_000_000_000)), balanceSheet: eur(rng.logUniform(44_000_000, 3_000_000_000)) };
  }
}

/** EU 2003/361 as in libs/suppliers/src/domain/size-band.ts (amounts in euros). */
export function deriveBandEu(headcount, turnover, balanceSheet) {
  const t = Number(turnover);
  const b = Number(balanceSheet);
  if (headcount < 10 && (t <= 2_000_000 || b <= 2_000_000)) return 'micro';
  if (headcount < 50 && (t <= 10_000_000 || b <= 10_000_000)) return 'small';
  if (headcount < 250 && (t <= 50_000_000 || b <= 43_000_000)) return 'medium';
  return 'large';
}

// ---------------------------------------------------------------------------------------------
// Offerings

const PRICE_UNITS_BY_LOT = {
  'cloud-software': [['per user', 6], ['per licence', 3], ['per unit', 1]],
  'cloud-hosting': [['per instance', 5], ['per GB', 3], ['per unit', 2]],
  'cloud-support': [['per day', 7], ['per unit', 2], ['per user', 1]],
};
const PRICE_RANGES = {
  'per user': [1.5, 60],
  'per licence': [50, 25_000],
  'per unit': [25, 60_000],
  'per instance': [5, 3_000],
  'per GB': [0.01, 2],
  'per day': [350, 1_600],
};
const unitSamplers = Object.fromEntries(Object.entries(PRICE_UNITS_BY_LOT).map(([lot, pairs]) => [lot, weighted(pairs)]));

/** A price a supplier would publish: 2–3 significant figures, never fractions of a penny. */
function nicePrice(x) {
  if (x < 1) return Math.max(0.01, Math.round(x * 100) / 100);
  const digits = Math.floor(Math.log10(x));
  const step = Math.pow(10, Math.max(0, digits - 1)) * (x > 20 && x < 1000 ? 0.5 : 1);
  return Math.round(x / step) * step;
}

export function offeringPrice(rng, lotSlug) {
  const unit = (unitSamplers[lotSlug] ?? unitSamplers['cloud-software'])(rng);
  const [lo, hi] = PRICE_RANGES[unit];
  const min = nicePrice(rng.logUniform(lo, hi));
  const max = rng.chance(0.4) ? nicePrice(min * (unit === 'per day' ? rng.logUniform(1.2, 2.5) : rng.logUniform(1.5, 20))) : null;
  let interval;
  if (unit === 'per day') interval = null;
  else if (unit === 'per GB' || unit === 'per instance') interval = rng.chance(0.8) ? 'per month' : 'per year';
  else interval = rng.chance(0.15) ? null : rng.chance(0.55) ? 'per month' : 'per year';
  return {
    priceMin: min.toFixed(2),
    priceMax: max !== null && max >= min ? max.toFixed(2) : null,
    priceUnit: unit,
    priceInterval: interval,
    currency: rng.chance(0.03) ? 'EUR' : 'GBP',
  };
}

/**
 * Title, summary, description, features and benefits of one offering, about `topic` (from
 * its first category). `brand` is the supplier's product brand; `supplier` its display name.
 */
export function offeringText(rng, { lotSlug, categorySlugs, brand, supplier }) {
  const topics = categorySlugs.map((c) => topicSampler(c, lotSlug));
  const topic = topics[0](rng);
  const topic2 = (topics[1] ?? topics[0])(rng);
  const tech = Z.technology(rng);
  const tech2 = Z.technology(rng);
  const noun = Z.serviceNoun(rng);
  const buyer = Z.buyer(rng);
  const adj = Z.adjective(rng);
  const maybe = (p, text) => (rng.chance(p) ? text : '');

  // Title
  let title;
  const tt = rng.int(lotSlug === 'cloud-support' ? 6 : 7);
  if (lotSlug === 'cloud-support') {
    title = [
      `${titleCase(topic)} Services`,
      `${tech} ${titleCase(topic)}`,
      `${titleCase(topic)} for ${tech}`,
      `${brand} ${titleCase(topic)} Service`,
      `Cloud ${titleCase(topic)} and Support`,
      `${titleCase(topic)} for ${titleCase(buyer)}`,
    ][tt];
  } else if (lotSlug === 'cloud-hosting') {
    title = [
      `${brand} ${titleCase(topic)}`,
      `Managed ${titleCase(topic)}`,
      `${titleCase(topic)} on ${tech}`,
      `UK Sovereign ${titleCase(topic)}`,
      `Secure Cloud ${titleCase(topic)}`,
      `${titleCase(topic)} as a Service`,
      `${supplier} ${titleCase(topic)}`,
    ][tt];
  } else {
    title = [
      `${brand} ${titleCase(topic)}`,
      `${titleCase(topic)} ${titleCase(noun)}`,
      `${brand}: ${titleCase(topic)} for ${titleCase(buyer)}`,
      `Cloud ${titleCase(topic)} ${titleCase(noun)}`,
      `${titleCase(topic)} ${titleCase(noun)} (${tech})`,
      `${brand} ${titleCase(topic)} and ${titleCase(topic2)}`,
      `${supplier} ${titleCase(topic)} ${titleCase(noun)}`,
    ][tt];
  }
  if (title.length > 200) title = title.slice(0, 200);

  // Summary: one or two sentences.
  const summary = (
    `${cap(article(adj))} ${maybe(0.3, 'cloud ')}${topic} ${noun} that helps ${buyer} ${Z.verb(rng)} ${Z.dataNoun(rng)}` +
    maybe(0.4, ` and ${Z.verb(rng)} ${Z.dataNoun(rng)}`) +
    maybe(0.3, `, with ${Z.feature(rng)} and ${Z.feature(rng)}`) +
    '.' +
    maybe(0.3, ` ${rng.pick([`Hosted in the UK on ${tech}.`, `Available on ${tech}.`, `Integrates with ${tech} and ${tech2}.`, 'Built on secure cloud infrastructure.'])}`)
  ).slice(0, 500);

  // Description: an opening sentence and 2–5 more from the pool; now and then a niche use.
  const pool = [
    () => `It lets ${Z.role(rng)} ${Z.verb(rng)} ${Z.dataNoun(rng)} and ${Z.verb(rng)} ${Z.dataNoun(rng)} in one place${maybe(0.5, `, with ${Z.feature(rng)} and ${Z.feature(rng)}`)}.`,
    () => `${rng.pick(['The service', 'It', 'The product', 'Everything'])} is built on ${tech} and ${tech2}${maybe(0.5, ` and integrates with ${Z.technology(rng)}`)}.`,
    () => `${rng.pick(['Our', 'This'])} ${Z.adjective(rng).replace('cloud-based', 'hosted')} ${maybe(0.5, 'cloud ')}${noun} supports ${topic2} and ${topics[0](rng)}${maybe(0.4, ', from first request to final report')}.`,
    () => `${rng.pick(['Customer data is', 'Information is', 'Records are', 'Everything is'])} hosted in UK ${rng.pick(['data centres', 'regions', 'facilities'])}${maybe(0.6, ` certified to ${Z.certification(rng)} and ${Z.certification(rng)}`)}.`,
    () => `We have delivered ${topic} for ${Z.buyer(rng)} in ${Z.place(rng)[0]}${maybe(0.6, `, ${Z.place(rng)[0]}`)} and ${Z.place(rng)[0]}.`,
    () => `${rng.pick(['Reports', 'Dashboards', 'Exports', 'Management information'])} ${rng.pick(['are available through', 'come with', 'include'])} ${Z.feature(rng)}${maybe(0.5, ' and an open API')}.`,
    () => `It helps ${buyer} meet ${Z.regulation(rng)} obligations and improve ${Z.outcome(rng)}.`,
    () => `${rng.pick(['Support is provided by our UK-based team', 'Our UK-based team answers calls', 'Help is at hand'])}${rng.pick([' 24 hours a day', ' during business hours', ', seven days a week'])}${maybe(0.5, ', with onboarding, training and migration included')}.`,
    () => `Pricing is simple and transparent: ${rng.pick(['no set-up fees', 'no long-term contract', 'one annual licence', 'pay as you go'])}.`,
    () => `Customers typically reduce ${Z.cost(rng)} by ${rng.between(10, 60)}% within the first year.`,
    () => `${rng.pick(['Secure by design', 'Security comes as standard', 'Built for the public sector'])}: ${Z.feature(rng)}, ${Z.feature(rng)} and regular ${rng.pick(['penetration tests', 'IT health checks', 'security reviews'])}.`,
  ];
  const sentences = [`${brand} ${topic} is ${article(Z.adjective(rng))} ${noun} for ${buyer}.`];
  for (const i of rng.sample([...pool.keys()], rng.between(2, 5))) sentences.push(pool[i]());
  if (rng.chance(0.06)) sentences.push(`${rng.pick(['It also handles', 'Optional modules cover', 'Customers also use it for', 'It is popular for'])} ${Z.niche(rng)}.`);
  const description = sentences.join(' ').slice(0, 10000);

  // Features and benefits: 3–10 each, short bullet phrases.
  const features = distinct(rng, (r) => {
    switch (r.int(7)) {
      case 0: return cap(Z.feature(r));
      case 1: return `${cap(Z.feature(r))} for ${Z.role(r)}`;
      case 2: return `Integration with ${Z.technology(r)}`;
      case 3: return `${cap(Z.dataNoun(r))} ${r.pick(['tracking', 'history', 'search', 'approvals', 'templates'])}`;
      case 4: return `Automated ${topic} ${r.pick(['reporting', 'alerts', 'reminders', 'exports', 'scheduling'])}`;
      case 5: return `${cap(Z.feature(r))} and ${Z.feature(r)}`;
      default: return `${r.pick(['99.9%', '99.95%', '99.99%'])} availability${r.chance(0.5) ? ', monitored 24/7' : ''}`;
    }
  }, rng.between(3, 10));
  const benefits = distinct(rng, (r) => {
    switch (r.int(7)) {
      case 0: return `Reduce ${Z.cost(r)} by up to ${r.between(10, 70)}%`;
      case 1: return `Improve ${Z.outcome(r)} for ${Z.buyer(r)}`;
      case 2: return `Free up ${Z.role(r)} to focus on ${Z.outcome(r)}`;
      case 3: return `Meet ${Z.regulation(r)} requirements`;
      case 4: return `Go live in ${r.between(2, 16)} weeks`;
      case 5: return `One ${r.pick(['secure', 'shared', 'single'])} view of ${Z.dataNoun(r)} and ${Z.dataNoun(r)}`;
      default: return `Make better decisions with real-time ${topic} information`;
    }
  }, rng.between(3, 10));

  return { title, summary, description, features, benefits };
}

// ---------------------------------------------------------------------------------------------
// Bench queries

/**
 * Search terms for the S1 bench, each classified `frequent` (matches a large share of the
 * catalogue: the ranking and facets work on tens or hundreds of thousands of rows) or `rare`
 * (a few dozen to a few hundred rows), with the query form: `word`, `phrase` ("..."), `or`
 * (a OR b) or `not` (a -b). `rng` picks which tail words stand for the rare class.
 */
export function benchQueries(rng) {
  const frequent = [
    ['cloud', 'word'], ['data', 'word'], ['service', 'word'], ['management', 'word'], ['secure', 'word'], ['support', 'word'],
    ['platform', 'word'], ['reporting', 'word'], ['councils', 'word'], ['cloud data', 'word'],
    ['"case management"', 'phrase'], ['"data migration"', 'phrase'],
    ['backup OR recovery', 'or'], ['cloud -hosting', 'not'],
  ];
  // The tail: rare technologies, remote places, niche uses. Drawn, not fixed, so a different
  // bench seed exercises different posting lists.
  const rareTech = rng.sample(['Proxmox', 'Camunda', 'Nuxeo', 'Rubrik', 'Cohesity', 'Zerto', 'Keycloak', 'Shibboleth', 'Dagster', 'Kubeflow', 'MLflow', 'Tascomi', 'Liquidlogic', 'Superset', 'Metabase', 'Umbraco'], 4);
  const rarePlaces = rng.sample(['Lerwick', 'Stornoway', 'Kirkwall', 'Portree', 'Tobermory', 'Dolgellau', 'Thurso', 'Enniskillen'], 3);
  const rareNiche = rng.sample(['coracle', 'shinty', 'curling', 'orienteering', 'newt', 'velodrome', 'wherry', 'seagrass', 'peat', 'knotweed', 'hydrotherapy', 'towpaths', 'snowsports', 'otter'], 4);
  const rare = [
    ...rareTech.map((t) => [t, 'word']),
    ...rarePlaces.map((t) => [t, 'word']),
    ...rareNiche.map((t) => [t, 'word']),
    ['"otter surveys"', 'phrase'], ['"bat roosts"', 'phrase'],
    [`${rareTech[0]} OR ${rarePlaces[0]}`, 'or'], [`${rareTech[1]} -${rng.pick(['cloud', 'data', 'secure'])}`, 'not'],
  ];
  return [
    ...frequent.map(([q, form]) => ({ q, class: 'frequent', form })),
    ...rare.map(([q, form]) => ({ q, class: 'rare', form })),
  ];
}
