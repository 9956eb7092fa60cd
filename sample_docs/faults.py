"""The fault catalogue: what each faulty or hard-but-clean dossier changes.

Each fault also states the reason codes RULEBOOK.md then implies — exactly
those, nothing else.

A fault has two hooks: ``prepare`` runs before the form and the documents are
derived from the applicant (to change the applicant, the training or the
identity layout); ``apply`` runs after (to change what one document prints, or
what the applicant typed on the form). One fault per dossier.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from stdnum.fr import siret as stdnum_siret

from sample_docs.builders import (
    add_years,
    format_holder,
    identity_with_issue,
    subtract_months,
)
from sample_docs.families import SEEN, equivalent_family, family
from sample_docs.identifiers import (
    break_bank_account,
    break_siret,
    make_bank_account,
    make_france_travail_id,
)
from sample_docs.people import (
    FEMALE_NAMES,
    MALE_NAMES,
    OUTSIDE_CITIES,
    SUD_CITIES,
    Address,
    Person,
    TrainingOffer,
    fold_text,
    has_accent,
    make_address,
    make_email,
    make_other_last_name,
    next_monday,
)
from sample_docs.plans import (
    REQUIRED_PIECES,
    AddressProofFacts,
    BankFacts,
    DocPlan,
    IdentityFacts,
    JobseekerFacts,
    QuoteFacts,
)
from sample_docs.tamper import EDITORS

CAP_CENTS = 500_000


@dataclass
class FormData:
    """What the applicant typed on the online form."""

    last_name: str
    first_names: list[str]
    birth_date: date
    address: Address
    france_travail_id: str
    iban: str
    provider_name: str
    provider_siret: str
    title: str
    start_date: date
    end_date: date
    hours: int
    cost_cents: int
    requested_cents: int


@dataclass
class Draft:
    """A dossier being built."""

    application_id: str
    submitted_at: date
    person: Person
    training: TrainingOffer
    rng: random.Random
    form: FormData | None = None
    plans: list[DocPlan] = field(default_factory=list)
    fold_names: bool = False
    identity_layout: str | None = None
    requested_cents: int | None = None
    form_fault: str | None = None  # how application.json is broken (fault ``application_invalid``)
    split: str = SEEN  # which layout families the documents are drawn from (families.py)
    wave: int | None = None  # held-out draws only from this wave (None: every wave)
    layouts: dict[str, str] = field(default_factory=dict)  # piece -> layout chosen or forced in advance

    def plan(self, piece: str) -> DocPlan:
        """Return the (first) plan of ``piece``."""
        return next(p for p in self.plans if p.piece == piece)

    def facts_of(self, piece: str):  # type: ignore[no-untyped-def]
        """Return the facts of ``piece``."""
        return self.plan(piece).facts


Hook = Callable[[Draft], None]


def no_op(draft: Draft) -> None:
    """Nothing to change."""


@dataclass(frozen=True)
class Fault:
    """One kind of dossier, with the reason codes the rulebook implies."""

    name: str
    codes: frozenset[str]
    description: str
    prepare: Hook = no_op
    apply: Hook = no_op

    @property
    def clean(self) -> bool:
        """True for dossiers that must be accepted."""
        return not self.codes and self.name != "duplicate_document"


# --------------------------------------------------------------------------- hard but clean


def prepare_married_name(d: Draft) -> None:
    """Form and everyday documents in the married name, identity in the birth name."""
    spouse = make_other_last_name(d.rng, d.person)
    birth = d.person.last_name
    given = [n for n in d.person.given_names if n in FEMALE_NAMES] or d.rng.sample(FEMALE_NAMES, 2)
    d.person = replace(
        d.person,
        sex="F",
        usage_name=f"{birth}-{spouse}",
        given_names=given,
        nationality="FRA",
        email=make_email(d.rng, given[0], spouse),
    )
    d.identity_layout = d.rng.choice(("cni_2021", "cni_1988", "passport"))


def prepare_accents_lost(d: Draft) -> None:
    """Accented names on the form, documents printed without accents."""
    pool = FEMALE_NAMES if d.person.sex == "F" else MALE_NAMES
    accented = [n for n in pool if has_accent(n)]
    given = list(d.person.given_names)
    if not has_accent(given[0]):
        given[0] = d.rng.choice([n for n in accented if n not in given])
    d.person = replace(d.person, given_names=given, email=make_email(d.rng, given[0], d.person.last_name))
    d.fold_names = True


def prepare_expiring_today(d: Draft) -> None:
    """Make the identity document expire on the submission day (still valid)."""
    d.identity_layout = "passport" if d.person.nationality == "FRA" else "residence_permit"


def apply_expiring_today(d: Draft) -> None:
    """Re-issue the identity document so that it expires on ``submitted_at``."""
    facts: IdentityFacts = d.facts_of("identity")
    years = 10 if facts.layout == "passport" else 4
    issue = add_years(d.submitted_at + timedelta(days=1), -years)
    new = identity_with_issue(d.person, facts.layout, issue, d.rng)
    assert new.expiry_date == d.submitted_at
    new.fold_names = facts.fold_names
    d.plan("identity").facts = new


def apply_address_proof_3_months(d: Draft) -> None:
    """Date the proof of address exactly 3 months before submission."""
    facts: AddressProofFacts = d.facts_of("proof_of_address")
    facts.issue_date = subtract_months(d.submitted_at, 3)


def prepare_amount_at_cap(d: Draft) -> None:
    """Request exactly 5,000.00 for a training costing at least that."""
    d.training.cost_cents = d.rng.choice((CAP_CENTS, d.rng.randrange(CAP_CENTS, 720_000, 500)))
    d.training.enrolment_fees_cents = (
        0 if d.training.cost_cents == CAP_CENTS else d.training.enrolment_fees_cents
    )
    d.requested_cents = CAP_CENTS


# --------------------------------------------------------------------------- missing / unreadable


def apply_missing(d: Draft) -> None:
    """One required piece is not uploaded."""
    piece = d.rng.choice(REQUIRED_PIECES)
    d.plans = [p for p in d.plans if p.piece != piece]


def choose_bad_piece(d: Draft, *, pdf_only: bool) -> DocPlan:
    """Choose a required piece to replace with a bad file."""
    pieces = [p for p in REQUIRED_PIECES if not (pdf_only and p == "identity")]
    return d.plan(d.rng.choice(pieces))


def make_bad_applier(kind: str) -> Hook:
    """Make a hook that turns one required piece into a bad file of ``kind``."""

    def apply(d: Draft) -> None:
        plan = choose_bad_piece(d, pdf_only=kind == "truncated_pdf")
        plan.source = "bad_file"
        plan.bad_kind = kind

    apply.__doc__ = f"One required piece is a {kind} file (and so missing)."
    return apply


def apply_bad_reuploaded(d: Draft) -> None:
    """Upload one piece twice: once as a bad file, once correctly."""
    plan = choose_bad_piece(d, pdf_only=True)
    kind = d.rng.choice(("truncated_pdf", "text_as_jpg"))
    bad = DocPlan(plan.piece, plan.doc_type, plan.facts, source="bad_file", bad_kind=kind)
    d.plans.append(bad)


def apply_unreadable_photo(d: Draft) -> None:
    """Upload one piece as a far too blurred, dark phone photo, then correctly as well."""
    plan = d.plan(d.rng.choice(REQUIRED_PIECES[1:]))
    d.plans.append(DocPlan(plan.piece, "other", plan.facts, source="photo", notes={"unreadable": "1"}))


FORM_FAULTS = ("truncated_json", "french_date", "missing_amount")


def apply_application_invalid(d: Draft) -> None:
    """Break application.json: cut short, a date typed the French way, or a key left out."""
    d.form_fault = d.rng.choice(FORM_FAULTS)


def apply_field_not_found(d: Draft) -> None:
    """The training provider printed its quote without its SIRET."""
    d.facts_of("training_quote").siret = ""


# --------------------------------------------------------------------------- identity


def prepare_identity_expired(d: Draft) -> None:
    """Passport (or residence permit) expired before submission."""
    d.identity_layout = "passport" if d.person.nationality == "FRA" else "residence_permit"


def apply_identity_expired(d: Draft) -> None:
    """Re-issue the identity document so that it expired before ``submitted_at``."""
    facts: IdentityFacts = d.facts_of("identity")
    years = 10 if facts.layout == "passport" else 4
    expired_on = d.submitted_at - timedelta(days=d.rng.randint(1, 400))
    issue = add_years(expired_on + timedelta(days=1), -years)
    d.plan("identity").facts = identity_with_issue(d.person, facts.layout, issue, d.rng)


def apply_mrz_invalid(d: Draft) -> None:
    """One MRZ check digit is wrong."""
    facts: IdentityFacts = d.facts_of("identity")
    facts.mrz_fault = True


def apply_birth_date_mismatch(d: Draft) -> None:
    """Mistype the birth date on the form."""
    assert d.form is not None
    born = d.form.birth_date
    candidates = []
    if born.day <= 12 and born.day != born.month:
        candidates.append(date(born.year, born.day, min(born.month, 28)))
    candidates.append(
        born.replace(year=born.year + 1)
        if not (born.month == 2 and born.day == 29)
        else born.replace(year=born.year + 1, day=28)
    )
    candidates.append(born - timedelta(days=d.rng.randint(1, 9)))
    d.form.birth_date = d.rng.choice([c for c in candidates if c != born])


# --------------------------------------------------------------------------- names, address


def apply_name_mismatch(d: Draft) -> None:
    """Put the RIB or the bill in someone else's name (a partner, a landlord)."""
    other_last = make_other_last_name(d.rng, d.person)
    taken = {
        w
        for n in (d.person.name, d.person.last_name)
        for w in fold_text(n).replace("-", " ").replace("'", " ").split()
    }
    given = [n for n in MALE_NAMES + FEMALE_NAMES if not set(fold_text(n).replace("-", " ").split()) & taken]
    other = replace(
        d.person,
        last_name=other_last,
        usage_name=None,
        sex=d.rng.choice("FM"),
        given_names=[d.rng.choice(given)],
    )
    piece = d.rng.choice(("bank_details", "proof_of_address"))
    facts = d.facts_of(piece)
    assert isinstance(facts, (BankFacts, AddressProofFacts))
    facts.holder_name = format_holder(other, d.rng, styles=family(facts.layout).holder_styles)


