"""Build each document's facts from the applicant and the training.

The facts are what the real issuers would print on a clean document; faults
edit them afterwards.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from sample_docs.identifiers import DIGITS, LETTERS, make_tax_reference
from sample_docs.layouts.address import choose_issuer
from sample_docs.layouts.bank import BANK_LAYOUTS
from sample_docs.layouts.jobseeker import JOBSEEKER_LAYOUTS
from sample_docs.layouts.optional import OTHER_LAYOUTS
from sample_docs.layouts.quote import QUOTE_LAYOUTS
from sample_docs.people import Person, TrainingOffer, fold_text
from sample_docs.plans import (
    AddressProofFacts,
    BankFacts,
    CvFacts,
    IdentityFacts,
    JobseekerFacts,
    OtherFacts,
    QuoteFacts,
    TaxFacts,
)

PREFECTURES = {
    "04": "Préfecture des Alpes-de-Haute-Provence",
    "05": "Préfecture des Hautes-Alpes",
    "06": "Préfecture des Alpes-Maritimes",
    "13": "Préfecture des Bouches-du-Rhône",
    "83": "Préfecture du Var",
    "84": "Préfecture de Vaucluse",
    "75": "Préfecture de police de Paris",
    "69": "Préfecture du Rhône",
    "30": "Préfecture du Gard",
    "34": "Préfecture de l'Hérault",
    "38": "Préfecture de l'Isère",
}
IDENTITY_VALIDITY_YEARS = {"cni_2021": 10, "cni_1988": 15, "passport": 10, "residence_permit": 4}


def add_years(day: date, years: int) -> date:
    """``day`` plus ``years`` (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def subtract_months(day: date, months: int) -> date:
    """``day`` minus ``months`` calendar months, clamped to the month's end."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def random_day(rng: random.Random, first: date, last: date) -> date:
    """Pick a day in [first, last]."""
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def choose_identity_layout(person: Person, rng: random.Random) -> str:
    """Residence permit for foreign nationals; otherwise a French card or passport."""
    if person.nationality != "FRA":
        return "residence_permit"
    return rng.choices(("cni_2021", "cni_1988", "passport"), weights=(5, 2.5, 2.5), k=1)[0]


def make_document_number(layout: str, issue: date, department: str, rng: random.Random) -> tuple[str, str]:
    """(document number, MRZ office code) in the layout's format."""
    if layout == "cni_2021":
        chars = DIGITS + LETTERS
        return "".join(rng.choice(chars) for _ in range(9)), ""
    if layout == "cni_1988":
        office = f"{rng.randint(0, 9)}"
        number = f"{issue:%y%m}{department[:2]}{office}{rng.randint(0, 99999):05d}"
        return number, f"{department[:2]}0{rng.randint(1, 999):03d}"
    if layout == "passport":
        return f"{issue:%y}{rng.choice(LETTERS)}{rng.choice(LETTERS)}{rng.randint(0, 99999):05d}", ""
    return f"{rng.choice(LETTERS)}{rng.choice(LETTERS)}{rng.randint(0, 9999999):07d}", ""


def issue_window(layout: str, submitted_at: date) -> tuple[date, date]:
    """Return the issue dates that keep a clean document valid on ``submitted_at``."""
    latest = submitted_at - timedelta(days=30)
    if layout == "cni_2021":
        return date(2021, 9, 1), latest
    if layout == "cni_1988":
        return date(2014, 1, 2), min(date(2021, 7, 30), latest)
    if layout == "passport":
        return add_years(submitted_at, -9), latest
    return add_years(submitted_at, -3), latest - timedelta(days=30)


def make_identity_facts(
    person: Person, submitted_at: date, rng: random.Random, layout: str | None = None
) -> IdentityFacts:
    """Make a valid identity document of the person (birth name)."""
    layout = layout or choose_identity_layout(person, rng)
    first, last = issue_window(layout, submitted_at)
    issue = random_day(rng, first, last)
    return identity_with_issue(person, layout, issue, rng)


def identity_with_issue(person: Person, layout: str, issue: date, rng: random.Random) -> IdentityFacts:
    """Make an identity document issued on ``issue`` (expiry from the layout's validity)."""
    expiry = add_years(issue, IDENTITY_VALIDITY_YEARS[layout]) - timedelta(days=1)
    department = person.address.department
    number, office = make_document_number(layout, issue, department, rng)
    return IdentityFacts(
        layout=layout,
        last_name=person.last_name,
        given_names=list(person.given_names),
        sex=person.sex,
        birth_date=person.birth_date,
        birth_place=person.birth_place,
        nationality=person.nationality,
        document_number=number,
        issue_date=issue,
        expiry_date=expiry,
        authority=PREFECTURES.get(department, "Préfecture des Bouches-du-Rhône"),
        address=person.address,
        office_code=office,
    )


def format_holder(
    person: Person, rng: random.Random, *, fold: bool = False, last_name: str | None = None
) -> str:
    """Write the account or contract holder as a bill or RIB prints it."""
    last = (last_name or person.name).upper()
    given = person.given_names[0]
    style = rng.randrange(4)
    if style == 0:
        text = f"{person.civility_short} {last} {given}"
    elif style == 1:
        text = f"{person.civility} {given} {last}"
    elif style == 2:
        text = f"{person.civility_short.upper()} {last} {fold_text(given)}"
    else:
        text = f"{last} {given}"
    return fold_text(text) if fold else text


def make_address_proof_facts(
    person: Person, submitted_at: date, rng: random.Random, *, fold: bool = False
) -> AddressProofFacts:
    """Make a recent bill, rent receipt or insurance certificate at the person's address."""
    issuer = choose_issuer(rng, person.address.department)
    upper = rng.random() < 0.6
    line = fold_text(person.address.line1) if upper else person.address.line1
    return AddressProofFacts(
        layout=issuer.layout,
        holder_name=format_holder(person, rng, fold=fold),
        address_line=line,
        postal_code=person.address.postal_code,
        city=person.address.city.upper() if not fold else fold_text(person.address.city),
        issue_date=submitted_at - timedelta(days=rng.randint(3, 80)),
    )


def make_bank_facts(
    person: Person, submitted_at: date, rng: random.Random, *, fold: bool = False
) -> BankFacts:
    """Make the person's RIB."""
    return BankFacts(
        layout=rng.choice(BANK_LAYOUTS),
        holder_name=format_holder(person, rng, fold=fold),
        holder_address=person.address,
        bank=person.bank,
        account=person.account,
        edited_on=submitted_at - timedelta(days=rng.randint(1, 60)),
    )


def make_jobseeker_facts(
    person: Person, submitted_at: date, rng: random.Random, *, fold: bool = False
) -> JobseekerFacts:
    """Make a recent France Travail registration certificate."""
    last = person.name.upper()
    given = list(person.given_names)
    if fold:
        last, given = fold_text(last), [fold_text(g) for g in given]
    issue = submitted_at - timedelta(days=rng.randint(1, 60))
    return JobseekerFacts(
        layout=rng.choice(JOBSEEKER_LAYOUTS),
        civility=person.civility,
        last_name=last,
        given_names=given,
        france_travail_id=person.france_travail_id,
        registration_date=issue - timedelta(days=rng.randint(20, 700)),
        issue_date=issue,
        address=person.address,
        agency_city=person.address.city,
    )


def make_quote_facts(person: Person, training: TrainingOffer, rng: random.Random) -> QuoteFacts:
    """Make the provider's quote for the training."""
    learner = f"{person.civility} {person.given_names[0]} {person.name.upper()}"
    return QuoteFacts(
        rng.choice(QUOTE_LAYOUTS), training, learner, training.cost_cents, training.provider.siret
    )


def make_tax_facts(person: Person, submitted_at: date, rng: random.Random) -> TaxFacts:
    """Last summer's income tax notice."""
    tax_year = submitted_at.year - 1 if submitted_at.month >= 8 else submitted_at.year - 2
    return TaxFacts(
        layout="avis_impot",
        last_name=person.name.upper(),
        given_names=list(person.given_names),
        address=person.address,
        fiscal_number=person.fiscal_number,
        tax_reference=make_tax_reference(rng, tax_year + 1, person.address.department),
        reference_income=rng.randrange(6000, 32000, 1),
        tax_year=tax_year,
        issue_date=date(tax_year + 1, 7, 31),
    )


def make_cv_facts(person: Person, training: TrainingOffer, submitted_at: date, rng: random.Random) -> CvFacts:
    """Make the applicant's CV."""
    return CvFacts("cv", person, training.title, submitted_at - timedelta(days=rng.randint(2, 90)))


def make_other_facts(person: Person, submitted_at: date, rng: random.Random) -> OtherFacts:
    """Make an unrelated letter."""
    return OtherFacts(rng.choice(OTHER_LAYOUTS), person, submitted_at - timedelta(days=rng.randint(1, 120)))
