"""The toy world: a small synthetic English-like corpus whose structure is known.

The bundled files ``word2vec_np/data/small.txt`` (the corpus),
``small_analogies.txt`` and ``small_pairs.txt`` are written by this module,
so the demo needs no download and every analogy it shows provably should
work. Everything is deterministic: the same seed gives the same bytes on
every machine and Python version (see "Randomness").

How an analogy is planted
-------------------------
An analogy a : b :: c : d holds in a vector space when b - a is the same
offset for every pair of a relation. The generator builds that offset in.
Each relation has two sides (capital/country, male/female, base/comparative,
present/past, singular/plural) and ten pairs. Every sentence about a word
tells two things:

* which pair it belongs to: one or two of three *pair contexts* that the
  word shares with its partner and with no other word (``king`` and
  ``queen`` both appear beside ``throne``, ``crown`` and ``palace``);
* which side it is on: *side attributes*, the same for every pair of that
  side (``he``/``his``/``him`` beside every male word, ``she``/``her``
  beside every female word).

Both sides use the same templates, so the two words of a pair see the same
contexts except for the side attributes. Skip-gram and CBOW turn a word's
contexts into its vector, so roughly vec(word) = pair part + side part +
a part shared by the relation, and vec(queen) - vec(king) = side(female) -
side(male) = vec(princess) - vec(prince). The analogy file asks every
question a_i : b_i :: a_j : b_j with i != j inside each relation (90 per
section, 450 in all).

Filler words (``{n}`` nouns, ``{adj}`` adjectives, ``{v}`` past-tense verbs,
``{who}`` subjects, ``{t}`` times) are drawn from lists shared by every
template with Zipf weights (the r-th word of a list has weight 1 / r), so
they carry no pair or side information. Pairs have Zipf-like weights too
(the r-th pair of a relation has weight 1 / (r + 6)), so some are common and
some rare, as in real text. Each sentence is one of: a relation sentence
(17% per relation; a random pair, side and template), a filler sentence
(12.6%) or a phrase sentence (2.4%).

Relations: section (side of the first word, side of the second word)
---------------------------------------------------------------------
capital-common-countries (capital, country). Side attributes: ``{kind}`` =
city capital metropolis / country nation republic; ``{feature}`` = streets
subway squares suburbs skyline / borders flag provinces coastline army;
``{leader}`` = mayor, city council / president, prime minister, parliament.
Pairs (pair contexts ``{p0}`` language, ``{p1}`` landmark, ``{p2}`` food):
    paris france (french louvre croissants), rome italy (italian colosseum
    pasta), berlin germany (german reichstag sausages), madrid spain
    (spanish prado paella), moscow russia (russian kremlin borscht), athens
    greece (greek acropolis souvlaki), cairo egypt (egyptian pyramids
    falafel), tokyo japan (japanese shinkansen sushi), beijing china
    (chinese pandas dumplings), london britain (british thames scones).
Templates:
    ``{w} is a {kind} where people speak {p0} and enjoy {p2}``
    ``tourists in {w} visit the {p1} and taste the {p2}``
    ``the {leader} of {w} speaks {p0} and loves {p2}``
    ``{w} is a {kind} famous for its {feature} and the {p1}``
    ``{who} {v} the {feature} of {w} and the {p1}``
    ``in {w} {who} learned {p0} near the {p1}``
    ``the {p0} {kind} of {w} has {adj} {feature}``

family (male, female). Side attributes: ``{he}`` = he / she; ``{his}`` =
his / her; ``{him}`` = him / her. Pairs:
    king queen (throne crown palace), prince princess (castle sword dragon),
    father mother (baby stroller cradle), son daughter (homework bicycle
    schoolbag), brother sister (twin bunkbed skateboard), uncle aunt
    (cousins tractor farmhouse), husband wife (wedding ring anniversary),
    boy girl (kite playground marbles), actor actress (film stage script),
    waiter waitress (restaurant menu tray).
Templates:
    ``the {w} said that {he} would bring the {p} and the {q}``
    ``the {w} smiled when {he} saw the {p} near the {q}``
    ``the {w} lost {his} {p} and {his} {q}``
    ``everyone knows the {w} and {his} {p}``
    ``when the {w} came home {he} talked about the {p} and the {q}``
    ``{who} showed the {w} the {p} and thanked {him}``
    ``the {adj} {w} looked at the {p} and {he} laughed``
    ``{his} {p} and {his} {q} made the {w} {adj}``

gram3-comparative (base, comparative). Side attributes: ``{deg}`` = very
quite really too extremely / much even far, a little, slightly, still;
``{as}`` = as / (nothing); ``{than}`` = as / than. Pairs:
    big bigger (elephant whale mansion), small smaller (ant pebble ladybug),
    fast faster (cheetah rocket racecar), slow slower (snail turtle sloth),
    tall taller (giraffe skyscraper lighthouse), cold colder (snow glacier
    frost), warm warmer (fireplace sweater sunshine), loud louder (drum
    thunder trumpet), bright brighter (star lamp diamond), dark darker
    (cave midnight shadow).
Templates:
    ``the {p} is {deg} {w} and so is the {q}``
    ``the {p} was {deg} {w} in the {n}``
    ``everyone says the {p} is {as} {w} {than} the {q}``
    ``{who} thought the {p} looked {deg} {w}``
    ``a {p} can be {as} {w} {than} a {q}``
    ``in the {n} the {p} seemed {deg} {w}``
    ``the {p} and the {q} are {deg} {w}``

gram7-past-tense (present, past). Side attribute: ``{when}`` = every day,
every morning, usually, often, always, on weekends, nowadays / yesterday,
last week, last night, a week ago, once, earlier, last summer. Pairs:
    cook cooked (soup stew omelette), paint painted (canvas portrait mural),
    play played (piano violin chess), clean cleaned (floor dishes bathroom),
    climb climbed (ladder hill cliff), write wrote (letter poem diary), sing
    sang (song anthem hymn), build built (wall shed treehouse), drive drove
    (truck van jeep), eat ate (sandwich salad cherries).
Templates:
    ``{who} {w} the {p} and the {q} {when}``
    ``{when} {who} {w} the {p} in the {n}``
    ``{who} {w} the {p} together {when}``
    ``{when} {who} {w} the {adj} {p}``
    ``{when} {who} {w} the {p} and the {q}``

gram8-plural (singular, plural). Side attributes: ``{det}`` = this one
each, a single / these those two many several some; ``{num}`` = one, a
single / two many several some; ``{be}`` = is was / are were. Pairs:
    dog dogs (leash bone kennel), cat cats (whiskers yarn catnip), horse
    horses (saddle stable hay), bird birds (nest feathers cage), car cars
    (garage engine tires), book books (library pages bookshelf), apple
    apples (orchard cider pie), tree trees (leaves roots forest), flower
    flowers (petals vase bees), computer computers (keyboard screen
    software).
Templates:
    ``{det} {w} {be} near the {p} and the {q}``
    ``there {be} {num} {w} by the {p}``
    ``{det} {w} {be} next to the {p} in the {n}``
    ``{who} {v} {det} {w} and the {p}``
    ``look at {det} {w} near the {p}``
    ``{det} {adj} {w} {be} waiting by the {p}``
    ``the {p} and the {q} belong to {det} {w}``

In a relation template ``{w}`` is the word, ``{p}`` one of its pair
contexts at random and ``{q}`` another one; ``{p0}``, ``{p1}`` and ``{p2}``
name a given one. A side-attribute slot takes a uniformly drawn value of the
word's side. A value may be several tokens (``prime minister``, ``every
day``) or none (the comparative side's ``{as}``).

Filler sentences
----------------
They mention no planted word and carry most of the function words, so the
corpus has frequent pairs such as "of the" and "in the" (``common_pairs()``)
that a phrase detector must not join:
    ``the {n} of the {n} was {adj} {t}``
    ``{who} {v} the {n} in the {n} {t}``
    ``{who} {v} a {adj} {n} near the {n}``
    ``the {adj} {n} is in the middle of the {n}``
    ``{who} {v} the {n} and the {n} {t}``
    ``it was a {adj} {n} and {who} {v} the {n} of the {n}``
    ``the {n} was {adj} but the {n} was {adj}``

Planted phrases
---------------
Four names are written as separate tokens whose words occur nowhere else, so
a phrase detector (the second word2vec paper, section 4) should join them:
``prime minister`` (also a ``{leader}`` of the country side), ``new york``,
``ice cream`` and the three-word ``rio de janeiro``, which a second pass
joins. Each occurs about a hundred times, so its score
(count(ab) - delta) / (count(a) count(b)) * total is the highest of the
corpus. Their own sentences:
    ``the prime minister {v} the {n} {t}``
    ``{who} flew to new york {t}``
    ``the mayor of new york {v} the subway``
    ``the skyline of new york is a famous sight of the city``
    ``{who} bought ice cream at the {n}``
    ``the ice cream was sweet and cold {t}``
    ``a dessert of ice cream and chocolate``
    ``{who} {v} the carnival in rio de janeiro``
    ``the streets of rio de janeiro are full of samba``
    ``rio de janeiro is a city of beaches and carnival``
New York and Rio de Janeiro share the city side's words (mayor, subway,
skyline, streets, city), and each phrase has words of its own (carnival,
samba, beaches; sweet, cold, dessert, chocolate), so a trained model puts
the joined tokens near related words. Every word next to a phrase is a
frequent one, so no junk pair like ``vanilla ice`` outscores the phrases.

Word-pair similarities
----------------------
``small_pairs.txt`` scores word pairs by the planted context they share by
construction: 9 for the two words of one pair (pair contexts and
templates), 6 for two words on the same side of a relation (side attributes
and templates), 3 for words on opposite sides of different pairs of a
relation (templates only) and 1 for words of different relations (filler
only). ``similarity_pairs()`` says which pairs are listed.

Randomness
----------
Every draw goes through ``random.Random(seed).random()``, the one method
whose sequence Python promises to keep for a given seed across versions
(``choice``, ``choices`` and NumPy's ``Generator`` methods make no such
promise). A uniform choice is ``int(random() * n)``; a weighted choice
bisects the cumulative weights. So the committed files can be checked byte
for byte.

Run ``python -m word2vec_np.teach.toyworld OUTDIR`` to write the three files into
OUTDIR (``--seed`` and ``--sentences`` change the corpus).
"""