def apply_address_too_old(d: Draft) -> None:
    """Date the proof of address more than 3 months before submission."""
    facts: AddressProofFacts = d.facts_of("proof_of_address")
    facts.issue_date = subtract_months(d.submitted_at, 3) - timedelta(days=d.rng.randint(1, 200))


def apply_address_mismatch(d: Draft) -> None:
    """Move the proof of address to another postal code in the region (an old address)."""
    facts: AddressProofFacts = d.facts_of("proof_of_address")
    others = [c for c in SUD_CITIES if c[1] != facts.postal_code]
    old = make_address(d.rng, tuple(others))
    facts.address_line = old.line1.upper() if facts.address_line.isupper() else old.line1
    facts.postal_code = old.postal_code
    facts.city = old.city.upper()


def prepare_outside_region(d: Draft) -> None:
    """Move the applicant outside the région Sud (form and documents agree)."""
    d.person = replace(d.person, address=make_address(d.rng, OUTSIDE_CITIES))


# --------------------------------------------------------------------------- bank


def prepare_iban_invalid(d: Draft) -> None:
    """Give the RIB (and the form, copied from it) an IBAN with a bad checksum."""
    d.person = replace(d.person, account=break_bank_account(d.person.account, d.rng))


def apply_iban_mismatch(d: Draft) -> None:
    """Print another account on the RIB than the one typed on the form."""
    facts: BankFacts = d.facts_of("bank_details")
    facts.account = make_bank_account(d.rng, facts.bank.code)


