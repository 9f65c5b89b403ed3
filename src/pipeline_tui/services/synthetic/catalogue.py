"""The words synthetic data is made of: roles, places, skills, pool themes, sources and how often each occurs.

Unlike the demo's catalogue these are tuned for volume, not charm; the generator combines them with a seeded
random generator, so reordering an entry changes the data a seed gives.
"""

from __future__ import annotations

CHUNK = 20_000  # rows per bulk-insert transaction
EMAIL_DOMAINS = ("example.com", "example.org", "example.net", "mail.example.com", "corp.example.org")
NAME_LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "nl_NL", "es_ES", "pl_PL", "it_IT")
NAMES_PER_LOCALE = 150
COMPANIES_PER_LOCALE = 60
ROLES = (
    "Backend Engineer", "Frontend Engineer", "Full-stack Engineer", "Data Engineer", "Data Analyst",
    "Data Scientist", "Product Designer", "Product Manager", "Engineering Manager", "Site Reliability Engineer",
    "Security Engineer", "Mobile Engineer", "QA Engineer", "Account Executive", "Sales Development Rep",
    "Customer Success Manager", "Recruiter", "Finance Analyst", "Marketing Manager", "Support Specialist",
)  # fmt: skip
LEVELS = ("", "Junior ", "Senior ", "Staff ", "Lead ", "Principal ")
# The department of a role: the first of these words found in the role's title; Engineering otherwise.
DEPARTMENT_OF_ROLE = (
    ("Data", "Data"),
    ("Design", "Design"),
    ("Product Manager", "Product"),
    ("Account", "Sales"),
    ("Sales", "Sales"),
    ("Customer", "Customer Success"),
    ("Support", "Customer Success"),
    ("Finance", "Finance"),
    ("Marketing", "Marketing"),
    ("Recruiter", "People"),
)
CITIES = (
    "Berlin", "Munich", "Hamburg", "Amsterdam", "London", "Lisbon", "Warsaw", "Paris", "Barcelona",
    "Stockholm", "Vienna", "Zurich", "Dublin", "Milan", "Prague", "Copenhagen", "Remote (EU)", "Remote",
)  # fmt: skip
SKILLS = (
    "Python", "Go", "Rust", "Java", "Kotlin", "TypeScript", "React", "PostgreSQL", "Kubernetes", "AWS", "GCP",
    "Azure", "Terraform", "Kafka", "Spark", "dbt", "SQL", "Tableau", "Figma", "UX research", "Accessibility",
    "Machine learning", "Statistics", "iOS", "Android", "Security", "Salesforce", "SaaS sales", "Enterprise",
    "People management", "German speaker", "French speaker", "Remote only", "Relocation OK", "Open source",
    "Ex-founder", "Fintech", "Healthtech", "E-commerce", "B2B", "Startup", "Visa sponsorship", "Referral",
)  # fmt: skip
TAG_QUALIFIERS = (
    "senior",
    "lead",
    "2024",
    "2025",
    "2026",
    "EU",
    "US",
    "APAC",
    "meetup",
    "conference",
    "alumni",
)
POOL_THEMES = (
    "Backend engineers", "Frontend engineers", "Data people", "Designers", "Product managers",
    "Engineering leaders", "SRE & platform", "Security", "Mobile", "Sales", "Customer success",
    "Silver medalists", "Interns", "Diversity outreach", "Referrals", "Conference contacts",
)  # fmt: skip
APPLICANT_SOURCES = ("Careers page", "LinkedIn", "Referral", "Indeed", "Agency", "Sourced")
PROSPECT_SOURCES = ("LinkedIn sourcing", "GitHub", "Conference", "Referral", "Meetup", "Import")
RECRUITERS = ("Jonas Weber", "Amara Okafor", "Lena Fischer", "Sam Carter", "Mia Rossi", "Noah Berg")
ACTIVE_STAGE_WEIGHTS = (50, 25, 15, 7)
CLOSED_STAGE_WEIGHTS = (45, 30, 18, 7)
POOL_STATUS_WEIGHTS = (35, 30, 20, 10, 5)  # in the order of core.vocabulary.POOL_STATUSES
