"""Fake identities, addresses, banks and training offers for the sample corpus.

Names are common French (and a few foreign) names with accents, hyphens and
apostrophes; addresses are real-looking street/city/postal-code triples in the
région Sud départements (04, 05, 06, 13, 83, 84). No real person's data.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from sample_docs.identifiers import (
    BankAccount,
    make_bank_account,
    make_fiscal_number,
    make_france_travail_id,
    make_siret,
)

FEMALE_NAMES = (
    "Élodie",
    "Marie",
    "Anaïs",
    "Hélène",
    "Chloé",
    "Léa",
    "Manon",
    "Camille",
    "Inès",
    "Zoé",
    "Maëlle",
    "Océane",
    "Céline",
    "Sophie",
    "Nathalie",
    "Françoise",
    "Geneviève",
    "Mélanie",
    "Jeanne",
    "Amélie",
    "Noémie",
    "Clémence",
    "Aurélie",
    "Séverine",
    "Laure",
    "Anne-Sophie",
    "Marie-Claire",
    "Émilie",
    "Agnès",
    "Sarah",
    "Julie",
    "Lucie",
    "Estelle",
    "Bérénice",
)
MALE_NAMES = (
    "Jean-Pierre",
    "Luc",
    "François",
    "Jérôme",
    "Loïc",
    "Mathéo",
    "Noël",
    "Raphaël",
    "Gaël",
    "Stéphane",
    "Frédéric",
    "Hervé",
    "Benoît",
    "Léo",
    "Thomas",
    "Nicolas",
    "Julien",
    "Rémi",
    "Sébastien",
    "Jean-Baptiste",
    "Joël",
    "Cédric",
    "Mickaël",
    "Antoine",
    "Guillaume",
    "Éric",
    "Olivier",
    "Maxime",
    "Hugo",
    "Théo",
    "Baptiste",
    "Jérémy",
    "Anthony",
    "Jean-Marc",
)
LAST_NAMES = (
    "DUPONT",
    "MARTIN",
    "BERNARD",
    "ROUX",
    "FAURE",
    "GIRAUD",
    "BLANC",
    "GUÉRIN",
    "LEFÈVRE",
    "CHEVALIER",
    "AUBERT",
    "D'ANGELO",
    "N'DIAYE",
    "LE GALL",
    "BOYER",
    "MOREL",
    "OLIVIER",
    "ROCHE",
    "RICCI",
    "ESPOSITO",
    "GARCIA",
    "FERNANDES",
    "BOUCHARD",
    "MÉNARD",
    "BÉRANGER",
    "FABRE",
    "ARNAUD",
    "MEUNIER",
    "BARTHÉLÉMY",
    "SANTONI",
    "PELLEGRINO",
    "CASTELLANE",
    "TESTANIÈRE",
    "ISNARD",
    "BONNEFOY",
    "D'ALMEIDA",
    "DE LA FONTAINE",
    "GIMÉNEZ",
    "PÉRIER",
    "GRIMAUD",
    "LAUGIER",
    "AUDIBERT",
    "JOURDAN",
    "ROUBAUD",
    "TOCHE",
    "MAUREL",
    "SIMÉON",
    "SAINT-PIERRE",
    "VIDAL-NAQUET",
    "COSTA-GAVRAS",
    "MONTAGNE",
)
# Last names of the other people a wave-3 document mentions beside its holder
# (a spouse in « Mme DUPONT épouse VERNET », a host in « chez … », a landlord,
# an adviser): no word in common with LAST_NAMES, so that none of them can
# pass for an applicant.
OTHER_LAST_NAMES = (
    "VERNET",
    "LAMBERT",
    "CARLIER",
    "POURCEL",
    "TRUCHET",
    "MAZEL",
    "RAYBAUD",
    "BARRAL",
    "ESCOFFIER",
    "GASTAUD",
    "REYNAUD",
    "CAUVIN",
    "MAUNIER",
    "FABRY",
    "SALVAT",
    "DALMASSO",
    "CIAIS",
    "GIORDANO",
    "PONS",
    "TARDIEU",
)
FOREIGN_PEOPLE = (
    ("BENALI", ("Karim",), "M", "DZA", "ALGER (ALGÉRIE)"),
    ("EL AMRANI", ("Fatima-Zahra",), "F", "MAR", "CASABLANCA (MAROC)"),
    ("TRABELSI", ("Sami", "Ahmed"), "M", "TUN", "SFAX (TUNISIE)"),
    ("DIALLO", ("Aminata",), "F", "SEN", "DAKAR (SÉNÉGAL)"),
    ("NGUYEN", ("Thi", "Lan"), "F", "VNM", "HANOI (VIÊT NAM)"),
    ("KOUASSI", ("Yao", "Serge"), "M", "CIV", "ABIDJAN (CÔTE D'IVOIRE)"),
    ("OLIVEIRA SANTOS", ("Ana", "Paula"), "F", "BRA", "RECIFE (BRÉSIL)"),
    ("HAKOBYAN", ("Armen",), "M", "ARM", "EREVAN (ARMÉNIE)"),
)
NATIONALITY_LABELS = {
    "FRA": "Française",
    "DZA": "Algérienne",
    "MAR": "Marocaine",
    "TUN": "Tunisienne",
    "SEN": "Sénégalaise",
    "VNM": "Vietnamienne",
    "CIV": "Ivoirienne",
    "BRA": "Brésilienne",
    "ARM": "Arménienne",
}

# (city as written in addresses, postal code, département)
SUD_CITIES = (
    ("Digne-les-Bains", "04000", "04"),
    ("Manosque", "04100", "04"),
    ("Sisteron", "04200", "04"),
    ("Forcalquier", "04300", "04"),
    ("Oraison", "04700", "04"),
    ("Gap", "05000", "05"),
    ("Briançon", "05100", "05"),
    ("Embrun", "05200", "05"),
    ("Veynes", "05400", "05"),
    ("Nice", "06000", "06"),
    ("Nice", "06100", "06"),
    ("Nice", "06300", "06"),
    ("Cannes", "06400", "06"),
    ("Antibes", "06600", "06"),
    ("Grasse", "06130", "06"),
    ("Menton", "06500", "06"),
    ("Cagnes-sur-Mer", "06800", "06"),
    ("Le Cannet", "06110", "06"),
    ("Saint-Laurent-du-Var", "06700", "06"),
    ("Marseille", "13001", "13"),
    ("Marseille", "13003", "13"),
    ("Marseille", "13005", "13"),
    ("Marseille", "13006", "13"),
    ("Marseille", "13008", "13"),
    ("Marseille", "13010", "13"),
    ("Marseille", "13013", "13"),
    ("Marseille", "13015", "13"),
    ("Aix-en-Provence", "13090", "13"),
    ("Aix-en-Provence", "13100", "13"),
    ("Arles", "13200", "13"),
    ("Martigues", "13500", "13"),
    ("Aubagne", "13400", "13"),
    ("Salon-de-Provence", "13300", "13"),
    ("Istres", "13800", "13"),
    ("Vitrolles", "13127", "13"),
    ("La Ciotat", "13600", "13"),
    ("Marignane", "13700", "13"),
    ("Gardanne", "13120", "13"),
    ("Toulon", "83000", "83"),
    ("Toulon", "83100", "83"),
    ("La Seyne-sur-Mer", "83500", "83"),
    ("Hyères", "83400", "83"),
    ("Fréjus", "83600", "83"),
    ("Draguignan", "83300", "83"),
    ("Saint-Raphaël", "83700", "83"),
    ("Six-Fours-les-Plages", "83140", "83"),
    ("Brignoles", "83170", "83"),
    ("La Garde", "83130", "83"),
    ("Avignon", "84000", "84"),
    ("Carpentras", "84200", "84"),
    ("Orange", "84100", "84"),
    ("Cavaillon", "84300", "84"),
    ("Pertuis", "84120", "84"),
    ("L'Isle-sur-la-Sorgue", "84800", "84"),
    ("Apt", "84400", "84"),
    ("Sorgues", "84700", "84"),
)
OUTSIDE_CITIES = (
    ("Paris", "75011", "75"),
    ("Lyon", "69007", "69"),
    ("Nîmes", "30000", "30"),
    ("Montpellier", "34070", "34"),
    ("Grenoble", "38000", "38"),
)
DEPARTMENT_PREFECTURES = {
    "04": "Alpes-de-Haute-Provence",
    "05": "Hautes-Alpes",
    "06": "Alpes-Maritimes",
    "13": "Bouches-du-Rhône",
    "83": "Var",
    "84": "Vaucluse",
    "75": "Paris",
    "69": "Rhône",
    "30": "Gard",
    "34": "Hérault",
    "38": "Isère",
}
STREETS = (
    "rue de la République",
    "avenue du Prado",
    "boulevard Michelet",
    "rue Paradis",
    "chemin des Oliviers",
    "allée des Pins",
    "impasse des Cigales",
    "rue Victor Hugo",
    "avenue Jean Jaurès",
    "boulevard de la Libération",
    "rue d'Italie",
    "place de l'Horloge",
    "traverse de la Martine",
    "montée des Accoules",
    "rue Sainte-Catherine",
    "avenue des Arènes",
    "rue du Général de Gaulle",
    "cours Mirabeau",
    "rue de l'Église",
    "chemin du Moulin",
    "avenue Frédéric Mistral",
    "rue Émile Zola",
    "quai de Rive-Neuve",
    "boulevard Gambetta",
    "rue des Lavandes",
    "avenue de la Résistance",
    "chemin de la Colline",
    "rue Jean Moulin",
)
BIRTH_PLACES = (
    ("MARSEILLE", "13"),
    ("NICE", "06"),
    ("TOULON", "83"),
    ("AVIGNON", "84"),
    ("GAP", "05"),
    ("AIX-EN-PROVENCE", "13"),
    ("DIGNE-LES-BAINS", "04"),
    ("LYON", "69"),
    ("PARIS 14E", "75"),
    ("MONTPELLIER", "34"),
    ("ARLES", "13"),
    ("CANNES", "06"),
    ("HYÈRES", "83"),
)


@dataclass(frozen=True)
class Bank:
    """A bank as shown on a RIB."""

    name: str
    code: str
    bic: str
    short: str


BANKS = (
    Bank("BNP PARIBAS", "30004", "BNPAFRPPXXX", "BNP"),
    Bank("SOCIÉTÉ GÉNÉRALE", "30003", "SOGEFRPP", "SG"),
    Bank("CRÉDIT AGRICOLE ALPES PROVENCE", "11306", "AGRIFRPP813", "CA"),
    Bank("CAISSE D'EPARGNE CEPAC", "11315", "CEPAFRPP131", "CE"),
    Bank("BANQUE POPULAIRE MÉDITERRANÉE", "14607", "CCBPFRPPMAR", "BP"),
    Bank("LA BANQUE POSTALE", "20041", "PSSTFRPPMAR", "LBP"),
    Bank("LCL - LE CRÉDIT LYONNAIS", "30002", "CRLYFRPP", "LCL"),
    Bank("CRÉDIT MUTUEL MÉDITERRANÉEN", "10278", "CMCIFR2A", "CM"),
)


@dataclass(frozen=True)
class Address:
    """A postal address."""

    line1: str
    postal_code: str
    city: str
    department: str

    @property
    def city_upper(self) -> str:
        """``MARSEILLE`` as printed under a street line."""
        return self.city.upper()


@dataclass
class Person:
    """One fake applicant: the truth every document is drawn from."""

    last_name: str  # birth name, as on the identity document
    given_names: list[str]
    sex: str  # "F" / "M"
    birth_date: date
    birth_place: str
    birth_department: str
    nationality: str
    address: Address
    france_travail_id: str
    bank: Bank
    account: BankAccount
    fiscal_number: str
    phone: str
    email: str
    usage_name: str | None = None  # married name used on the form and everyday documents

    @property
    def name(self) -> str:
        """The last name the person uses day to day (married name if any)."""
        return self.usage_name or self.last_name

    @property
    def civility(self) -> str:
        """Madame / Monsieur."""
        return "Madame" if self.sex == "F" else "Monsieur"

    @property
    def civility_short(self) -> str:
        """Mme / M."""
        return "Mme" if self.sex == "F" else "M."


@dataclass(frozen=True)
class Provider:
    """A training provider."""

    name: str
    siret: str
    street: str
    postal_code: str
    city: str
    nda: str  # numéro de déclaration d'activité (11 digits)
    phone: str


@dataclass
class TrainingOffer:
    """A training the applicant asks funding for."""

    provider: Provider
    title: str
    start_date: date
    end_date: date
    hours: int
    cost_cents: int  # cost in euro cents
    issue_date: date
    reference: str
    enrolment_fees_cents: int = 0
    extra: dict[str, str] = field(default_factory=dict)


PROVIDER_NAMES = (
    ("Formasud Conseil", "13"),
    ("Institut Méditerranéen du Numérique", "13"),
    ("Azur Compétences", "06"),
    ("Provence Formation Pro", "84"),
    ("Centre de Formation Les Calanques", "13"),
    ("Alpes Sud Formation", "05"),
    ("Var Métiers Formation", "83"),
    ("École Cuisine & Saveurs d'Avignon", "84"),
    ("Haute-Provence Compétences", "04"),
    ("Riviera Langues et Métiers", "06"),
)
TRAININGS = (
    ("Titre professionnel Développeur web et web mobile", 798, (380000, 520000), 24),
    ("Titre professionnel Secrétaire assistant", 756, (300000, 420000), 22),
    ("CAP Accompagnant éducatif petite enfance", 600, (250000, 380000), 20),
    ("Titre professionnel Cuisinier", 868, (420000, 640000), 26),
    ("CACES R489 catégories 1A, 3 et 5", 35, (90000, 140000), 1),
    ("Titre professionnel Agent de restauration", 532, (220000, 330000), 16),
    ("Titre professionnel Technicien d'assistance en informatique", 805, (390000, 560000), 24),
    ("Titre professionnel Assistant de vie aux familles", 630, (280000, 390000), 19),
    ("Permis C - Conducteur routier de marchandises", 140, (250000, 360000), 4),
    ("Titre professionnel Comptable assistant", 812, (380000, 540000), 24),
    ("Habilitation électrique B1V-B2V-BR-BC", 21, (45000, 80000), 1),
    ("Titre professionnel Conseiller relation client à distance", 560, (260000, 350000), 17),
)


def fold_text(text: str) -> str:
    """Upper case without accents (what many printers do to names)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def has_accent(text: str) -> bool:
    """Tell whether ``text`` holds at least one accented letter."""
    return fold_text(text) != text.upper()