# --------------------------------------------------------------------------- job seeker


def apply_jobseeker_id_mismatch(d: Draft) -> None:
    """Print another France Travail id on the certificate than the form's."""
    facts: JobseekerFacts = d.facts_of("jobseeker_certificate")
    while True:
        other = make_france_travail_id(d.rng)
        if other != facts.france_travail_id:
            facts.france_travail_id = other
            return


def apply_certificate_too_old(d: Draft) -> None:
    """Issue the registration certificate more than 3 months before submission.

    A certificate issued before 2024 is a Pôle emploi one: ``pe_attestation``,
    or a Pôle emploi family of the batch's split when it has one.
    """
    facts: JobseekerFacts = d.facts_of("jobseeker_certificate")
    old_brand = False
    if d.submitted_at >= date(2024, 6, 1) and d.rng.random() < 0.4:
        issue = date(2023, d.rng.randint(2, 11), d.rng.randint(1, 28))  # an old Pôle emploi one
        old_brand = True
    else:
        issue = subtract_months(d.submitted_at, 3) - timedelta(days=d.rng.randint(5, 250))
        old_brand = issue < date(2024, 1, 1)
    if old_brand:
        facts.layout = equivalent_family("pe_attestation", d.split, d.rng, era="pole_emploi", wave=d.wave)
    facts.issue_date = issue
    facts.registration_date = issue - timedelta(days=d.rng.randint(20, 400))


