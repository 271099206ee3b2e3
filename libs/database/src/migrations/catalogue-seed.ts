/** Frameworks, lots and categories the catalogue migration seeds (G-Cloud-like and DOS-like). */
export const CATALOGUE_SEED = {
  "frameworks": [
    {
      "slug": "g-cloud",
      "name": "G-Cloud",
      "description": "Cloud hosting, software and support bought from a catalogue of published offerings.",
      "lots": [
        {
          "slug": "cloud-hosting",
          "name": "Cloud hosting",
          "kind": "offerings",
          "description": "Cloud platform or infrastructure services.",
          "categories": [
            {
              "slug": "archiving-backup-and-disaster-recovery",
              "name": "Archiving, backup and disaster recovery"
            },
            {
              "slug": "compute-and-application-hosting",
              "name": "Compute and application hosting"
            },
            {
              "slug": "content-delivery-network",
              "name": "Content delivery network"
            },
            {
              "slug": "data-warehousing",
              "name": "Data warehousing"
            },
            {
              "slug": "ddos-protection",
              "name": "DDoS protection"
            },
            {
              "slug": "firewall",
              "name": "Firewall"
            },
            {
              "slug": "infrastructure-and-platform-security",
              "name": "Infrastructure and platform security"
            },
            {
              "slug": "intrusion-detection",
              "name": "Intrusion detection"
            },
            {
              "slug": "load-balancing",
              "name": "Load balancing"
            },
            {
              "slug": "logging-and-analysis",
              "name": "Logging and analysis"
            },
            {
              "slug": "networking",
              "name": "Networking"
            },
            {
              "slug": "platform-as-a-service-paas",
              "name": "Platform as a service (PaaS)"
            },
            {
              "slug": "protective-monitoring",
              "name": "Protective monitoring"
            },
            {
              "slug": "search",
              "name": "Search"
            },
            {
              "slug": "storage",
              "name": "Storage"
            }
          ]
        },
        {
          "slug": "cloud-software",
          "name": "Cloud software",
          "kind": "offerings",
          "description": "Applications accessed over the internet and hosted in the cloud.",
          "categories": [
            {
              "slug": "accounting-and-finance",
              "name": "Accounting and finance"
            },
            {
              "slug": "analytics-and-business-intelligence",
              "name": "Analytics and business intelligence"
            },
            {
              "slug": "application-security",
              "name": "Application security"
            },
            {
              "slug": "collaborative-working",
              "name": "Collaborative working"
            },
            {
              "slug": "creative-design-and-publishing",
              "name": "Creative, design and publishing"
            },
            {
              "slug": "customer-relationship-management-crm",
              "name": "Customer relationship management (CRM)"
            },
            {
              "slug": "data-management",
              "name": "Data management"
            },
            {
              "slug": "electronic-document-and-records-management",
              "name": "Electronic document and records management"
            },
            {
              "slug": "healthcare",
              "name": "Healthcare"
            },
            {
              "slug": "human-resources-and-employee-management",
              "name": "Human resources and employee management"
            },
            {
              "slug": "information-and-communication-technology",
              "name": "Information and communication technology"
            },
            {
              "slug": "legal-and-enforcement",
              "name": "Legal and enforcement"
            },
            {
              "slug": "marketing",
              "name": "Marketing"
            },
            {
              "slug": "operations-management",
              "name": "Operations management"
            },
            {
              "slug": "project-management-and-planning",
              "name": "Project management and planning"
            },
            {
              "slug": "sales",
              "name": "Sales"
            },
            {
              "slug": "schools-education-and-libraries",
              "name": "Schools, education and libraries"
            },
            {
              "slug": "software-development-tools",
              "name": "Software development tools"
            },
            {
              "slug": "transport-and-logistics",
              "name": "Transport and logistics"
            }
          ]
        },
        {
          "slug": "cloud-support",
          "name": "Cloud support",
          "kind": "offerings",
          "description": "Help to set up, migrate to and run cloud services.",
          "categories": [
            {
              "slug": "ongoing-support",
              "name": "Ongoing support"
            },
            {
              "slug": "planning",
              "name": "Planning"
            },
            {
              "slug": "quality-assurance-and-performance-testing",
              "name": "Quality assurance and performance testing"
            },
            {
              "slug": "security-services",
              "name": "Security services"
            },
            {
              "slug": "setup-and-migration",
              "name": "Setup and migration"
            },
            {
              "slug": "training",
              "name": "Training"
            }
          ]
        }
      ]
    },
    {
      "slug": "dos",
      "name": "Digital Outcomes and Specialists",
      "description": "Buyers publish requirements; suppliers bid to deliver an outcome, supply specialists or run user research.",
      "lots": [
        {
          "slug": "digital-outcomes",
          "name": "Digital outcomes",
          "kind": "requirements",
          "description": "A team to build or support a digital service.",
          "categories": [
            {
              "slug": "performance-analysis-and-data",
              "name": "Performance analysis and data"
            },
            {
              "slug": "security",
              "name": "Security"
            },
            {
              "slug": "service-delivery",
              "name": "Service delivery"
            },
            {
              "slug": "software-development",
              "name": "Software development"
            },
            {
              "slug": "support-and-operations",
              "name": "Support and operations"
            },
            {
              "slug": "testing-and-auditing",
              "name": "Testing and auditing"
            },
            {
              "slug": "user-experience-and-design",
              "name": "User experience and design"
            }
          ]
        },
        {
          "slug": "digital-specialists",
          "name": "Digital specialists",
          "kind": "requirements",
          "description": "An individual specialist to work on a project.",
          "categories": [
            {
              "slug": "agile-coach",
              "name": "Agile coach"
            },
            {
              "slug": "business-analyst",
              "name": "Business analyst"
            },
            {
              "slug": "content-designer",
              "name": "Content designer"
            },
            {
              "slug": "cyber-security-consultant",
              "name": "Cyber security consultant"
            },
            {
              "slug": "data-architect",
              "name": "Data architect"
            },
            {
              "slug": "data-engineer",
              "name": "Data engineer"
            },
            {
              "slug": "data-scientist",
              "name": "Data scientist"
            },
            {
              "slug": "delivery-manager",
              "name": "Delivery manager"
            },
            {
              "slug": "designer",
              "name": "Designer"
            },
            {
              "slug": "developer",
              "name": "Developer"
            },
            {
              "slug": "performance-analyst",
              "name": "Performance analyst"
            },
            {
              "slug": "product-manager",
              "name": "Product manager"
            },
            {
              "slug": "programme-manager",
              "name": "Programme manager"
            },
            {
              "slug": "quality-assurance-analyst",
              "name": "Quality assurance analyst"
            },
            {
              "slug": "service-manager",
              "name": "Service manager"
            },
            {
              "slug": "technical-architect",
              "name": "Technical architect"
            },
            {
              "slug": "user-researcher",
              "name": "User researcher"
            },
            {
              "slug": "web-operations-engineer",
              "name": "Web operations engineer"
            }
          ]
        },
        {
          "slug": "user-research",
          "name": "User research",
          "kind": "requirements",
          "description": "User research studios and participants.",
          "categories": [
            {
              "slug": "user-research-studio",
              "name": "User research studio"
            },
            {
              "slug": "user-research-participants",
              "name": "User research participants"
            }
          ]
        }
      ]
    }
  ]
} as const;