def make_address(rng: random.Random, cities: tuple[tuple[str, str, str], ...] = SUD_CITIES) -> Address:
    """Make a street address in one of ``cities``."""
    city, postal_code, department = rng.choice(cities)
    number = rng.randint(1, 160)
    suffix = rng.choice(("", "", "", "", " bis", " ter"))
    line = f"{number}{suffix} {rng.choice(STREETS)}"
    if rng.random() < 0.12:
        line = f"Résidence {rng.choice(('Les Pins', 'Le Parc', 'Les Oliviers', 'Bel Air'))}, {line}"
    return Address(line, postal_code, city, department)


def make_birth_date(rng: random.Random, reference: date) -> date:
    """Pick a birth date giving an age between 19 and 58 at ``reference``."""
    age_days = rng.randint(19 * 365 + 10, 58 * 365)
    return reference - timedelta(days=age_days)


def make_phone(rng: random.Random) -> str:
    """Make a French mobile number ``06 12 34 56 78``."""
    first = rng.choice(("06", "07"))
    return first + "".join(f" {rng.randint(0, 99):02d}" for _ in range(4))


def make_email(rng: random.Random, given: str, last: str) -> str:
    """Make a plausible personal e-mail address."""

    def slug(text: str) -> str:
        return "".join(c for c in fold_text(text).lower() if c.isalnum())

    domain = rng.choice(("gmail.com", "orange.fr", "free.fr", "laposte.net", "outlook.fr", "sfr.fr"))
    sep = rng.choice((".", "-", ""))
    return f"{slug(given)}{sep}{slug(last)}{rng.choice(('', '', str(rng.randint(1, 99))))}@{domain}"