def apply_tampered(d: Draft) -> None:
    """Re-save one digital document with an online PDF editor after issue."""
    plan = d.plan(d.rng.choice(("proof_of_address", "bank_details", "jobseeker_certificate")))
    plan.notes["tamper"] = d.rng.choice(EDITORS)


# --------------------------------------------------------------------------- training


def prepare_siret_invalid(d: Draft) -> None:
    """Break the provider's SIRET Luhn check (on the quote and on the form)."""
    provider = d.training.provider
    d.training.provider = replace(provider, siret=break_siret(provider.siret, d.rng))


def apply_siret_mismatch(d: Draft) -> None:
    """Type on the form the SIRET of another establishment of the same company."""
    assert d.form is not None
    siren = d.form.provider_siret[:9]
    for nic in range(20, 100):
        candidate = f"{siren}000{nic:02d}"
        if candidate != d.form.provider_siret and stdnum_siret.is_valid(candidate):
            d.form.provider_siret = candidate
            return
    raise AssertionError("no other valid NIC")


def prepare_training_started(d: Draft) -> None:
    """Start the training before the submission day (form and quote agree)."""
    t = d.training
    start = next_monday(d.submitted_at - timedelta(days=d.rng.randint(14, 45)))
    length = t.end_date - t.start_date
    t.start_date, t.end_date = start, start + length
    t.issue_date = start - timedelta(days=d.rng.randint(10, 40))


def apply_amount_mismatch(d: Draft) -> None:
    """Print another total on the quote than the cost typed on the form."""
    facts: QuoteFacts = d.facts_of("training_quote")
    delta = d.rng.choice((18000, 25000, 45000, -15000, -30000))
    facts.cost_cents = max(10000, facts.cost_cents + delta)
    if facts.training.enrolment_fees_cents >= facts.cost_cents:
        facts.training.enrolment_fees_cents = 0


def prepare_over_cap(d: Draft) -> None:
    """Request more than 5,000 (cost higher still) or more than the training cost."""
    if d.rng.random() < 0.5:
        d.training.cost_cents = d.rng.randrange(520_000, 760_000, 500)
        d.requested_cents = d.training.cost_cents
    else:
        d.training.cost_cents = min(d.training.cost_cents, 440_000)
        d.requested_cents = d.training.cost_cents + d.rng.randrange(10_000, 50_000, 1000)