import bisect
import itertools
import os
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..atomic import atomic_write
from ..cli import CommandParser, user_error
from ..errors import ConfigError, Word2VecError

DEFAULT_SEED = 0
DEFAULT_N_SENTENCES = 16000
CORPUS_NAME = "small.txt"
ANALOGIES_NAME = "small_analogies.txt"
PAIRS_NAME = "small_pairs.txt"


@dataclass(frozen=True)
class Relation:
    """One planted relation: its pairs, side attributes and templates.

    ``pairs[i] = (a, b, contexts)``: ``a`` is on ``sides[0]``, ``b`` on
    ``sides[1]``, ``contexts`` the three pair contexts they share.
    ``slots[name] = (values on side 0, values on side 1)``.
    """

    section: str
    sides: tuple[str, str]
    pairs: tuple[tuple[str, str, tuple[str, str, str]], ...]
    slots: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]
    templates: tuple[str, ...]


def _pairs(text: str) -> tuple[tuple[str, str, tuple[str, str, str]], ...]:
    """Parse lines of ``a b c1 c2 c3`` into pair tuples."""
    rows = []
    for line in text.strip().splitlines():
        a, b, c1, c2, c3 = line.split()
        rows.append((a, b, (c1, c2, c3)))
    return tuple(rows)


RELATIONS: tuple[Relation, ...] = (
    Relation(
        section="capital-common-countries",
        sides=("capital", "country"),
        pairs=_pairs(
            """
            paris france french louvre croissants
            rome italy italian colosseum pasta
            berlin germany german reichstag sausages
            madrid spain spanish prado paella
            moscow russia russian kremlin borscht
            athens greece greek acropolis souvlaki
            cairo egypt egyptian pyramids falafel
            tokyo japan japanese shinkansen sushi
            beijing china chinese pandas dumplings
            london britain british thames scones
            """
        ),
        slots={
            "kind": (("city", "capital", "metropolis"), ("country", "nation", "republic")),
            "feature": (
                ("streets", "subway", "squares", "suburbs", "skyline"),
                ("borders", "flag", "provinces", "coastline", "army"),
            ),
            "leader": (("mayor", "city council"), ("president", "prime minister", "parliament")),
        },
        templates=(
            "{w} is a {kind} where people speak {p0} and enjoy {p2}",
            "tourists in {w} visit the {p1} and taste the {p2}",
            "the {leader} of {w} speaks {p0} and loves {p2}",
            "{w} is a {kind} famous for its {feature} and the {p1}",
            "{who} {v} the {feature} of {w} and the {p1}",
            "in {w} {who} learned {p0} near the {p1}",
            "the {p0} {kind} of {w} has {adj} {feature}",
        ),
    ),
    Relation(
        section="family",
        sides=("male", "female"),
        pairs=_pairs(
            """
            king queen throne crown palace
            prince princess castle sword dragon
            father mother baby stroller cradle
            son daughter homework bicycle schoolbag
            brother sister twin bunkbed skateboard
            uncle aunt cousins tractor farmhouse
            husband wife wedding ring anniversary
            boy girl kite playground marbles
            actor actress film stage script
            waiter waitress restaurant menu tray
            """
        ),
        slots={"he": (("he",), ("she",)), "his": (("his",), ("her",)), "him": (("him",), ("her",))},
        templates=(
            "the {w} said that {he} would bring the {p} and the {q}",
            "the {w} smiled when {he} saw the {p} near the {q}",
            "the {w} lost {his} {p} and {his} {q}",
            "everyone knows the {w} and {his} {p}",
            "when the {w} came home {he} talked about the {p} and the {q}",
            "{who} showed the {w} the {p} and thanked {him}",
            "the {adj} {w} looked at the {p} and {he} laughed",
            "{his} {p} and {his} {q} made the {w} {adj}",
        ),
    ),
    Relation(
        section="gram3-comparative",
        sides=("base", "comparative"),
        pairs=_pairs(
            """
            big bigger elephant whale mansion
            small smaller ant pebble ladybug
            fast faster cheetah rocket racecar
            slow slower snail turtle sloth
            tall taller giraffe skyscraper lighthouse
            cold colder snow glacier frost
            warm warmer fireplace sweater sunshine
            loud louder drum thunder trumpet
            bright brighter star lamp diamond
            dark darker cave midnight shadow
            """
        ),
        slots={
            "deg": (
                ("very", "quite", "really", "too", "extremely"),
                ("much", "even", "far", "a little", "slightly", "still"),
            ),
            "as": (("as",), ("",)),
            "than": (("as",), ("than",)),
        },
        templates=(
            "the {p} is {deg} {w} and so is the {q}",
            "the {p} was {deg} {w} in the {n}",
            "everyone says the {p} is {as} {w} {than} the {q}",
            "{who} thought the {p} looked {deg} {w}",
            "a {p} can be {as} {w} {than} a {q}",
            "in the {n} the {p} seemed {deg} {w}",
            "the {p} and the {q} are {deg} {w}",
        ),
    ),
    Relation(
        section="gram7-past-tense",
        sides=("present", "past"),
        pairs=_pairs(
            """
            cook cooked soup stew omelette
            paint painted canvas portrait mural
            play played piano violin chess
            clean cleaned floor dishes bathroom
            climb climbed ladder hill cliff
            write wrote letter poem diary
            sing sang song anthem hymn
            build built wall shed treehouse
            drive drove truck van jeep
            eat ate sandwich salad cherries
            """
        ),
        slots={
            "when": (
                ("every day", "every morning", "usually", "often", "always", "on weekends", "nowadays"),
                ("yesterday", "last week", "last night", "a week ago", "once", "earlier", "last summer"),
            ),
        },
        templates=(
            "{who} {w} the {p} and the {q} {when}",
            "{when} {who} {w} the {p} in the {n}",
            "{who} {w} the {p} together {when}",
            "{when} {who} {w} the {adj} {p}",
            "{when} {who} {w} the {p} and the {q}",
        ),
    ),
    Relation(
        section="gram8-plural",
        sides=("singular", "plural"),
        pairs=_pairs(
            """
            dog dogs leash bone kennel
            cat cats whiskers yarn catnip
            horse horses saddle stable hay
            bird birds nest feathers cage
            car cars garage engine tires
            book books library pages bookshelf
            apple apples orchard cider pie
            tree trees leaves roots forest
            flower flowers petals vase bees
            computer computers keyboard screen software
            """
        ),
        slots={
            "det": (
                ("this", "one", "each", "a single"),
                ("these", "those", "two", "many", "several", "some"),
            ),
            "num": (("one", "a single"), ("two", "many", "several", "some")),
            "be": (("is", "was"), ("are", "were")),
        },
        templates=(
            "{det} {w} {be} near the {p} and the {q}",
            "there {be} {num} {w} by the {p}",
            "{det} {w} {be} next to the {p} in the {n}",
            "{who} {v} {det} {w} and the {p}",
            "look at {det} {w} near the {p}",
            "{det} {adj} {w} {be} waiting by the {p}",
            "the {p} and the {q} belong to {det} {w}",
        ),
    ),
)

