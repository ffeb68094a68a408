"""Every diagnostic code the program reports: its severity, what it applies to and what it means."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Severity(enum.Enum):
    """How much a problem matters: errors fail `panel check`, warnings only with --strict."""

    ERROR = "error"
    WARNING = "warning"


class Where(enum.StrEnum):
    """The kind of file (or other thing) a diagnostic is about."""

    ANY_FILE = "any file"
    CONFIG = "panel.yml"
    REFERRAL = "referral"
    AGENDA = "agenda"
    MEETING = "meeting record"
    DECISION = "decision"
    ATTACHMENT = "attachment"
    TEMPLATE = "template"
    BRANCH = "branch"
    PACK = "pack"
    SITE = "site"
    CI = "CI file"
    SITE_CONFIG = "mkdocs.yml"
    NOTICES = "notices.yml"
    REGISTER = "interests.yml"


@dataclass(frozen=True)
class Code:
    """One diagnostic code: the severities it is reported with, where it applies, and a one-line meaning."""

    code: str
    severities: frozenset[Severity]
    where: tuple[Where, ...]
    meaning: str
    outputs_show: bool = False
    """An error about what the records say (a provisional decision): `panel check` fails, but the site and
    the registers are still built, and show it."""

    @property
    def severity_text(self) -> str:
        """`error`, `warning` or `error or warning`."""
        return " or ".join(s.value for s in Severity if s in self.severities)


_E = frozenset({Severity.ERROR})
_W = frozenset({Severity.WARNING})
_EW = frozenset({Severity.ERROR, Severity.WARNING})
_RECORDS = (Where.CONFIG, Where.REFERRAL, Where.AGENDA, Where.MEETING, Where.DECISION)
_FILE = (Where.ANY_FILE,)
_TEXT = (Where.REFERRAL, Where.AGENDA, Where.MEETING, Where.DECISION, Where.BRANCH, Where.ANY_FILE)

_ENTRIES: tuple[Code, ...] = (
    # Reading files: what any file in the repository may be.
    Code("file-symlink", _E, _FILE, "a symbolic link where a file or folder belongs; never followed"),
    Code("file-not-regular", _E, _FILE, "a named pipe, device or socket where a file or folder belongs"),
    Code("file-missing", _E, _FILE, "a file (or a folder on the way to it) that should be there does not exist"),
    Code("file-outside", _E, _FILE, "a path that leads outside the repository"),
    Code("file-unreadable", _E, _FILE, "the operating system refused to open or read the file"),
    Code("file-too-large", _E, _FILE, "the file is over the size allowed (1 MB for records)"),
    Code("empty-file", _E, _FILE, "the file is empty"),
    Code("encoding", _E, _FILE, "the file is not UTF-8 text"),
    Code("unexpected-file", _E, _FILE, "a file under submissions/ or meetings/ that nothing reads"),
    Code("unexpected-folder", _E, _FILE, "a folder under submissions/ or meetings/ that nothing reads"),
    Code("attachment-content", _E, (Where.ATTACHMENT,), "a document or paper whose content is not what its name says"),
    Code("attachment-encrypted", _E, (Where.ATTACHMENT,), "a referral's PDF that is encrypted"),
    Code("attachment-active-content", _E, (Where.ATTACHMENT,), "a PDF with scripts, automatic actions or files"),
    Code("attachment-too-large", _E, (Where.ATTACHMENT,), "a referral's document over the byte or pixel limit"),
    Code("attachment-too-many-pages", _E, (Where.ATTACHMENT,), "a referral's PDF over the page limit"),
    Code("attachment-type", _E, (Where.ATTACHMENT,), "a referral's document that is not PDF, PNG or JPEG"),
    Code("attachment-name", _E, (Where.ATTACHMENT,), "a file in submissions/<id>/ not named as a document"),
    Code("attachment-unlisted", _E, (Where.ATTACHMENT,), "a file in submissions/<id>/ the referral does not list"),
    Code("attachment-orphan", _E, (Where.ATTACHMENT,), "a folder submissions/<id>/ with no referral <id>.md"),
    Code("attachment-missing", _E, (Where.REFERRAL,), "a document listed under attachments: that is not there"),
    Code("attachment-duplicate", _E, (Where.REFERRAL,), "a document listed twice under attachments:"),
    Code("attachment-required", _E, (Where.REFERRAL,), "the type requires a document that is not attached"),
    Code("attachment-undated", _E, (Where.REFERRAL,), "a required document that must be recent has no dated:"),
    Code("attachment-stale", _E, (Where.REFERRAL,), "a required document dated too long before the meeting"),
    # Front matter and YAML.
    Code("front-matter-missing", _E, _RECORDS[1:], "the file does not start with front matter between '---' lines"),
    Code("front-matter-unterminated", _E, _RECORDS[1:], "the front matter never ends with a '---' line"),
    Code("front-matter-not-mapping", _E, _RECORDS[1:], "the front matter is not a set of 'field: value' lines"),
    Code("yaml-syntax", _E, _RECORDS, "the YAML cannot be parsed"),
    Code("yaml-tag", _E, _RECORDS, "a YAML tag such as !!python/object; tags are refused"),
    Code("yaml-alias", _E, _RECORDS, "a YAML anchor, alias or merge key; values must be written out"),
    Code("yaml-key", _E, _RECORDS, "a mapping key that is not plain text"),
    Code("yaml-duplicate-key", _E, _RECORDS, "the same key given twice in one mapping"),
    Code("yaml-too-large", _E, _RECORDS, "YAML nested too deep, or with too many values or too long a value"),
    Code("text-long-run", _E, _RECORDS, "a run of one character longer than allowed"),
    Code("text-too-deep", _E, _RECORDS, "lists or quotes nested deeper than allowed"),
    Code("text-too-many-symbols", _E, _RECORDS, "more of the characters & < > [ in one file than allowed"),
    # Fields against the schema.
    Code("field-type", _E, _RECORDS, "a value of the wrong type (text, number, list...)"),
    Code("field-missing", _E, _RECORDS, "a required field is missing"),
    Code("field-unknown", _E, _RECORDS, "a field the schema does not have"),
    Code("field-value", _E, _RECORDS, "a value that is not one of those allowed"),
    Code("field-format", _E, _RECORDS, "a value not in the expected form (pattern)"),
    Code("field-range", _E, _RECORDS, "a number outside its allowed range"),
    Code("field-empty", _E, _RECORDS, "a text or list that must not be empty is empty"),
    Code("field-choice", _E, _RECORDS, "a value that matches none of the allowed shapes"),
    Code("field-invalid", _E, _RECORDS, "any other schema violation"),
    Code("date-invalid", _E, _RECORDS, "a date or time that does not exist (2026-02-30)"),
    Code("date-range", _E, _RECORDS, "a date outside the years the panel could mean"),
    Code("money-pence", _E, _RECORDS, "an amount of money with more than two decimal places"),
    # panel.yml.
    Code("config-missing", _E, (Where.CONFIG,), "no panel.yml, or a setting another one needs is missing"),
    Code("config-not-mapping", _E, (Where.CONFIG,), "panel.yml is not a set of sections"),
    Code("config-duplicate-id", _E, (Where.CONFIG,), "two entries with the same id, name, email or login"),
    Code("config-unknown-id", _E, (Where.CONFIG,), "a reference to a role, person, type or other id not defined"),
    Code("config-unknown-field", _E, (Where.CONFIG,), "a referral type requires a field no referral can have"),
    Code("config-condition", _E, (Where.CONFIG,), "a condition names a field no referral has, or compares it wrongly"),
    Code("config-unknown-setting", _E, (Where.CONFIG,), "assumed: names a setting that is not in the file"),
    Code("config-inconsistent", _E, (Where.CONFIG,), "settings that contradict each other"),
    Code("cms-placeholder", _W, (Where.CONFIG,), "the browser editor's forge is still a starter's placeholder"),
    # Referrals.
    Code("id-filename", _E, (Where.REFERRAL,), "the referral's id is not its file name"),
    Code("wrong-type", _E, (Where.REFERRAL,), "panel.yml's routing puts a case like this one in another type"),
    Code("no-area", _E, (Where.REFERRAL,), "a referral names no area and no area of panel.yml's areas takes it"),
    Code("not-eligible", _E, (Where.REFERRAL,), "the referral does not meet its type's eligibility (panel.yml)"),
    Code("required-when", _E, (Where.REFERRAL,), "a field or section panel.yml's form_rules require in this case"),
    Code(
        "due-missed", _EW, (Where.REFERRAL,), "the meeting is after the date panel.yml's due_rules count from the case"
    ),
    Code(
        "open-referral", _E, (Where.REFERRAL,), "another open referral for the same child (panel.yml one_open_referral)"
    ),
    Code("id-duplicate", _E, (Where.REFERRAL,), "two referrals with the same id"),
    Code("id-taken", _E, (Where.REFERRAL,), "the target branch also added this id since the branch started"),
    Code("cost-total", _E, (Where.REFERRAL,), "total is not weekly × weeks (+ one-off)"),
    Code("cost-lines", _E, (Where.REFERRAL,), "the cost lines do not add up to the weekly or one-off amount"),
    Code("cost-not-asked", _E, (Where.REFERRAL,), "costs given for a referral type that asks for no money (no_cost)"),
    Code("allowance-over-rate", _E, (Where.REFERRAL,), "an allowance above its configured rate without an explanation"),
    Code("finance-snapshot", _E, _FILE, "an expenditure snapshot under finance/ that is unreadable or was changed"),
    Code("allowance-rate-missing", _E, (Where.REFERRAL,), "an allowance line that names no rate from allowance_rates"),
    Code("cost-weeks", _E, (Where.REFERRAL,), "more than 52 weeks requested"),
    Code("max-weeks", _E, (Where.REFERRAL,), "more weeks than the referral type's max_weeks"),
    Code("funding-split", _E, (Where.REFERRAL, Where.DECISION), "funding shares do not add up to 100%"),
    Code("dob-and-edd", _E, (Where.REFERRAL,), "a child with both a date of birth and an expected delivery date"),
    Code("dob-missing", _E, (Where.REFERRAL,), "a child with neither a date of birth nor an expected delivery date"),
    Code("dob-future", _E, (Where.REFERRAL,), "a date of birth in the future"),
    Code("dob-implausible", _E, (Where.REFERRAL,), "a date of birth that makes the child older than 25"),
    Code("edd-passed", _W, (Where.REFERRAL,), "an expected delivery date that has passed"),
    Code("age-limit", _E, (Where.REFERRAL,), "the child is past the type's requested_before_birthday at the meeting"),
    Code("date-future", _E, (Where.REFERRAL,), "a submitted date in the future"),
    Code("date-order", _E, (Where.REFERRAL, Where.DECISION), "dates in the wrong order"),
    Code(
        "meeting-unknown",
        _EW,
        (Where.REFERRAL, Where.DECISION),
        "a day the panel does not meet: a referral's meeting (error), a deferral or return date (warning)",
    ),
    Code("below-threshold", _W, (Where.REFERRAL,), "a cost not over the panel-required threshold"),
    Code("escalate", _W, (Where.REFERRAL,), "a cost over an escalate threshold: someone else decides"),
    Code("retrospective-not-allowed", _E, (Where.REFERRAL,), "a retrospective referral of a type that allows none"),
    Code("retrospective-window", _E, (Where.REFERRAL,), "a retrospective referral outside its type's window"),
    Code("explanation-missing", _E, (Where.REFERRAL,), "a 'no' answer with no explanation"),
    Code("assessment-missing", _E, (Where.REFERRAL,), "a referral type that needs an assessment has none"),
    Code("assessment-stale", _E, (Where.REFERRAL,), "the assessment is older than the type allows"),
    Code(
        "partner-share-unused", _W, (Where.DECISION,), "partner_share_pending on a decision giving no partner a share"
    ),
    Code("genogram-missing", _E, (Where.REFERRAL,), "the type needs the genogram on file, and this is no emergency"),
    Code("joint-funding", _W, (Where.REFERRAL,), "jointly funded: it goes to another body as well as panel"),
    Code("section-missing", _E, (Where.REFERRAL,), "a required section heading is missing"),
    Code("section-empty", _E, (Where.REFERRAL,), "a required section has no text"),
    Code("raw-html", _E, (Where.REFERRAL,), "raw HTML in the body"),
    # Agendas.
    Code("agenda-meeting", _E, (Where.AGENDA,), "the agenda's meeting is not its folder's date"),
    Code("agenda-referral", _E, (Where.AGENDA,), "an item names a referral that does not exist"),
    Code("agenda-review-of", _E, (Where.AGENDA,), "an item reviews a decision that does not exist"),
    Code("agenda-type", _E, (Where.AGENDA,), "an item's type is not a referral type in panel.yml"),
    Code("agenda-case", _E, (Where.AGENDA,), "an item names a case id no referral has"),
    Code("agenda-missing", _E, (Where.AGENDA, Where.PACK), "no agenda for the meeting (run panel agenda)"),
    # Meeting records and decisions.
    Code(
        "meeting-folder",
        _E,
        (Where.MEETING, Where.DECISION),
        "a folder under meetings/ not named by a meeting (its date; with areas, date-area)",
    ),
    Code("meeting-date", _E, (Where.MEETING, Where.DECISION), "the record's meeting is not its folder's date"),
    Code("meeting-record-missing", _W, (Where.DECISION,), "a decision with no meeting record for its meeting"),
    Code(
        "inquorate",
        _E,
        (Where.DECISION,),
        "an item decided without a quorum (members or roles present without an interest): provisional until "
        "confirmed; the site and registers still build and show it as provisional",
        outputs_show=True,
    ),
    Code(
        "in-principle",
        _W,
        (Where.DECISION,),
        "an item decided in principle without a role marked in_principle: final once a holder approves it",
    ),
    Code("confirms-unknown", _E, (Where.DECISION,), "a decision confirms no provisional decision on its referral"),
    Code(
        "interest-party", _E, (Where.REGISTER,), "an interest that names both or neither an organisation and a person"
    ),
    Code(
        "interest-undeclared",
        _E,
        (Where.MEETING,),
        "the register of interests names a party an item names, and the member present did not declare it",
    ),
    Code("declaration-absent", _E, (Where.MEETING,), "a declaration of interest by someone not present"),
    Code(
        "substitute-present",
        _E,
        (Where.MEETING,),
        "a substitute for a member who is present too, or someone listed as a substitute and as present",
    ),
    Code("declaration-item", _W, (Where.MEETING,), "a declaration on an item this meeting did not decide"),
    Code(
        "conflict-of-interest",
        _E,
        (Where.DECISION,),
        "someone who declared an interest decides, minutes or owns an action",
    ),
    Code("outside-route", _E, (Where.DECISION,), "a decision outside a meeting that its route does not allow"),
    Code("ratification", _E, (Where.DECISION,), "a ratification naming no earlier decision made outside a meeting"),
    Code(
        "ratification-overdue",
        _W,
        (Where.DECISION,),
        "a decision made outside a meeting, past the time it stands, not yet ratified",
    ),
    Code(
        "decision-maker-unneeded",
        _E,
        (Where.DECISION,),
        "a decision maker's decision where the panel decides, or with no panel recommendation to decide",
    ),
    Code(
        "decision-maker-role",
        _E,
        (Where.DECISION,),
        "a decision maker's decision made as a role the recommendation did not go to, or by someone without it",
    ),
    Code("decision-filename", _E, (Where.DECISION,), "the decision's referral is not its file name"),
    Code("decision-referral-unknown", _E, (Where.DECISION,), "a decision on a referral that does not exist"),
    Code("decision-early", _W, (Where.DECISION,), "a decision before the meeting the referral asked for"),
    Code("outcome-requires", _E, (Where.DECISION,), "a field the outcome requires is missing"),
    Code("over-request", _E, (Where.DECISION,), "approved more than was requested, with no reason given"),
    Code("chair-satisfied-unused", _E, (Where.DECISION,), "chair_satisfied on a type not reviewed until satisfied"),
    Code("review-overdue", _W, (Where.DECISION,), "a case due back at panel that has not returned"),
    Code(
        "follow-up-overdue",
        _W,
        (Where.DECISION,),
        "a follow-up step of the decision's outcome (panel.yml outcomes[].follow_up) past its due date, not done",
    ),
    Code(
        "follow-up-unknown",
        _E,
        (Where.DECISION,),
        "a decision records done a follow-up step its outcome does not have, or one step twice",
    ),
    Code("review-missing", _E, (Where.DECISION,), "an approval stating no review where its rule says it must"),
    Code("not-heard", _W, (Where.REFERRAL,), "a referral whose meeting has passed with no decision recorded"),
    Code(
        "due-overdue",
        _W,
        (Where.REFERRAL,),
        "a deadline counted from an event (calendar.due_after) that is overdue, or that the meeting asked for misses",
    ),
    Code("cancellation-unagreed", _E, (Where.CONFIG,), "a meeting cancelled without the chair's approval on the merge"),
    Code("booking-closed", _W, (Where.MEETING,), "a meeting booked per case on a weekend, bank holiday or closure day"),
    Code(
        "reconsideration-decision",
        _E,
        (Where.DECISION,),
        "a reconsideration request not beside the decision it questions",
    ),
    Code("forum-route", _E, (Where.DECISION,), "a panel decision on a case a multi-agency forum must answer first"),
    Code("forum-decides", _E, (Where.DECISION,), "a decision referring a case to a forum that also approves"),
    Code("forum-answer", _E, (Where.DECISION,), "a forum answer misplaced, or by someone without its role"),
    Code("linked-panel-missing", _W, (Where.CONFIG,), "a linked panel's folder (linked_panels[].path) is not there"),
    Code(
        "linked-panel", _E, (Where.CONFIG,), "a linked panel whose panel.yml is unreadable, or lacks a refers_to type"
    ),
    Code("referred-from", _E, (Where.REFERRAL,), "a referral's referred_from names a panel not in linked_panels"),
    Code("notice-log", _E, (Where.NOTICES,), "a notices.yml entry that is no real time or names another meeting"),
    Code("case-record-early", _E, (Where.DECISION,), "case_record.entered is before the meeting that decided"),
    # Approvals.
    Code("approval-in-branch", _E, (Where.BRANCH,), "a merge request's own commit carries an approval line"),
    # Identifiers outside the fields meant for them (warnings; errors with panel.identifier_scan: error).
    Code("identifier-nhs-number", _EW, _TEXT, "an NHS number (valid check digit) in free text"),
    Code("identifier-ni-number", _EW, _TEXT, "a National Insurance number in free text"),
    Code("identifier-phone", _EW, _TEXT, "a UK phone number in free text"),
    Code("identifier-email", _EW, _TEXT, "an email address that is not a panel member's in free text"),
    Code("identifier-postcode", _EW, _TEXT, "a full postcode in free text"),
    Code(
        "identifier-child-name",
        _EW,
        (Where.BRANCH, Where.ANY_FILE),
        "a child's full name in a commit message, branch or file name",
    ),
    # Packs, templates and the site.
    Code("output-tracked", _E, _FILE, "a pack, Word file or site file (a build output) is tracked in git"),
    Code(
        "ci-artifacts-kept", _E, (Where.CI,), "CI keeps artefacts longer than retention.ci_artifacts_days, or for ever"
    ),
    Code("agenda-item-fails-check", _E, (Where.PACK,), "an agenda item whose referral now fails panel check"),
    Code("agenda-item-not-signed-off", _E, (Where.PACK,), "an agenda item whose sign-off no longer holds"),
    Code("chair-accepted-by", _E, (Where.PACK,), "chair_accepted.by names someone who may not chair"),
    Code("previous-minutes", _E, (Where.PACK,), "the previous meeting's record, printed in the pack, cannot be read"),
    Code("referral-missing", _E, (Where.PACK,), "the agenda lists a referral whose file is gone"),
    Code("referral-unreadable", _E, (Where.PACK,), "a referral on the agenda cannot be laid out"),
    Code("review-decision-missing", _E, (Where.PACK,), "an item reviews a decision that is missing or unreadable"),
    Code("template", _E, (Where.TEMPLATE,), "a template failed or tried something the sandbox forbids"),
    Code("template-ignored", _W, (Where.TEMPLATE,), "a panel template that is present but never used (Lua filter)"),
    Code("pack-file", _E, (Where.SITE,), "a pack changed while the site was being built"),
    Code(
        "site-setting-refused",
        _E,
        (Where.SITE_CONFIG,),
        "a setting that would weaken the site's protections (web fonts, CDN, scripts, the marking)",
    ),
    Code("site-setting-unknown", _E, (Where.SITE_CONFIG,), "a setting the site's mkdocs.yml may not hold"),
    Code("site-setting-value", _E, (Where.SITE_CONFIG,), "a site setting with a value the theme does not have"),
)

CATALOGUE: dict[str, Code] = {entry.code: entry for entry in _ENTRIES}


def markdown_table() -> str:
    """The README's table of codes: code, severity, what it applies to, meaning."""
    lines = ["| code | severity | applies to | meaning |", "|---|---|---|---|"]
    for entry in _ENTRIES:
        where = ", ".join(w.value for w in entry.where)
        lines.append(f"| `{entry.code}` | {entry.severity_text} | {where} | {entry.meaning} |")
    return "\n".join(lines) + "\n"
