"""The outcome instruments as data.

Nothing in this module computes a score: :mod:`kwartier.instruments.scoring` reads
these definitions. Keeping the instruments as data means that one scoring path
serves every sum-scored questionnaire (both De Jong Gierveld forms, LSNS-6 and the
carer scale), and that a corrected rule is a change of data with a new version
number rather than a new branch in the code.

Where the sources disagree (the ⚠ points in the instrument brief) the rule is a
:class:`Setting`: it has a name, a version and a stated default, and every score
records which choice it was computed with. See ``docs/instruments.md``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

Code = str | int
"""An answer code as it arrives in the API: text for the De Jong Gierveld and carer
scales, a whole number for LSNS-6, ZRM and the participation ladder."""


class Method(StrEnum):
    """How the item answers turn into a result."""

    SUM = "som"  # total = sum of item points; missing answers allowed per rule
    PROFILE = "profiel"  # one level per domain, no total (ZRM); every item required
    LEVEL = "niveau"  # a single required item whose value is the total (ladder)


class Wording(StrEnum):
    """Wording direction of an item: does agreeing point towards the problem?"""

    POSITIVE = "positief"
    NEGATIVE = "negatief"


class Target(StrEnum):
    """The part of the scoring rule that a :class:`Setting` controls."""

    BANDS = "banden"  # value: tuple[Band, ...] for the total
    MAX_MISSING = "max_ontbrekend"  # value: int, missing items the total tolerates
    RISE = "stijging"  # value: int, increase of the total that counts as rising


@dataclass(frozen=True)
class Option:
    """One allowed answer: the code stored and sent, its Dutch label, its points."""

    code: Code
    label: str
    points: int
    description: str = ""


@dataclass(frozen=True)
class Item:
    """One question (or, for the ZRM, one domain)."""

    id: str
    text: str
    options: tuple[Option, ...]
    subscale: str | None = None
    wording: Wording | None = None

    @property
    def answer_type(self) -> type:
        """The Python type every answer code of this item has."""
        return type(self.options[0].code)

    @property
    def codes(self) -> tuple[Code, ...]:
        return tuple(option.code for option in self.options)

    def option(self, code: Code) -> Option | None:
        for option in self.options:
            if option.code == code:
                return option
        return None


@dataclass(frozen=True)
class Band:
    """A named range of scores, both ends inclusive."""

    code: str
    label: str
    low: int
    high: int

    def contains(self, value: int) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True)
class Subscale:
    code: str
    label: str
    bands: tuple[Band, ...] = ()
    intro: str = ""  # text shown above the subscale's items, if the form has one


@dataclass(frozen=True)
class ContextField:
    """A number recorded with the answers but not scored (e.g. hours of care)."""

    id: str
    label: str
    unit: str
    minimum: float
    maximum: float
    integer: bool


@dataclass(frozen=True)
class Choice:
    """One value a :class:`Setting` can take."""

    code: str
    label: str
    value: tuple[Band, ...] | int
    explanation: str


@dataclass(frozen=True)
class Setting:
    """A named, versioned scoring rule on which the sources disagree.

    ``version`` goes up whenever a choice's meaning is corrected, so that a stored
    score always tells which rule produced it.
    """

    name: str
    version: int
    target: Target
    default: str
    choices: tuple[Choice, ...]
    reason: str

    def choice(self, code: str) -> Choice | None:
        for choice in self.choices:
            if choice.code == code:
                return choice
        return None


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    version: str  # edition of the instrument itself, kept with every assessment
    source: str  # short citation shown on screen and in exports
    references: tuple[str, ...]
    method: Method
    items: tuple[Item, ...]
    instruction: str = ""
    subscales: tuple[Subscale, ...] = ()
    bands: tuple[Band, ...] = ()
    max_missing: int = 0
    settings: tuple[Setting, ...] = ()
    context_fields: tuple[ContextField, ...] = ()
    alert_bands: frozenset[str] = field(default_factory=frozenset)
    higher_is_better: bool = True
    use_note: str = ""
    scoring_version: int = 1  # Kwartier's implementation of the rules

    def item(self, item_id: str) -> Item | None:
        for item in self.items:
            if item.id == item_id:
                return item
        return None

    def context_field(self, field_id: str) -> ContextField | None:
        for context_field in self.context_fields:
            if context_field.id == field_id:
                return context_field
        return None

    def subscale_items(self, subscale: str) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.subscale == subscale)

    @property
    def total_range(self) -> tuple[int, int] | None:
        """Lowest and highest possible total, or None when there is no total."""
        if self.method is Method.PROFILE:
            return None
        lows = [min(option.points for option in item.options) for item in self.items]
        highs = [max(option.points for option in item.options) for item in self.items]
        return sum(lows), sum(highs)


class UnknownInstrument(KeyError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code
        self.message = f"Onbekend meetinstrument '{code}'."

    def __str__(self) -> str:
        return self.message


def _bands(*rows: tuple[str, str, int, int]) -> tuple[Band, ...]:
    return tuple(Band(*row) for row in rows)


def _numbered_options(labels: dict[int, str]) -> tuple[Option, ...]:
    """Options whose code is also their score (levels, rungs, counts)."""
    return tuple(Option(code, label, code) for code, label in labels.items())


# --- Participatieladder ---------------------------------------------------------

_LADDER_RUNGS = (
    (
        1,
        "Geïsoleerd",
        "Nauwelijks contact buiten het eigen huishouden; alleen functionele contacten.",
    ),
    (
        2,
        "Sociale contacten buitenshuis",
        "Minstens wekelijks sociaal contact buiten de deur (vrienden, familie, buren), "
        "niet via georganiseerde activiteiten.",
    ),
    (
        3,
        "Deelname aan georganiseerde activiteiten",
        "Minstens wekelijks scholing of een georganiseerde activiteit (vereniging, "
        "cursus), zonder verantwoordelijkheden ten opzichte van anderen.",
    ),
    (
        4,
        "Onbetaald werk",
        "Vrijwilligerswerk of stage: taken met verantwoordelijkheid ten opzichte van "
        "anderen, minstens wekelijks.",
    ),
    (
        5,
        "Betaald werk met ondersteuning",
        "Betaald werk met ondersteuning (jobcoach, loonkostensubsidie, beschut werk, "
        "aanvullende uitkering).",
    ),
    (6, "Betaald werk", "Betaald werk zonder ondersteuning."),
)

PARTICIPATIELADDER = Instrument(
    code="participatieladder",
    name="Participatieladder",
    version="6 treden",
    source="Participatieladder (VNG/Divosa)",
    references=("Participatieladder, VNG en Divosa.",),
    method=Method.LEVEL,
    instruction="Kies de trede die de huidige situatie het best beschrijft.",
    items=(
        Item(
            id="trede",
            text="Trede op de participatieladder",
            options=tuple(
                Option(rung, label, rung, description) for rung, label, description in _LADDER_RUNGS
            ),
        ),
    ),
)


# --- Zelfredzaamheid-Matrix -----------------------------------------------------

_ZRM_LEVELS = _numbered_options(
    {
        1: "Acute problematiek",
        2: "Niet zelfredzaam",
        3: "Beperkt zelfredzaam",
        4: "Voldoende zelfredzaam",
        5: "Volledig zelfredzaam",
    }
)

_ZRM_INSTRUCTION = (
    "Begin per domein bij niveau 5 en ga omlaag tot de omschrijving past. "
    "Beoordeel de huidige situatie en vul alle domeinen in. De criteria per niveau "
    "staan in de handleiding van de uitgever."
)


def _zrm(version: str, domains: tuple[tuple[str, str], ...]) -> Instrument:
    """Both ZRM versions differ only in their domains, so one builder serves both."""
    return Instrument(
        code=f"zrm{version}",
        name=f"Zelfredzaamheid-Matrix {version}",
        version=version,
        source=f"Zelfredzaamheid-Matrix, versie {version} (GGD Amsterdam)",
        references=(f"Zelfredzaamheid-Matrix, versie {version}. GGD Amsterdam.",),
        method=Method.PROFILE,
        instruction=_ZRM_INSTRUCTION,
        items=tuple(Item(id=key, text=label, options=_ZRM_LEVELS) for key, label in domains),
    )


ZRM2017 = _zrm(
    "2017",
    (
        ("financien", "Financiën"),
        ("werk_opleiding", "Werk & opleiding"),
        ("tijdsbesteding", "Tijdsbesteding"),
        ("huisvesting", "Huisvesting"),
        ("huiselijke_relaties", "Huiselijke relaties"),
        ("geestelijke_gezondheid", "Geestelijke gezondheid"),
        ("lichamelijke_gezondheid", "Lichamelijke gezondheid"),
        ("middelengebruik", "Middelengebruik"),
        ("basale_adl", "Basale ADL"),
        ("instrumentele_adl", "Instrumentele ADL"),
        ("sociaal_netwerk", "Sociaal netwerk"),
        ("maatschappelijke_participatie", "Maatschappelijke participatie"),
        ("justitie", "Justitie"),
    ),
)

ZRM2013 = _zrm(
    "2013",
    (
        ("financien", "Financiën"),
        ("dagbesteding", "Dagbesteding"),
        ("huisvesting", "Huisvesting"),
        ("huiselijke_relaties", "Huiselijke relaties"),
        ("geestelijke_gezondheid", "Geestelijke gezondheid"),
        ("lichamelijke_gezondheid", "Lichamelijke gezondheid"),
        ("verslaving", "Verslaving"),
        ("adl", "ADL"),
        ("sociaal_netwerk", "Sociaal netwerk"),
        ("maatschappelijke_participatie", "Maatschappelijke participatie"),
        ("justitie", "Justitie"),
    ),
)


# --- De Jong Gierveld loneliness scale (11 items and 6-item short form) ------------

_DJG_ANSWERS = ("nee", "min of meer", "ja")

# A neutral answer always counts as lonely, so "min of meer" scores on both wordings.
_DJG_LONELY_ANSWERS = {
    Wording.NEGATIVE: frozenset({"min of meer", "ja"}),
    Wording.POSITIVE: frozenset({"min of meer", "nee"}),
}

_POS, _NEG = Wording.POSITIVE, Wording.NEGATIVE

# number, text, wording, subscale, part of the 6-item form
_DJG_TABLE = (
    (
        1,
        "Er is altijd wel iemand in mijn omgeving bij wie ik met mijn dagelijkse "
        "probleempjes terecht kan.",
        _POS,
        "social",
        False,
    ),
    (2, "Ik mis een echt goede vriend of vriendin.", _NEG, "emotional", False),
    (3, "Ik ervaar een leegte om me heen.", _NEG, "emotional", True),
    (
        4,
        "Er zijn genoeg mensen op wie ik in geval van narigheid kan terugvallen.",
        _POS,
        "social",
        True,
    ),
    (5, "Ik mis gezelligheid om me heen.", _NEG, "emotional", False),
    (6, "Ik vind mijn kring van kennissen te beperkt.", _NEG, "emotional", False),
    (7, "Ik heb veel mensen op wie ik volledig kan vertrouwen.", _POS, "social", True),
    (8, "Er zijn voldoende mensen met wie ik me nauw verbonden voel.", _POS, "social", True),
    (9, "Ik mis mensen om me heen.", _NEG, "emotional", True),
    (10, "Vaak voel ik me in de steek gelaten.", _NEG, "emotional", True),
    (
        11,
        "Wanneer ik daar behoefte aan heb, kan ik altijd bij mijn vrienden terecht.",
        _POS,
        "social",
        False,
    ),
)


def _djg_item(number: int, text: str, wording: Wording, subscale: str) -> Item:
    lonely = _DJG_LONELY_ANSWERS[wording]
    options = tuple(
        Option(answer, answer.capitalize(), int(answer in lonely)) for answer in _DJG_ANSWERS
    )
    return Item(str(number), text, options, subscale, wording)


_DJG11_ITEMS = tuple(_djg_item(n, text, wording, sub) for n, text, wording, sub, _ in _DJG_TABLE)
_DJG6_IDS = frozenset(str(n) for n, *_, short_form in _DJG_TABLE if short_form)
# The short form reuses the 11-item definitions (and their numbering) unchanged.
_DJG6_ITEMS = tuple(item for item in _DJG11_ITEMS if item.id in _DJG6_IDS)

_DJG_INSTRUCTION = (
    "Wilt u van elk van de volgende uitspraken aangeven in hoeverre die op u, zoals u "
    "de laatste tijd bent, van toepassing is?"
)
_DJG_USE = "Voor monitoring en als begin van een gesprek; geen diagnose en geen toegangscriterium."
_DJG_REF_1985 = (
    "De Jong Gierveld, J., & Kamphuis, F. (1985). The development of a Rasch-type "
    "loneliness scale. Applied Psychological Measurement, 9(3), 289-299."
)
_DJG_REF_2006 = (
    "De Jong Gierveld, J., & Van Tilburg, T. (2006). A 6-item scale for overall, "
    "emotional, and social loneliness: Confirmatory tests on survey data. "
    "Research on Aging, 28(5), 582-598."
)

DJG11_BANDS = Setting(
    name="djg11.banden",
    version=1,
    target=Target.BANDS,
    default="vier_banden",
    reason=(
        "De splitsing 9-10 (ernstig) / 11 (zeer ernstig) is minder goed onderbouwd dan "
        "één groep '9-11 (zeer) ernstig eenzaam'."
    ),
    choices=(
        Choice(
            "vier_banden",
            "0-2 / 3-8 / 9-10 / 11",
            _bands(
                ("niet_eenzaam", "Niet eenzaam", 0, 2),
                ("matig_eenzaam", "Matig eenzaam", 3, 8),
                ("ernstig_eenzaam", "Ernstig eenzaam", 9, 10),
                ("zeer_ernstig_eenzaam", "Zeer ernstig eenzaam", 11, 11),
            ),
            "Vier groepen, zoals de API-codering ze vastlegt (standaard).",
        ),
        Choice(
            "drie_banden",
            "0-2 / 3-8 / 9-11",
            _bands(
                ("niet_eenzaam", "Niet eenzaam", 0, 2),
                ("matig_eenzaam", "Matig eenzaam", 3, 8),
                ("ernstig_eenzaam", "(Zeer) ernstig eenzaam", 9, 11),
            ),
            "Drie groepen; 9-11 samen als '(zeer) ernstig eenzaam'.",
        ),
    ),
)

DJG11_MISSING = Setting(
    name="djg11.ontbrekend",
    version=1,
    target=Target.MAX_MISSING,
    default="strikt",
    reason=(
        "Voor de 11-itemversie is geen regel voor ontbrekende antwoorden gepubliceerd; "
        "dit is de regel van Kwartier."
    ),
    choices=(
        Choice(
            "strikt",
            "Totaal ontbreekt bij elk ontbrekend antwoord",
            0,
            "De totaalscore ontbreekt zodra één vraag niet is beantwoord; een subschaal "
            "ontbreekt zodra één van haar eigen vragen niet is beantwoord.",
        ),
    ),
)

_DJG_SUBSCALE_LABELS = {"emotional": "Emotionele eenzaamheid", "social": "Sociale eenzaamheid"}

DJG11 = Instrument(
    code="djg11",
    name="De Jong Gierveld-eenzaamheidsschaal (11 vragen)",
    version="1985",
    source="De Jong Gierveld & Kamphuis (1985)",
    references=(_DJG_REF_1985,),
    method=Method.SUM,
    instruction=_DJG_INSTRUCTION,
    items=_DJG11_ITEMS,
    subscales=tuple(Subscale(code, label) for code, label in _DJG_SUBSCALE_LABELS.items()),
    settings=(DJG11_BANDS, DJG11_MISSING),
    higher_is_better=False,
    use_note=_DJG_USE,
)

_DJG6_SUBSCALE_BANDS = _bands(
    ("niet_eenzaam", "Niet eenzaam", 0, 0),
    ("eenzaam", "Eenzaam", 1, 3),
)

DJG6 = Instrument(
    code="djg6",
    name="De Jong Gierveld-eenzaamheidsschaal (6 vragen)",
    version="2006",
    source="De Jong Gierveld & Kamphuis (1985); De Jong Gierveld & Van Tilburg (2006)",
    references=(_DJG_REF_1985, _DJG_REF_2006),
    method=Method.SUM,
    instruction=_DJG_INSTRUCTION,
    items=_DJG6_ITEMS,
    subscales=tuple(
        Subscale(code, label, _DJG6_SUBSCALE_BANDS) for code, label in _DJG_SUBSCALE_LABELS.items()
    ),
    bands=_bands(
        ("niet_eenzaam", "Niet eenzaam", 0, 1),
        ("matig_eenzaam", "Matig eenzaam", 2, 4),
        ("ernstig_eenzaam", "Ernstig eenzaam", 5, 6),
    ),
    # Published rule: with one item missing the total counts the five answered items.
    max_missing=1,
    higher_is_better=False,
    use_note=_DJG_USE,
)


# --- Lubben Social Network Scale, LSNS-6 ------------------------------------------

_LSNS_COUNTS = _numbered_options(
    {
        0: "Geen",
        1: "Eén",
        2: "Twee",
        3: "Drie of vier",
        4: "Vijf tot en met acht",
        5: "Negen of meer",
    }
)

_LSNS_QUESTIONS = (
    "Hoeveel {who} ziet of spreekt u minstens één keer per maand?",
    "Met hoeveel {who} voelt u zich zo op uw gemak dat u met hen over persoonlijke "
    "zaken kunt praten?",
    "Met hoeveel {who} voelt u zich zo verbonden dat u hen om hulp zou kunnen vragen?",
)


def _lsns_items(first_id: int, who: str, subscale: str) -> tuple[Item, ...]:
    """The same three questions are asked about relatives and then about friends."""
    return tuple(
        Item(str(first_id + offset), question.format(who=who), _LSNS_COUNTS, subscale)
        for offset, question in enumerate(_LSNS_QUESTIONS)
    )


LSNS6_CUTOFF = Setting(
    name="lsns6.afkappunt",
    version=1,
    target=Target.BANDS,
    default="lager_dan_12",
    reason="Eén secundaire bron noemt 0-12 als risico; het artikel (Lubben e.a. 2006) < 12.",
    choices=(
        Choice(
            "lager_dan_12",
            "Risico bij een totaal lager dan 12",
            _bands(
                ("risico_isolement", "Risico op sociaal isolement", 0, 11),
                ("geen_risico", "Geen verhoogd risico", 12, 30),
            ),
            "Zoals in het artikel van Lubben e.a. (2006) (standaard).",
        ),
        Choice(
            "tot_en_met_12",
            "Risico bij een totaal van 0 tot en met 12",
            _bands(
                ("risico_isolement", "Risico op sociaal isolement", 0, 12),
                ("geen_risico", "Geen verhoogd risico", 13, 30),
            ),
            "Zoals in één secundaire bron.",
        ),
    ),
)

LSNS6 = Instrument(
    code="lsns6",
    name="Lubben Social Network Scale (LSNS-6)",
    version="2006",
    source="Lubben e.a. (2006)",
    references=(
        "Lubben, J., Blozik, E., Gillmann, G., Iliffe, S., von Renteln Kruse, W., "
        "Beck, J. C., & Stuck, A. E. (2006). Performance of an abbreviated version of "
        "the Lubben Social Network Scale among three European community-dwelling older "
        "adult populations. The Gerontologist, 46(4), 503-513.",
    ),
    method=Method.SUM,
    items=_lsns_items(1, "familieleden", "family") + _lsns_items(4, "vrienden", "friends"),
    subscales=(
        Subscale(
            "family",
            "Familie",
            intro="Denk aan de mensen met wie u familie bent door geboorte, huwelijk of adoptie.",
        ),
        Subscale(
            "friends",
            "Vrienden",
            intro="Denk aan al uw vrienden, ook de vrienden die bij u in de buurt wonen.",
        ),
    ),
    settings=(LSNS6_CUTOFF,),
    use_note="De Nederlandse vraagteksten zijn een werkvertaling van Kwartier.",
)


# --- Carer burden: Caregiver Strain Index (CSI) ------------------------------------

_CSI_STATEMENTS = (
    "Mijn nachtrust is verstoord.",
    "Hem of haar helpen kost me nogal wat moeite en tijd.",
    "Ik vind het lichamelijk zwaar.",
    "Het beperkt me in andere dingen die ik wil doen.",
    "Wij hebben onze dagelijkse manier van doen moeten aanpassen.",
    "Wij hebben onze plannen moeten wijzigen.",
    "Er zijn ook andere zaken waaraan ik mijn tijd moet besteden.",
    "Emotioneel gedragen we ons anders ten opzichte van elkaar.",
    "Het gedrag van mijn man/vrouw maakt me soms van streek.",
    "Het is pijnlijk te moeten zien dat hij/zij een ander persoon is geworden.",
    "Ik heb mijn werk/baan moeten aanpassen aan de situatie.",
    "Ik word geheel door deze situatie in beslag genomen.",
    "We leven onder financiële druk.",
)

# Every statement names a strain, so "ja" is the answer that scores.
_CSI_OPTIONS = (Option("nee", "Nee", 0), Option("ja", "Ja", 1))

CSI_MISSING = Setting(
    name="csi.ontbrekend",
    version=1,
    target=Target.MAX_MISSING,
    default="strikt",
    reason="Voor de CSI is geen regel voor ontbrekende antwoorden gepubliceerd.",
    choices=(
        Choice(
            "strikt",
            "Totaal ontbreekt bij elk ontbrekend antwoord",
            0,
            "Een onbeantwoorde vraag kan 'ja' zijn; het totaal zou de belasting dan "
            "onderschatten, dus ontbreekt het.",
        ),
    ),
)

CSI_RISE = Setting(
    name="csi.stijging",
    version=1,
    target=Target.RISE,
    default="elke_stijging",
    reason=(
        "De bron noemt geen minimale verandering; 'stijgende belasting' is een keuze "
        "van de organisatie."
    ),
    choices=(
        Choice(
            "elke_stijging",
            "Elke stijging van het totaal",
            1,
            "Signaleer zodra het totaal hoger is dan bij de vorige meting (standaard).",
        ),
        Choice(
            "twee_of_meer",
            "Stijging van 2 of meer punten",
            2,
            "Signaleer pas bij een stijging van minstens 2 punten.",
        ),
    ),
)

CSI = Instrument(
    code="csi",
    name="Caregiver Strain Index (CSI): belasting van mantelzorgers",
    version="1983",
    source="Robinson (1983), Nederlandse versie",
    references=(
        "Robinson, B. C. (1983). Validation of a Caregiver Strain Index. "
        "Journal of Gerontology, 38(3), 344-348.",
    ),
    method=Method.SUM,
    instruction="Geef bij elke uitspraak aan of die op dit moment voor u geldt.",
    items=tuple(
        Item(str(number), text, _CSI_OPTIONS, wording=Wording.NEGATIVE)
        for number, text in enumerate(_CSI_STATEMENTS, start=1)
    ),
    bands=_bands(
        ("geen_overbelasting", "Geen overbelasting", 0, 6),
        ("overbelast", "Overbelast", 7, 13),
    ),
    settings=(CSI_MISSING, CSI_RISE),
    context_fields=(
        ContextField("uren_per_week", "Uren mantelzorg per week", "uur", 0, 168, integer=False),
        ContextField("duur_maanden", "Duur van de mantelzorg", "maanden", 0, 1200, integer=True),
    ),
    # A professional is alerted from this band on, to offer respijtzorg or support.
    alert_bands=frozenset({"overbelast"}),
    higher_is_better=False,
    use_note="Een signaal voor een gesprek over ondersteuning of respijtzorg, geen diagnose.",
)


INSTRUMENTS: dict[str, Instrument] = {
    instrument.code: instrument
    for instrument in (PARTICIPATIELADDER, ZRM2017, ZRM2013, DJG11, DJG6, LSNS6, CSI)
}

SETTINGS: dict[str, Setting] = {
    setting.name: setting for instrument in INSTRUMENTS.values() for setting in instrument.settings
}


def get(code: str) -> Instrument:
    """The instrument with this code; raises :class:`UnknownInstrument` otherwise."""
    try:
        return INSTRUMENTS[code]
    except (KeyError, TypeError):
        raise UnknownInstrument(str(code)) from None