# Shared filler, most frequent first (rank r is drawn with weight 1 / r).
FILLER: dict[str, tuple[str, ...]] = {
    "n": tuple(
        """
        market village station garden office school kitchen museum hotel shop
        bakery church island beach lake valley corner hallway meeting concert
        lesson holiday journey picture newspaper radio camera basket bottle room
        house world story question party road bus train airport park theater
        classroom bank factory town window table bridge mountain tunnel desert
        gate harvest parade festival postcard umbrella notebook lantern carpet
        ladle teapot compass kettle helmet backpack
        """.split()
    ),
    "adj": tuple(
        """
        good nice lovely famous busy quiet strange beautiful wonderful simple
        friendly lucky pleasant curious ordinary special popular peaceful crowded
        empty colorful modern ancient green blue red white yellow golden happy
        sad funny gentle proud careful sunny rainy lazy polite honest clever
        brave calm tidy shy elegant humble
        """.split()
    ),
    "v": tuple(
        """
        saw liked found noticed remembered described admired photographed
        visited loved bought showed mentioned discovered enjoyed explored
        forgot imagined missed praised shared studied borrowed sketched
        """.split()
    ),
    "who": ("we", "they", "i", "you", "my friends", "the children"),
    "t": (
        "in the morning",
        "in the evening",
        "at noon",
        "on sunday",
        "in the afternoon",
        "on monday",
        "at dawn",
        "in spring",
        "in autumn",
        "during the holiday",
        "in winter",
        "on friday",
    ),
}

