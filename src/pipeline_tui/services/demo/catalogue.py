"""The demo company as data: who works there, what it hires for, its pools, and the words people use.

Everything `build_demo` varies at random is drawn from these tables; changing the demo means editing a
table here, not the builder. Order matters: the builder draws from a seeded random generator in table order,
so reordering an entry changes the demo.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline_tui.core.vocabulary import ActivityKind, JobStatus, PoolStatus, StageKind
from pipeline_tui.store.jobs import DEFAULT_STAGES

DEMO_SEED = 2026

# -- people ---------------------------------------------------------------------------------------------
LOCALES = ("en_US", "en_GB", "de_DE", "fr_FR", "nl_NL", "es_ES", "pl_PL", "sv_SE", "it_IT")
LOCALE_WEIGHTS = (18, 14, 22, 8, 8, 8, 8, 6, 8)
MAIL_DOMAINS = (
    "gmail.com", "outlook.com", "proton.me", "posteo.de", "web.de", "icloud.com", "fastmail.com",
    "gmx.net", "hey.com", "yahoo.co.uk", "mailbox.org",
)  # fmt: skip
CITIES = (
    "Berlin", "Munich", "Hamburg", "Cologne", "Amsterdam", "Rotterdam", "London", "Manchester", "Lisbon",
    "Porto", "Warsaw", "Kraków", "Paris", "Lyon", "Barcelona", "Madrid", "Stockholm", "Milan", "Vienna",
    "Zurich", "Dublin", "Remote (EU)",
)  # fmt: skip
RECRUITERS = ("Jonas Weber", "Amara Okafor", "Lena Fischer")
SENIOR_SHARE = 0.35
SENIOR_PREFIXES = ("Senior", "Staff", "Head", "Director", "Lead")

# Tags by the field a person works in; GENERAL tags go on anyone.
TAGS = {
    "backend": ("Python", "Go", "Rust", "Java", "Kotlin", "PostgreSQL", "Kubernetes", "AWS", "GCP",
                "Distributed systems", "Kafka", "Open source"),
    "design": ("Figma", "Design systems", "UX research", "Prototyping", "Accessibility", "Illustration",
               "Motion design"),
    "data": ("SQL", "dbt", "Python", "Tableau", "Looker", "Statistics", "Machine learning",
             "Experimentation"),
    "sales": ("SaaS sales", "Enterprise", "German speaker", "Salesforce", "New business",
              "Account management"),
    "leadership": ("People management", "Hiring manager", "Ex-founder", "Org design", "Kubernetes"),
    "success": ("Customer success", "Onboarding", "German speaker", "Zendesk", "Account management"),
}  # fmt: skip
GENERAL_TAGS = (
    "Remote only",
    "Relocation OK",
    "Visa sponsorship",
    "Referral",
    "Conference contact",
    "Boomerang",
)
GENERAL_TAG_SHARE = 0.3
TITLES = {
    "backend": ("Backend Engineer", "Senior Software Engineer", "Staff Engineer", "Platform Engineer",
                "Site Reliability Engineer", "Software Engineer"),
    "design": ("Product Designer", "Senior UX Designer", "UI Designer", "Design Lead", "UX Researcher"),
    "data": ("Data Analyst", "Analytics Engineer", "Data Scientist", "BI Developer", "Senior Data Analyst"),
    "sales": ("Account Executive", "Senior Account Executive", "Sales Development Rep", "Key Account Manager"),
    "leadership": ("Engineering Manager", "Head of Engineering", "Team Lead", "Director of Engineering"),
    "success": ("Customer Success Manager", "Support Team Lead", "Onboarding Specialist",
                "Account Manager"),
}  # fmt: skip
# Fields whose people often have a GitHub profile, and the one whose people have a portfolio site.
GITHUB_DOMAINS = ("backend", "data")
PORTFOLIO_DOMAIN = "design"
APPLICANT_SOURCES = ("Careers page", "LinkedIn", "Referral", "Indeed", "Agency", "Sourced", "LinkedIn")
PROSPECT_SOURCES = ("LinkedIn sourcing", "GitHub", "Conference", "Referral", "Meetup", "Past applicant")

# -- what recruiters write ------------------------------------------------------------------------------
NOTES = (
    "Strong systems design; ask about on-call experience.",
    "Portfolio is excellent, case study on onboarding especially.",
    "Wants to start after the summer, notice period three months.",
    "Referred by a former colleague, very positive feedback.",
    "Salary expectation at the top of the band.",
    "Prefers hybrid, two days in the office at most.",
    "Great take-home: clear tests and a thoughtful README.",
    "Needs visa sponsorship; check with People Ops before the offer.",
)
TOUCH_BODIES = {
    ActivityKind.EMAIL: (
        "Intro e-mail about our {role} opening", "Shared the engineering blog post and asked for a chat",
        "Follow-up: still open to a conversation later this year?", "Sent the team's hiring plan for Q1",
    ),
    ActivityKind.CALL: (
        "Call: happy where they are, open again in six months", "Call: interested, wants remote flexibility",
        "Quick call after the meetup, asked about team size",
    ),
    ActivityKind.MEETING: (
        "Coffee chat at the office", "Met at the Berlin tech meetup", "Lunch with the hiring manager",
    ),
}  # fmt: skip
TOUCH_WEIGHTS = (6, 3, 1)  # e-mail, call, meeting
# How long ago a person was last contacted: (share of people up to here, fewest days, most days).
CONTACT_AGES = ((0.4, 0.2, 30), (0.65, 30, 90), (1.0, 91, 420))
UNCONTACTED_SHARE = 0.15  # of people in a contacted status, never reached after all
EXTRA_CONTACTED = 60  # people contacted although no pool status says so


# -- jobs -----------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class JobSpec:
    title: str
    department: str
    location: str
    status: JobStatus
    hiring_manager: str
    recruiter: str
    headcount: int
    opened_days_ago: int
    domain: str
    active: tuple[int, ...]  # active applicants per stage (the last, hired-kind stage excluded)
    hired: int
    rejected: int
    withdrawn: int
    stages: tuple[tuple[str, str], ...] = DEFAULT_STAGES
    paused_days_ago: int = 0  # on hold or closed since then: nothing moved after it
    handoff_pool: str | None = None  # prospects of this pool apply, handed over by a recruiter
    handoffs: int = 0


JOBS: tuple[JobSpec, ...] = (
    JobSpec("Senior Backend Engineer", "Engineering", "Berlin (hybrid)", JobStatus.OPEN, "Priya Raman",
            "Jonas Weber", 3, 70, "backend", (10, 7, 6, 2), 1, 12, 3,
            handoff_pool="Backend engineers – Europe", handoffs=6),
    JobSpec("Product Designer", "Design", "Remote (EU)", JobStatus.OPEN, "Sofia Lindqvist", "Amara Okafor",
            1, 55, "design", (8, 5, 4, 1), 1, 9, 2),
    JobSpec("Data Analyst", "Data", "Amsterdam", JobStatus.OPEN, "Tom Bakker", "Lena Fischer", 2, 45, "data",
            (7, 4, 4, 3, 1), 1, 8, 1,
            stages=(("Applied", StageKind.ACTIVE), ("Phone screen", StageKind.ACTIVE),
                    ("Take-home task", StageKind.ACTIVE), ("Onsite", StageKind.ACTIVE),
                    ("Offer", StageKind.OFFER), ("Hired", StageKind.HIRED)),
            handoff_pool="Data & analytics", handoffs=3),
    JobSpec("Account Executive, DACH", "Sales", "Munich", JobStatus.OPEN, "Markus Hoffmann", "Lena Fischer",
            3, 30, "sales", (6, 4, 3, 1), 1, 5, 1),
    JobSpec("Engineering Manager, Platform", "Engineering", "Berlin", JobStatus.ON_HOLD, "Priya Raman",
            "Jonas Weber", 1, 80, "leadership", (4, 3, 2, 1), 1, 6, 1, paused_days_ago=18),
    JobSpec("Customer Success Lead", "Customer Success", "London", JobStatus.FILLED, "Grace Adeyemi",
            "Amara Okafor", 1, 100, "success", (0, 0, 0, 0), 1, 14, 2, paused_days_ago=12),
    JobSpec("Staff Security Engineer", "Engineering", "Remote (EU)", JobStatus.DRAFT, "Priya Raman",
            "Jonas Weber", 1, 0, "backend", (0, 0, 0, 0), 0, 0, 0),
)  # fmt: skip
# At which stage rejections happen: mostly early (weights by stage index, 1 for any further stage).
REJECTED_AT_WEIGHTS = (8, 5, 3, 1, 1)
REJECTION_NOTE_SHARE = 0.25
# A closed job's rejections: this share say the position was filled.
POSITION_FILLED_SHARE = 0.5
POSITION_FILLED_PREFIX = "Position filled"
NOTE_ACTIVITY_SHARE = 0.3
APPLICANT_TAG_SHARE = 0.45
# Withdrawn applicants who liked us: this share is kept warm in their field's pool.
WARM_WITHDRAWN_SHARE = 0.5


# -- talent pools ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PoolSpec:
    name: str
    description: str
    owner: str
    domain: str
    prospects: int  # people only in the CRM, created for this pool
    # Prospects of other pools also added here: (their field, how many), tagged `drawn_tag`.
    drawn_from: tuple[tuple[str, int], ...] = ()
    drawn_tag: str | None = None
    drawn_statuses: tuple[PoolStatus, ...] = (PoolStatus.NEW, PoolStatus.CONTACTED)
    drawn_within_days: int = 120


POOLS: tuple[PoolSpec, ...] = (
    PoolSpec("Backend engineers – Europe", "Senior backend and platform people we would hire tomorrow.",
             "Jonas Weber", "backend", 110),
    PoolSpec("Product & design", "Designers and researchers met at events or via referrals.",
             "Amara Okafor", "design", 65),
    PoolSpec("Data & analytics", "Analysts, analytics engineers and data scientists.", "Lena Fischer",
             "data", 60),
    PoolSpec("Sales – DACH", "German-speaking account executives and SDRs.", "Lena Fischer", "sales", 40),
    # Some people sit in two pools: senior engineers and analysts on the leadership bench.
    PoolSpec("Leadership bench", "Future engineering managers and heads of.", "Jonas Weber", "leadership", 30,
             drawn_from=(("backend", 14), ("data", 6)), drawn_tag="People management"),
    PoolSpec("Silver medalists", "Finalists we could not hire last time: first call for the next opening.",
             "Amara Okafor", "backend", 0),
)  # fmt: skip
POOL_AGE_DAYS = (200, 400)
PROSPECT_AGE_DAYS = (1, 380)
PROSPECT_CONSENT_SHARE = 0.3
PROSPECT_TAGS = (1, 3)
APPLICANT_TAGS = (1, 2)
POOL_STATUS_WEIGHTS = (
    (PoolStatus.NEW, 34),
    (PoolStatus.CONTACTED, 30),
    (PoolStatus.ENGAGED, 20),
    (PoolStatus.NOT_INTERESTED, 12),
    (PoolStatus.CONVERTED, 4),
)
# Rejected finalists (this stage index or later) go to the silver medalists' pool with one of these.
SILVER_MEDALISTS = "Silver medalists"
SILVER_TAG = "Silver medalist"
SILVER_FROM_STAGE = 2
SILVER_STATUSES = (PoolStatus.NEW, PoolStatus.CONTACTED, PoolStatus.ENGAGED)

# -- possible duplicates --------------------------------------------------------------------------------

# People on file twice, as imports from two sources make them: the same phone under a personal address
# after a move, and a one-letter typo of a name at the same company (each a pair in "Possible duplicates").
TWINS_BY_PHONE = 2
TWINS_BY_TYPO = 2
TWIN_SOURCES = ("Past applicant", "Referral", "Conference")


# -- interviews, scorecards and offers (services/demo/hiring.py) ------------------------------------------

HIRING_SEED_OFFSET = 13  # the hiring step draws from its own generator: every row before it stays as it was
TEAM_DOMAIN = "example.com"  # the demo team's e-mail addresses: first.last@example.com
# Interviewers per field: on the hiring team of each job of that field, and on its panels.
INTERVIEWERS = {
    "backend": ("Mei Tanaka", "Lukas Brandt", "Ana Sousa"),
    "design": ("Chloé Martin", "Ravi Menon"),
    "data": ("Jan de Vries", "Ana Sousa"),
    "sales": ("Felix Wagner", "Clara Nowak"),
    "leadership": ("Mei Tanaka", "Lukas Brandt"),
    "success": ("Hannah Schulz",),
}
# The jobs the person running the demo interviews for (so the Today screen, `4`, has their day on it).
DEMO_USER_JOBS = ("Senior Backend Engineer", "Product Designer", "Data Analyst", "Account Executive, DACH")
# Rounds for stages no template plans (a job with its own stages starts with an empty plan).
EXTRA_ROUNDS = {
    "Data Analyst": (
        ("Phone screen", "Recruiter screen", 30, ("Communication", "Motivation"),
         ("What made you apply?", "Which tools do you reach for first?")),
        ("Take-home task", "Take-home review", 45, ("SQL", "Data storytelling"),
         ("Walk us through your approach to the messy column.",)),
        ("Onsite", "Case study", 90, ("Problem framing", "Statistics", "Stakeholder communication"),
         ("How would you measure the effect of the new onboarding?", "What would you not trust in this data?")),
        ("Onsite", "Meet the team", 45, ("Collaboration", "Culture add"), ()),
    ),
}  # fmt: skip
JOB_ZONES = {"Berlin": "Europe/Berlin", "Munich": "Europe/Berlin", "Amsterdam": "Europe/Amsterdam",
             "London": "Europe/London", "Remote": "Europe/Lisbon"}  # fmt: skip
LOCATIONS = ("Video call: https://meet.example.com/{slug}", "Office, room Spree", "Office, room Amstel",
             "Phone: the recruiter calls")  # fmt: skip
TAKEAWAYS = (
    "Clear thinker; structured the problem before jumping into details.",
    "Strong on fundamentals, a bit quiet when challenged. Would like a second opinion.",
    "Great questions about the team. Concerned about the notice period.",
    "Solid, not outstanding. Answers stayed at the surface on trade-offs.",
    "Excellent communicator, brought real examples from their last job.",
    "Struggled with the exercise but recovered well and stayed positive.",
    "Would raise the bar of the team. Move forward quickly.",
)
# Overall recommendations and attribute ratings drawn with these weights (strong no / no / yes / strong yes).
RECOMMENDATION_WEIGHTS = (1, 2, 5, 3)
RATING_WEIGHTS = (1, 2, 5, 3)
NO_DECISION_SHARE = 0.08
SCHEDULED_SHARE = 0.75  # applicants in an interview stage whose interview is still ahead
OTHER_UPCOMING = 4  # upcoming interviews beyond the demo user's slots (each write costs demo build time)
TODAY_HOURS = (10.0, 13.5, 16.0)  # local wall-clock hours of the demo user's interviews today
SALARIES = {"backend": (78_000, 95_000), "design": (62_000, 74_000), "data": (58_000, 70_000),
            "sales": (60_000, 72_000), "leadership": (95_000, 120_000), "success": (55_000, 65_000)}  # fmt: skip
OFFER_TERMS = "Bonus up to 10% of base; 30 days of holiday; a learning budget of EUR 1,500 a year."
# Offers (services/demo/offers.py): for the applicants at the offer stage of these jobs, in this order.
OFFERS = (
    ("Senior Backend Engineer", "accepted"),
    ("Senior Backend Engineer", "declined"),
    ("Data Analyst", "pending_approval"),  # approved by the hiring manager, waiting for the demo user
    ("Account Executive, DACH", "sent"),
)
DECLINE_REASON = "Accepted a counter-offer from their current employer."
# Handed-over prospects taken further (services/demo/journey.py), after the offers: how far one of each job's
# handoffs got, so the pool journey shows a handoff reaching the offer stage and one hired.
HANDOFF_JOURNEYS = (("Senior Backend Engineer", "offer"), ("Data Analyst", "hired"))
APPROVAL_COMMENTS = ("Within the band.", "Good level for the team.", "Approved; start date works for us.")

# -- nurture sequences (services/demo/nurture.py) -----------------------------------------------------------

NURTURE_SEED_OFFSET = 14  # its own generator, as the hiring step has: every row before it stays as it was


@dataclass(frozen=True)
class SequenceSpec:
    name: str
    description: str
    pool: str  # the pool its people come from
    # (channel, wait_days, subject, body) per step.
    steps: tuple[tuple[str, int, str | None, str | None], ...]
    business_days: bool
    # How many of the pool, and on which days before today they were enrolled (a batch each).
    people: int
    enrolled_days_ago: tuple[int, ...]


SEQUENCES: tuple[SequenceSpec, ...] = (
    SequenceSpec(
        "Backend warm-up",
        "Three touches over about two weeks for the backend pool: an e-mail, a LinkedIn note, a call.",
        "Backend engineers – Europe",
        (
            ("email", 0, "{{ first_name }}, platform work in Berlin?",
             "Hi {{ first_name }},\n\nI lead sourcing for our backend team. Your work as {{ title }} at "
             "{{ company }} caught my eye: we are growing the platform group this spring.\n\nWould a short "
             "call next week be of interest?\n\nBest,\n{{ sender_name }}"),
            ("linkedin", 3, None,
             "Hi {{ first_name }}, following up on my e-mail about the platform team. Happy to share the "
             "tech stack and how the team works. {{ sender_name }}"),
            ("call", 5, None, "Call {{ full_name }}: ask about their plans for the year; mention the "
             "platform roles."),
        ),
        business_days=True,
        people=26,
        enrolled_days_ago=(20, 13, 8, 4, 1, 0),
    ),
    SequenceSpec(
        "Finalists re-engagement",
        "Two e-mails for past finalists: first call for the next opening.",
        "Silver medalists",
        (
            ("email", 0, "{{ first_name }}, a new opening you may like",
             "Hi {{ first_name }},\n\nyou made it to our final round last time, and the team still speaks "
             "of it. A new role opens soon; may I tell you about it before we post it?\n\n"
             "{{ sender_name }}"),
            ("email", 7, "Re: a new opening you may like",
             "Hi {{ first_name }}, just checking this reached you. No pressure at all.\n\n{{ sender_name }}"),
        ),
        business_days=False,
        people=10,
        enrolled_days_ago=(15, 8, 2),
    ),
)  # fmt: skip
# How the demo's past days of the queue were worked: the share of due touches that went each way; a touch
# left is never picked up again (overdue today). Weekends were not worked. Each action is a store call
# (tens of ms): the counts above keep the demo quick to build.
TOUCH_OUTCOME_WEIGHTS = (("done", 70), ("replied", 9), ("opted_out", 4), ("skip", 5), ("left", 12))
QUEUE_HOUR = 9.5  # local wall-clock hour the demo user works the queue