def make_person(rng: random.Random, reference: date, *, foreign: bool | None = None) -> Person:
    """Make a random applicant living in the région Sud."""
    if foreign is None:
        foreign = rng.random() < 0.12
    if foreign:
        last, given, sex, nationality, place = rng.choice(FOREIGN_PEOPLE)
        given_names = list(given)
        birth_place, birth_department = place, "99"
    else:
        sex = rng.choice("FM")
        pool = FEMALE_NAMES if sex == "F" else MALE_NAMES
        given_names = rng.sample(pool, k=rng.choice((1, 2, 2, 3)))
        last = rng.choice(LAST_NAMES)
        nationality = "FRA"
        birth_place, birth_department = rng.choice(BIRTH_PLACES)
    bank = rng.choice(BANKS)
    address = make_address(rng)
    return Person(
        last_name=last,
        given_names=given_names,
        sex=sex,
        birth_date=make_birth_date(rng, reference),
        birth_place=birth_place,
        birth_department=birth_department,
        nationality=nationality,
        address=address,
        france_travail_id=make_france_travail_id(rng),
        bank=bank,
        account=make_bank_account(rng, bank.code),
        fiscal_number=make_fiscal_number(rng),
        phone=make_phone(rng),
        email=make_email(rng, given_names[0], last),
    )