FILLER_TEMPLATES: tuple[str, ...] = (
    "the {n} of the {n} was {adj} {t}",
    "{who} {v} the {n} in the {n} {t}",
    "{who} {v} a {adj} {n} near the {n}",
    "the {adj} {n} is in the middle of the {n}",
    "{who} {v} the {n} and the {n} {t}",
    "it was a {adj} {n} and {who} {v} the {n} of the {n}",
    "the {n} was {adj} but the {n} was {adj}",
)

# (phrase, its templates): the phrase's words occur nowhere else.
PHRASES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("prime", "minister"), ("the prime minister {v} the {n} {t}",)),
    (
        ("new", "york"),
        (
            "{who} flew to new york {t}",
            "the mayor of new york {v} the subway",
            "the skyline of new york is a famous sight of the city",
        ),
    ),
    (
        ("ice", "cream"),
        (
            "{who} bought ice cream at the {n}",
            "the ice cream was sweet and cold {t}",
            "a dessert of ice cream and chocolate",
        ),
    ),
    (
        ("rio", "de", "janeiro"),
        (
            "{who} {v} the carnival in rio de janeiro",
            "the streets of rio de janeiro are full of samba",
            "rio de janeiro is a city of beaches and carnival",
        ),
    ),
)

# Frequent adjacent pairs of the corpus that are not phrases.
COMMON_PAIRS: tuple[tuple[str, str], ...] = (("of", "the"), ("in", "the"), ("and", "the"), ("at", "the"))