FAULTS: dict[str, Fault] = {
    f.name: f
    for f in (
        Fault("clean", frozenset(), "A complete, consistent dossier."),
        Fault(
            "clean_married_name",
            frozenset(),
            "Married name on the form, birth name on the identity document.",
            prepare=prepare_married_name,
        ),
        Fault(
            "clean_accents_lost",
            frozenset(),
            "Documents print the names without accents.",
            prepare=prepare_accents_lost,
        ),
        Fault(
            "clean_id_expires_today",
            frozenset(),
            "Identity document expires on the submission day.",
            prepare=prepare_expiring_today,
            apply=apply_expiring_today,
        ),
        Fault(
            "clean_address_proof_3_months",
            frozenset(),
            "Proof of address dated exactly 3 months before submission.",
            apply=apply_address_proof_3_months,
        ),
        Fault(
            "clean_amount_at_cap",
            frozenset(),
            "Requested amount exactly 5,000.00 with a cost of at least that.",
            prepare=prepare_amount_at_cap,
        ),
        Fault(
            "missing_document",
            frozenset({"MISSING_DOCUMENT"}),
            "One required piece was not uploaded.",
            apply=apply_missing,
        ),
        Fault(
            "zero_byte_file",
            frozenset({"FILE_UNREADABLE", "MISSING_DOCUMENT"}),
            "A required piece is an empty file.",
            apply=make_bad_applier("zero_byte"),
        ),
        Fault(
            "truncated_pdf",
            frozenset({"FILE_UNREADABLE", "MISSING_DOCUMENT"}),
            "A required piece is a truncated PDF.",
            apply=make_bad_applier("truncated_pdf"),
        ),
        Fault(
            "text_as_jpg",
            frozenset({"FILE_UNREADABLE", "MISSING_DOCUMENT"}),
            "A required piece is a text file named .jpg.",
            apply=make_bad_applier("text_as_jpg"),
        ),
        Fault(
            "bad_file_reuploaded",
            frozenset({"FILE_UNREADABLE"}),
            "A bad file, but the same piece was also uploaded correctly.",
            apply=apply_bad_reuploaded,
        ),
        Fault(
            "identity_expired",
            frozenset({"IDENTITY_EXPIRED"}),
            "The identity document has expired.",
            prepare=prepare_identity_expired,
            apply=apply_identity_expired,
        ),
        Fault(
            "mrz_invalid",
            frozenset({"MRZ_INVALID"}),
            "One MRZ check digit is wrong.",
            apply=apply_mrz_invalid,
        ),
        Fault(
            "birth_date_mismatch",
            frozenset({"BIRTH_DATE_MISMATCH"}),
            "Birth date mistyped on the form.",
            apply=apply_birth_date_mismatch,
        ),
        Fault(
            "name_mismatch",
            frozenset({"NAME_MISMATCH"}),
            "RIB or bill in another person's name.",
            apply=apply_name_mismatch,
        ),
        Fault(
            "address_proof_too_old",
            frozenset({"ADDRESS_PROOF_TOO_OLD"}),
            "Proof of address older than 3 months.",
            apply=apply_address_too_old,
        ),
        Fault(
            "address_mismatch",
            frozenset({"ADDRESS_MISMATCH"}),
            "Proof of address at another postal code.",
            apply=apply_address_mismatch,
        ),
        Fault(
            "address_outside_region",
            frozenset({"ADDRESS_OUTSIDE_REGION"}),
            "Applicant lives outside the region.",
            prepare=prepare_outside_region,
        ),
        Fault(
            "iban_invalid",
            frozenset({"IBAN_INVALID"}),
            "IBAN with a bad checksum (RIB and form).",
            prepare=prepare_iban_invalid,
        ),
        Fault(
            "iban_mismatch",
            frozenset({"IBAN_MISMATCH"}),
            "RIB of another account than the form's.",
            apply=apply_iban_mismatch,
        ),
        Fault(
            "jobseeker_id_mismatch",
            frozenset({"JOBSEEKER_ID_MISMATCH"}),
            "France Travail id differs.",
            apply=apply_jobseeker_id_mismatch,
        ),
        Fault(
            "jobseeker_certificate_too_old",
            frozenset({"JOBSEEKER_CERTIFICATE_TOO_OLD"}),
            "Registration certificate older than 3 months.",
            apply=apply_certificate_too_old,
        ),
        Fault(
            "siret_invalid",
            frozenset({"SIRET_INVALID"}),
            "Provider SIRET fails Luhn (quote and form).",
            prepare=prepare_siret_invalid,
        ),
        Fault(
            "siret_mismatch",
            frozenset({"SIRET_MISMATCH"}),
            "Form SIRET is another establishment's.",
            apply=apply_siret_mismatch,
        ),
        Fault(
            "training_dates_invalid",
            frozenset({"TRAINING_DATES_INVALID"}),
            "Training started before submission.",
            prepare=prepare_training_started,
        ),
        Fault(
            "amount_mismatch",
            frozenset({"AMOUNT_MISMATCH"}),
            "Quote total differs from the form's cost.",
            apply=apply_amount_mismatch,
        ),
        Fault(
            "amount_over_cap",
            frozenset({"AMOUNT_OVER_CAP"}),
            "Requested amount above the cap or the cost.",
            prepare=prepare_over_cap,
        ),
        Fault(
            "suspected_tampering",
            frozenset({"SUSPECTED_TAMPERING"}),
            "A digital document re-saved by an online PDF editor after issue.",
            apply=apply_tampered,
        ),
        Fault(
            "unreadable_photo",
            frozenset({"UNREADABLE_DOCUMENT"}),
            "A piece photographed far too blurred and dark, then uploaded again correctly.",
            apply=apply_unreadable_photo,
        ),
        Fault(
            "application_invalid",
            frozenset({"APPLICATION_INVALID"}),
            "application.json cut short, with a French date, or without the requested amount.",
            apply=apply_application_invalid,
        ),
        Fault(
            "field_not_found",
            frozenset({"FIELD_NOT_FOUND"}),
            "The quote does not print the provider's SIRET.",
            apply=apply_field_not_found,
        ),
        Fault(
            "duplicate_document",
            frozenset({"DUPLICATE_DOCUMENT"}),
            "Two applications of the same person share a byte-identical RIB file.",
        ),
    )
}

