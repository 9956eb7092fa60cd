"""Build each document's facts from the applicant and the training.

The facts are what the real issuers would print on a clean document; faults
edit them afterwards.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from sample_docs.families import CLASSIC_HOLDER_STYLES, SEEN, choose_family, era_of, family
from sample_docs.identifiers import DIGITS, LETTERS, make_bank_account, make_tax_reference
from sample_docs.people import (
    FEMALE_NAMES,
    LAST_NAMES,
    MALE_NAMES,
    OTHER_LAST_NAMES,
    Person,
    TrainingOffer,
    fold_text,
)
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
    person: Person,
    rng: random.Random,
    *,
    fold: bool = False,
    last_name: str | None = None,
    styles: tuple[str, ...] = CLASSIC_HOLDER_STYLES,
) -> str:
    """Write the account or contract holder as a bill or RIB prints it, in one of ``styles``.

    ``civ_last_given`` M. DUPONT Élodie, ``civility_given_last`` Madame Élodie
    DUPONT, ``civ_upper_folded`` MME DUPONT ELODIE, ``last_given`` DUPONT
    Élodie, ``given_last`` Élodie DUPONT, ``civ_given_last`` Mme Élodie DUPONT,
    ``civility_last_given`` Madame DUPONT Élodie, ``couple`` M. et Mme DUPONT
    Élodie, ``couple_short`` M. et Mme DUPONT, ``couple_or`` M. OU MME DUPONT
    ELODIE; wave 2: ``last_comma_given`` DUPONT, Élodie, ``civ_last_comma_given``
    Mme DUPONT, Élodie, ``couple_or_mixed`` M. ou Mme DUPONT Élodie,
    ``couple_or_given`` Mme ou M. Élodie DUPONT, ``civility_upper_folded``
    MADAME DUPONT ELODIE, ``given_upper_last`` ÉLODIE DUPONT; wave 3
    (``wave3_holder``): ``civ_last_epouse`` Mme DUPONT épouse VERNET,
    ``civ_initial_last`` Mme É. DUPONT, ``given_last_title`` Élodie Dupont,
    ``en_civ_given_last`` Ms Élodie DUPONT, ``couple_et_given`` Élodie et Marc
    DUPONT.
    """
    last = (last_name or person.name).upper()
    given = person.given_names[0]
    style = styles[rng.randrange(len(styles))]
    if style in WAVE3_HOLDER_STYLES:
        text = wave3_holder(style, person, rng, last, given)
        return fold_text(text) if fold else text
    short, long = person.civility_short, person.civility
    text = {
        "civ_last_given": f"{short} {last} {given}",
        "civility_given_last": f"{long} {given} {last}",
        "civ_upper_folded": f"{short.upper()} {last} {fold_text(given)}",
        "last_given": f"{last} {given}",
        "given_last": f"{given} {last}",
        "civ_given_last": f"{short} {given} {last}",
        "civility_last_given": f"{long} {last} {given}",
        "couple": f"M. et Mme {last} {given}",
        "couple_short": f"M. et Mme {last}",
        "couple_or": f"M. OU MME {last} {fold_text(given)}",
        # wave 2
        "last_comma_given": f"{last}, {given}",
        "civ_last_comma_given": f"{short} {last}, {given}",
        "couple_or_mixed": f"M. ou Mme {last} {given}",
        "couple_or_given": f"Mme ou M. {given} {last}",
        "civility_upper_folded": f"{long.upper()} {last} {fold_text(given)}",
        "given_upper_last": f"{given.upper()} {last}",
    }[style]
    return fold_text(text) if fold else text


WAVE3_HOLDER_STYLES = (
    "civ_last_epouse",
    "civ_initial_last",
    "given_last_title",
    "en_civ_given_last",
    "couple_et_given",
)


def wave3_holder(style: str, person: Person, rng: random.Random, last: str, given: str) -> str:
    """A holder in a wave-3 style (see ``format_holder``); draws from ``rng`` only what the style needs.

    ``civ_last_epouse`` names a spouse only for a woman who uses her own name
    (a married name already joins both: she is then ``Mme DUPONT-VERNET
    Élodie``; a man is ``M. DUPONT Luc``); the spouse's name shares no word
    with any applicant's (``people.OTHER_LAST_NAMES``).
    """
    short = person.civility_short
    if style == "civ_last_epouse":
        if person.sex != "F" or person.usage_name:
            return f"{short} {last} {given}"
        spouse = rng.choice(OTHER_LAST_NAMES)
        if rng.random() < 0.5:
            return f"{short} {last} épouse {spouse}"
        return f"{short} {last} {given} épouse {spouse}"
    if style == "civ_initial_last":
        return f"{short} {'-'.join(part[0] + '.' for part in given.split('-') if part)} {last}"
    if style == "given_last_title":
        return f"{given} {last.title()}"
    if style == "en_civ_given_last":
        return f"{'Ms' if person.sex == 'F' else 'Mr'} {given} {last}"
    if style == "couple_et_given":
        surnames = {w for n in LAST_NAMES for w in fold_text(n).replace("-", " ").replace("'", " ").split()}
        pool = [
            n
            for n in (MALE_NAMES if person.sex == "F" else FEMALE_NAMES)
            if n not in person.given_names and not set(fold_text(n).replace("-", " ").split()) & surnames
        ]  # never a word of an applicant's last name (Olivier, OLIVIER)
        partner = rng.choice(pool)
        return f"{given} et {partner} {last}"
    raise ValueError(f"unknown holder style {style!r}")


def make_address_proof_facts(
    person: Person,
    submitted_at: date,
    rng: random.Random,
    *,
    fold: bool = False,
    split: str = SEEN,
    layout: str | None = None,
    wave: int | None = None,
) -> AddressProofFacts:
    """Make a recent bill, rent receipt or insurance certificate at the person's address."""
    chosen = (
        family(layout)
        if layout
        else choose_family("proof_of_address", split, rng, department=person.address.department, wave=wave)
    )
    upper = rng.random() < 0.6
    line = fold_text(person.address.line1) if upper else person.address.line1
    return AddressProofFacts(
        layout=chosen.name,
        holder_name=format_holder(person, rng, fold=fold, styles=chosen.holder_styles),
        address_line=line,
        postal_code=person.address.postal_code,
        city=person.address.city.upper() if not fold else fold_text(person.address.city),
        issue_date=submitted_at - timedelta(days=rng.randint(3, 80)),
    )