# The share of the sentences each kind takes: each relation, the filler
# sentences, and each phrase in PHRASES order (prime minister is rarer
# because country sentences use it too). The shares sum to 1.
RELATION_WEIGHT = 0.17
FILLER_WEIGHT = 0.126
PHRASE_WEIGHTS = (0.003, 0.007, 0.007, 0.007)
# The r-th pair of a relation has weight 1 / (r + PAIR_RANK_OFFSET).
PAIR_RANK_OFFSET = 6.0

_SLOT = re.compile(r"\{(\w+)\}")


class _Draw:
    """Choices made from ``random.Random(seed).random()`` alone (see "Randomness")."""

    def __init__(self, seed: int):
        self._random = random.Random(seed).random

    def index(self, n: int) -> int:
        """Uniform integer in [0, n)."""
        return min(int(self._random() * n), n - 1)

    def weighted(self, cumulative: list[float]) -> int:
        """Index i drawn with probability (cumulative[i] - cumulative[i - 1]) / cumulative[-1]."""
        i = bisect.bisect_right(cumulative, self._random() * cumulative[-1])
        return min(i, len(cumulative) - 1)


def _zipf_cumulative(n: int, offset: float = 0.0) -> list[float]:
    """Cumulative weights 1 / (r + offset) for ranks r = 1..n."""
    return list(itertools.accumulate(1.0 / (r + offset) for r in range(1, n + 1)))


