"""Errors the store raises. Each carries one sentence a user can read; the CLI and screens show it as is."""


class PipelineError(Exception):
    """Base for every error the store reports to a user."""


class NotFound(PipelineError):
    pass


class RuleViolation(PipelineError):
    """A business rule refused the change (e.g. moving a rejected applicant without reopening)."""


class StaleVersion(PipelineError):
    """Someone else changed the record since it was read; nothing was written."""

    def __init__(self, message: str, current_version: int | None = None) -> None:
        super().__init__(message)
        self.current_version = current_version


class DuplicateCandidate(PipelineError):
    """A candidate with the same normalised e-mail exists; `existing_id` says who."""

    def __init__(self, email: str, existing_id: int, existing_name: str) -> None:
        super().__init__(f"{email} already belongs to {existing_name} (candidate #{existing_id})")
        self.email = email
        self.existing_id = existing_id
        self.existing_name = existing_name


class AlreadyApplied(PipelineError):
    def __init__(self, candidate_id: int, job_id: int, application_id: int, message: str) -> None:
        super().__init__(message)
        self.candidate_id = candidate_id
        self.job_id = job_id
        self.application_id = application_id


class InvalidInput(PipelineError):
    """Bad user input, such as a malformed e-mail or an empty name."""


class DatabaseUnavailable(PipelineError):
    """The database URL cannot be opened: unknown scheme, unreachable server, not a database file."""


class SchemaTooNew(PipelineError):
    """The database was written by a newer pipeline-tui; refusing it protects the data."""


class DatabaseBusy(PipelineError):
    """Another user (or window) held the database's write lock for too long; nothing was saved."""


class PersonErased(RuleViolation):
    """The person was erased (privacy): nothing may bring their data or their applications back."""

    def __init__(self, candidate_id: int) -> None:
        super().__init__(
            f"Erased person #{candidate_id} was erased for privacy: their record and applications cannot be "
            "changed or reopened"
        )
        self.candidate_id = candidate_id


class ActiveApplicants(RuleViolation):
    """Closing or filling a job that still has people in its pipeline: the caller chooses keep or reject."""

    def __init__(self, title: str, status: str, count: int) -> None:
        people = "1 active applicant" if count == 1 else f"{count} active applicants"
        super().__init__(
            f"‘{title}’ has {people}: choose to keep them, or to reject them all with a reason, "
            f"before it is {status.replace('_', ' ')}"
        )
        self.title = title
        self.status = status
        self.count = count


class JobNotOpen(RuleViolation):
    """Only open jobs take new applicants (form, import, handoff)."""

    def __init__(self, title: str, status: str) -> None:
        super().__init__(f"\u2018{title}\u2019 is {status.replace('_', ' ')}: it takes no new applicants")
        self.title = title
        self.status = status


class StageHoldsApplications(RuleViolation):
    """Removing a stage that still holds applications (any status): the caller picks where they go."""

    def __init__(self, stage: str, count: int) -> None:
        super().__init__(
            f"stage \u2018{stage}\u2019 holds {count} application(s): choose a stage to move them to"
        )
        self.stage = stage
        self.count = count


class MailNotSent(PipelineError):
    """An e-mail step could not be sent (no server configured, refused, unreachable): the touch stays due."""