# The order in which a batch visits the faults (about 40% clean dossiers). A
# batch of N takes the first N slots; duplicate_document fills two slots.
FAULT_CYCLE: tuple[str, ...] = (
    "clean",
    "missing_document",
    "clean_married_name",
    "zero_byte_file",
    "name_mismatch",
    "clean_accents_lost",
    "truncated_pdf",
    "iban_mismatch",
    "clean",
    "text_as_jpg",
    "mrz_invalid",
    "clean_id_expires_today",
    "address_proof_too_old",
    "birth_date_mismatch",
    "clean_address_proof_3_months",
    "siret_invalid",
    "amount_over_cap",
    "clean",
    "duplicate_document",
    "identity_expired",
    "clean_amount_at_cap",
    "address_mismatch",
    "iban_invalid",
    "clean",
    "jobseeker_id_mismatch",
    "training_dates_invalid",
    "clean_married_name",
    "address_outside_region",
    "siret_mismatch",
    "clean",
    "jobseeker_certificate_too_old",
    "amount_mismatch",
    "clean_accents_lost",
    "bad_file_reuploaded",
    "clean",
    "clean_id_expires_today",
    "suspected_tampering",
    "clean_address_proof_3_months",
    "unreadable_photo",
    "clean",
    "application_invalid",
    "clean_married_name",
    "field_not_found",
    "clean",
)


def plan_fault_schedule(count: int, cycle: Sequence[str] = FAULT_CYCLE) -> list[tuple[str, str]]:
    """(fault name, role) for each of ``count`` slots, visiting ``cycle`` in order.

    The role is ``source`` / ``copy`` for the two halves of a duplicate pair,
    ``single`` otherwise.
    """
    unknown = sorted(set(cycle) - set(FAULTS))
    if unknown or not cycle:
        raise ValueError(f"unknown faults: {', '.join(unknown)}" if unknown else "no fault to schedule")
    schedule: list[tuple[str, str]] = []
    position = 0
    while len(schedule) < count:
        name = cycle[position % len(cycle)]
        position += 1
        if name == "duplicate_document":
            if count - len(schedule) >= 2:
                schedule += [(name, "source"), (name, "copy")]
            continue
        schedule.append((name, "single"))
    return schedule