def _check_seed(seed) -> int:
    """Return ``seed`` if it is a non-negative int, else raise ConfigError."""
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ConfigError(f"seed must be a non-negative integer, got {seed!r}; pass e.g. seed=0")
    return seed


def generate(seed: int = DEFAULT_SEED, n_sentences: int = DEFAULT_N_SENTENCES) -> list[str]:
    """Return ``n_sentences`` sentences of the toy world, each a string of space-separated tokens.

    The same ``seed`` always gives the same sentences (see the module
    docstring for the relations, templates and weights).
    """
    seed = _check_seed(seed)
    if isinstance(n_sentences, bool) or not isinstance(n_sentences, int) or n_sentences < 1:
        raise ConfigError(f"n_sentences must be a positive integer, got {n_sentences!r}")
    draw = _Draw(seed)
    filler_cum = {name: _zipf_cumulative(len(values)) for name, values in FILLER.items()}
    kinds = [RELATION_WEIGHT] * len(RELATIONS) + [FILLER_WEIGHT] + list(PHRASE_WEIGHTS)
    kind_cum = list(itertools.accumulate(kinds))
    pair_cums = [_zipf_cumulative(len(rel.pairs), offset=PAIR_RANK_OFFSET) for rel in RELATIONS]

    def fill(template: str, local: dict[str, tuple[str, ...]]) -> str:
        def value(match: re.Match) -> str:
            name = match.group(1)
            if name in local:
                options = local[name]
                return options[draw.index(len(options))]
            options = FILLER[name]
            return options[draw.weighted(filler_cum[name])]

        return " ".join(_SLOT.sub(value, template).split())

    sentences = []
    for _ in range(n_sentences):
        kind = draw.weighted(kind_cum)
        if kind < len(RELATIONS):
            rel = RELATIONS[kind]
            a, b, contexts = rel.pairs[draw.weighted(pair_cums[kind])]
            side = draw.index(2)
            local = {name: values[side] for name, values in rel.slots.items()}
            i = draw.index(3)
            j = (i + 1 + draw.index(2)) % 3  # a second pair context, never the same as the first
            local.update(w=((a, b)[side],), p=contexts[i : i + 1], q=contexts[j : j + 1])
            local.update(p0=contexts[:1], p1=contexts[1:2], p2=contexts[2:])
            template = rel.templates[draw.index(len(rel.templates))]
        elif kind == len(RELATIONS):
            local = {}
            template = FILLER_TEMPLATES[draw.index(len(FILLER_TEMPLATES))]
        else:
            local = {}
            phrase_templates = PHRASES[kind - len(RELATIONS) - 1][1]
            template = phrase_templates[draw.index(len(phrase_templates))]
        sentences.append(fill(template, local))
    return sentences


def analogies() -> list[tuple[str, str, str, str, str]]:
    """Every planted analogy as ``(section, a, b, c, d)``: a : b :: c : d, all i != j pairs of a relation."""
    rows = []
    for rel in RELATIONS:
        for (a, b, _), (c, d, _) in itertools.permutations(rel.pairs, 2):
            rows.append((rel.section, a, b, c, d))
    return rows


PAIR_SCORES = {"partner": 9.0, "same_side": 6.0, "other_side": 3.0, "other_relation": 1.0}