def bind_bank_family(
    person: Person,
    split: str,
    rng: random.Random,
    *,
    layout: str | None = None,
    rebind: bool = True,
    wave: int | None = None,
) -> tuple[str, Person]:
    """Choose the RIB's family before the form is filled; return it and the person.

    A family printing its own bank moves the person's account there (a new
    account at that bank), so that the form's IBAN is the RIB's. With
    ``rebind`` False (the person is shared with another dossier) only families
    printing the person's bank or any bank are drawn.
    """
    chosen = (
        family(layout)
        if layout
        else choose_family("bank_details", split, rng, bank=None if rebind else person.bank, wave=wave)
    )
    if chosen.bank is not None and chosen.bank != person.bank:
        person = replace(person, bank=chosen.bank, account=make_bank_account(rng, chosen.bank.code))
    return chosen.name, person


def make_bank_facts(
    person: Person,
    submitted_at: date,
    rng: random.Random,
    *,
    fold: bool = False,
    split: str = SEEN,
    layout: str | None = None,
    wave: int | None = None,
) -> BankFacts:
    """Make the person's RIB (``layout`` from ``bind_bank_family``, else drawn among any-bank families)."""
    chosen = (
        family(layout) if layout else choose_family("bank_details", split, rng, bank=person.bank, wave=wave)
    )
    return BankFacts(
        layout=chosen.name,
        holder_name=format_holder(person, rng, fold=fold, styles=chosen.holder_styles),
        holder_address=person.address,
        bank=person.bank,
        account=person.account,
        edited_on=submitted_at - timedelta(days=rng.randint(1, 60)),
    )


def make_jobseeker_facts(
    person: Person,
    submitted_at: date,
    rng: random.Random,
    *,
    fold: bool = False,
    split: str = SEEN,
    layout: str | None = None,
    wave: int | None = None,
) -> JobseekerFacts:
    """Make a recent France Travail registration certificate."""
    last = person.name.upper()
    given = list(person.given_names)
    if fold:
        last, given = fold_text(last), [fold_text(g) for g in given]
    issue = submitted_at - timedelta(days=rng.randint(1, 60))
    chosen = layout or choose_family("jobseeker_certificate", split, rng, era=era_of(issue), wave=wave).name
    return JobseekerFacts(
        layout=chosen,
        civility=person.civility,
        last_name=last,
        given_names=given,
        france_travail_id=person.france_travail_id,
        registration_date=issue - timedelta(days=rng.randint(20, 700)),
        issue_date=issue,
        address=person.address,
        agency_city=person.address.city,
    )


def make_quote_facts(
    person: Person,
    training: TrainingOffer,
    rng: random.Random,
    *,
    split: str = SEEN,
    layout: str | None = None,
    wave: int | None = None,
) -> QuoteFacts:
    """Make the provider's quote for the training."""
    learner = f"{person.civility} {person.given_names[0]} {person.name.upper()}"
    chosen = layout or choose_family("training_quote", split, rng, wave=wave).name
    return QuoteFacts(chosen, training, learner, training.cost_cents, training.provider.siret)


def make_tax_facts(
    person: Person,
    submitted_at: date,
    rng: random.Random,
    *,
    split: str = SEEN,
    layout: str | None = None,
    wave: int | None = None,
) -> TaxFacts:
    """Last summer's income tax notice."""
    tax_year = submitted_at.year - 1 if submitted_at.month >= 8 else submitted_at.year - 2
    chosen = layout or choose_family("tax_notice", split, rng, wave=wave).name
    return TaxFacts(
        layout=chosen,
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


def make_other_facts(
    person: Person, submitted_at: date, rng: random.Random, *, split: str = SEEN, layout: str | None = None
) -> OtherFacts:
    """Make an unrelated letter."""
    chosen = layout or choose_family("other", split, rng).name
    return OtherFacts(chosen, person, submitted_at - timedelta(days=rng.randint(1, 120)))