def make_other_last_name(rng: random.Random, person: Person) -> str:
    """Pick a last name sharing no word with the person's names (for mismatches)."""
    taken = set(fold_text(person.name).replace("-", " ").replace("'", " ").split())
    taken |= set(fold_text(person.last_name).replace("-", " ").replace("'", " ").split())
    while True:
        candidate = rng.choice(LAST_NAMES)
        words = set(fold_text(candidate).replace("-", " ").replace("'", " ").split())
        if not words & taken:
            return candidate


def make_provider(rng: random.Random) -> Provider:
    """Make a training provider with a valid SIRET."""
    name, department = rng.choice(PROVIDER_NAMES)
    cities = [c for c in SUD_CITIES if c[2] == department]
    city, postal_code, _ = rng.choice(cities)
    street = f"{rng.randint(1, 120)} {rng.choice(STREETS)}"
    nda = f"93{department}{rng.randint(0, 9999999):07d}"
    return Provider(
        name, make_siret(rng), street, postal_code, city, nda, make_phone(rng).replace("06", "04", 1)
    )


def next_monday(day: date) -> date:
    """Return the first Monday on or after ``day``."""
    return day + timedelta(days=(7 - day.weekday()) % 7)


def make_training(rng: random.Random, submitted_at: date) -> TrainingOffer:
    """Make a training starting 3 to 16 weeks after ``submitted_at``."""
    title, hours, (low, high), weeks = rng.choice(TRAININGS)
    start = next_monday(submitted_at + timedelta(days=rng.randint(18, 110)))
    end = start + timedelta(weeks=weeks, days=4 if weeks > 1 else 2)
    cost = rng.randrange(low, high, 500)
    fees = rng.choice((0, 0, 5000, 9000, 15000)) if cost > 100000 else 0
    issue = submitted_at - timedelta(days=rng.randint(4, 55))
    reference = f"DV-{issue.year}-{rng.randint(100, 9999):04d}"
    return TrainingOffer(make_provider(rng), title, start, end, hours, cost, issue, reference, fees)


def with_address(person: Person, address: Address) -> Person:
    """Copy ``person`` to live at ``address``."""
    return replace(person, address=address)