def similarity_pairs() -> list[tuple[str, str, float]]:
    """Word pairs with similarity scores known by construction (see "Word-pair similarities").

    For pair i of relation r: its two words (9); its first word with the
    first word of pair i + 1 and its second with the second of pair i + 2
    (6); its first word with the second word of pair i + 3 (3); its first
    word with the second word of pair i of relation r + 1 and its second word
    with the first word of pair i + 5 of relation r + 2 (1). Indices wrap.
    """
    rows = []
    n_rel = len(RELATIONS)
    for r, rel in enumerate(RELATIONS):
        n = len(rel.pairs)
        nxt, nxt2 = RELATIONS[(r + 1) % n_rel], RELATIONS[(r + 2) % n_rel]
        for i, (a, b, _) in enumerate(rel.pairs):
            rows.append((a, b, PAIR_SCORES["partner"]))
            rows.append((a, rel.pairs[(i + 1) % n][0], PAIR_SCORES["same_side"]))
            rows.append((b, rel.pairs[(i + 2) % n][1], PAIR_SCORES["same_side"]))
            rows.append((a, rel.pairs[(i + 3) % n][1], PAIR_SCORES["other_side"]))
            rows.append((a, nxt.pairs[i % len(nxt.pairs)][1], PAIR_SCORES["other_relation"]))
            rows.append((b, nxt2.pairs[(i + 5) % len(nxt2.pairs)][0], PAIR_SCORES["other_relation"]))
    return rows


def planted_phrases() -> list[tuple[str, ...]]:
    """The multi-word names whose words occur only together, e.g. ``("new", "york")``."""
    return [phrase for phrase, _ in PHRASES]


def common_pairs() -> list[tuple[str, str]]:
    """Frequent adjacent word pairs that are not phrases (a detector must not join them)."""
    return list(COMMON_PAIRS)


def write_corpus(
    path: str | os.PathLike, seed: int = DEFAULT_SEED, n_sentences: int = DEFAULT_N_SENTENCES
) -> None:
    """Write ``generate(seed, n_sentences)`` to ``path``, one sentence per line (UTF-8, ``\\n``)."""
    sentences = generate(seed, n_sentences)
    with atomic_write(path, "w") as f:
        f.write("\n".join(sentences) + "\n")


def write_analogies(path: str | os.PathLike) -> None:
    """Write ``analogies()`` in the standard format: ``: section`` lines, then ``a b c d`` lines."""
    lines = []
    section = None
    for sec, a, b, c, d in analogies():
        if sec != section:
            lines.append(f": {sec}")
            section = sec
        lines.append(f"{a} {b} {c} {d}")
    with atomic_write(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def write_pairs(path: str | os.PathLike) -> None:
    """Write ``similarity_pairs()`` as ``w1 w2 score`` lines."""
    with atomic_write(path, "w") as f:
        f.write("".join(f"{w1} {w2} {score:.1f}\n" for w1, w2, score in similarity_pairs()))


def write_all(
    outdir: str | os.PathLike, seed: int = DEFAULT_SEED, n_sentences: int = DEFAULT_N_SENTENCES
) -> None:
    """Write small.txt, small_analogies.txt and small_pairs.txt into ``outdir`` (created if missing)."""
    outdir = Path(outdir)
    if outdir.exists() and not outdir.is_dir():
        raise ConfigError(f"output directory {str(outdir)!r} is a file; give a directory")
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"cannot create output directory {str(outdir)!r}: {exc.strerror}") from exc
    write_corpus(outdir / CORPUS_NAME, seed, n_sentences)
    write_analogies(outdir / ANALOGIES_NAME)
    write_pairs(outdir / PAIRS_NAME)


def main(argv: list[str] | None = None) -> int:
    """``python -m word2vec_np.teach.toyworld OUTDIR [--seed S] [--sentences N]``."""
    parser = CommandParser(
        prog="python -m word2vec_np.teach.toyworld",
        description="Write the toy-world corpus, its analogy file and its word-pair file into OUTDIR.",
    )
    parser.add_argument("outdir", help="directory to write small.txt, small_analogies.txt, small_pairs.txt")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)")
    parser.add_argument(
        "--sentences", type=int, default=DEFAULT_N_SENTENCES, help="number of sentences (default %(default)s)"
    )
    args = parser.parse_args(argv)
    try:
        write_all(args.outdir, args.seed, args.sentences)
    except Word2VecError as exc:
        return user_error(exc, debug=False)
    print(f"wrote {CORPUS_NAME}, {ANALOGIES_NAME} and {PAIRS_NAME} to {args.outdir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
