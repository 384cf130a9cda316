"""Codes suggested from the few words a company representative types: the List of Waste code
and its material for a residue, the NACE class for an activity.

Each code is a document of words from its titles in English and Russian, each word with the
weight of the field it stands in: an EWC entry's own title, the label and description of the
material it maps to, its sub-chapter's and its chapter's titles; a NACE class's title (NACE in
English, OKVED2 in Russian) and its division's. Words are reduced to their Snowball stems. A
typed word meets a document word when their stems are equal, when the stems share a beginning
of at least 3 letters that leaves at most 3 letters of either ("опилок" meets "опилки",
"offcuts" does not meet "off"), or, less, when rapidfuzz's ratio finds them close (a typo). A
document scores, for each typed word, its best meeting times that word's field weight and
rarity (inverse document frequency: of the typed word when some title has it, else of the word
it meets), summed: rare words decide, "waste" and "отходы" hardly
count. Results are ids and scores; titles come from `labels`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import numpy as np
from rapidfuzz import fuzz, process

from dashboard.domain import reference
from dashboard.domain.labels import material_label

TITLE, MATERIAL, DESCRIPTION, SUB_CHAPTER, CHAPTER = 1.0, 0.8, 0.4, 0.5, 0.3
"""Weights of the fields of an EWC entry: its title, its material's label and description."""
DIVISION = 0.4
"""Weight of a NACE class's division title beside its own (1)."""
STEM = 3
"""Letters a shared beginning needs at least to count as a stem."""
STEM_LEFT = 3
"""Letters of either word a shared stem may leave (endings: -ки/-ок, -es, -ies/-y)."""
STEM_MATCH, TYPO_MATCH = 0.95, 0.9
"""How much a shared stem counts, and at most a close spelling, against an equal word (1)."""
TYPO_FROM = 80.0
"""rapidfuzz ratio (0-100) from which two words count as one misspelt."""
_STOP_TEXT = (
    "a an and or of the from in on for with by to at as our we us is are its it this that "
    "about per year yr t tonnes tons kg m3 mwh "
    "и или из от с со в во на для по при под после над за до через не наш наши наша наше "
    "нашего нашей мы у к о об "
    "это этот эта также около год т тонн тонны кг м3"
)
STOP_WORDS = frozenset(_STOP_TEXT.split())
"""Words left out of queries and documents: function words, units and quantities."""
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Suggestion:
    """A suggested code with its score (higher is better; comparable within one query)."""

    code: str
    score: float
    material_id: str = ""


def words(text: str) -> list[str]:
    """The searchable words of a text: lower case, ё as е, no stop words, no numbers, each
    reduced to its Snowball stem (Russian for Cyrillic words, English for the others)."""
    found = _WORD.findall(str(text).casefold().replace("ё", "е"))
    kept = [w for w in found if w not in STOP_WORDS and not w.isdigit() and len(w) > 1]
    return [_stem(w) for w in kept]


_CYRILLIC = re.compile("[а-я]")


@cache
def _stemmers():
    import snowballstemmer

    return snowballstemmer.stemmer("russian"), snowballstemmer.stemmer("english")


@cache
def _stem(word: str) -> str:
    russian, english = _stemmers()
    return (russian if _CYRILLIC.search(word) else english).stemWord(word)


class _Index:
    """Documents of weighted words, searched by `scores`."""

    def __init__(self, documents: list[list[tuple[str, float]]]):
        vocabulary: dict[str, int] = {}
        doc_of, word_of, weight_of = [], [], []
        for doc, fields in enumerate(documents):
            best: dict[int, float] = {}
            for text, weight in fields:
                for word in words(text):
                    index = vocabulary.setdefault(word, len(vocabulary))
                    best[index] = max(best.get(index, 0.0), weight)
            for index, weight in sorted(best.items()):
                doc_of.append(doc)
                word_of.append(index)
                weight_of.append(weight)
        self.vocabulary = list(vocabulary)
        self.lengths = np.array([len(w) for w in self.vocabulary])
        self.prefixes: dict[str, list[int]] = {}
        for index, word in enumerate(self.vocabulary):
            for k in range(STEM, len(word) + 1):
                self.prefixes.setdefault(word[:k], []).append(index)
        self.doc_of = np.array(doc_of, dtype=np.intp)
        self.word_of = np.array(word_of, dtype=np.intp)
        frequency = np.bincount(self.word_of, minlength=len(self.vocabulary))
        self.rarity = np.log(1 + len(documents) / np.maximum(frequency, 1))
        self.field_weight = np.array(weight_of)
        self.index = vocabulary
        self.starts = np.flatnonzero(np.r_[True, self.doc_of[1:] != self.doc_of[:-1]])
        self.docs = self.doc_of[self.starts]
        self.count = len(documents)

    def meetings(self, query: list[str]) -> np.ndarray:
        """How well each query word meets each vocabulary word, 0..1 (query x vocabulary)."""
        ratio = process.cdist(query, self.vocabulary, scorer=fuzz.ratio, dtype=np.float32)
        met = np.clip((ratio - TYPO_FROM) / (100 - TYPO_FROM), 0, 1) ** 2 * TYPO_MATCH
        for row, word in enumerate(query):
            shared = np.zeros(len(self.vocabulary), dtype=np.intp)
            for k in range(STEM, len(word) + 1):
                shared[self.prefixes.get(word[:k], [])] = k
            longer = np.maximum(self.lengths, len(word))
            stem = (shared >= STEM) & (shared >= longer - STEM_LEFT)
            met[row] = np.where(stem, np.maximum(met[row], STEM_MATCH), met[row])
            met[row, ratio[row] >= 100] = 1.0
        return met

    def scores(self, text: str) -> np.ndarray:
        """The score of every document for the text (0 where no word meets)."""
        query = list(dict.fromkeys(words(text)))
        total = np.zeros(self.count)
        if not query or not self.vocabulary:
            return total
        rarity = np.array([self.rarity[self.index[w]] if w in self.index else np.nan
                           for w in query])[:, None]  # fmt: skip
        entry_rarity = self.rarity[self.word_of][None, :]
        weight = np.where(np.isnan(rarity), entry_rarity, rarity) * self.field_weight
        values = self.meetings(query)[:, self.word_of] * weight
        best = np.maximum.reduceat(values, self.starts, axis=1)
        total[self.docs] = best.sum(axis=0)
        return total


def _top(scores: np.ndarray, top: int) -> np.ndarray:
    order = np.lexsort((np.arange(len(scores)), -scores))
    return order[: max(top, 0)][scores[order[: max(top, 0)]] > 0]


@cache
def _waste_index() -> tuple[list[str], list[str], _Index]:
    table = reference.ewc_list()
    russian = reference.ewc_titles_ru()
    described = reference.materials().reindex(columns=["description", "description_ru"])
    materials = reference.ewc_materials()
    codes = list(table.index)
    documents = []
    for code in codes:
        row = table.loc[code]
        material = materials.get(code, "")
        fields = [(row["title"], TITLE), (russian.get(code, ""), TITLE)]
        if material:
            fields += [(material_label(material, "en"), MATERIAL)]
            fields += [(material_label(material, "ru"), MATERIAL)]
            if material in described.index:
                fields += [(described.at[material, "description"], DESCRIPTION)]
                fields += [(described.at[material, "description_ru"], DESCRIPTION)]
        fields += [(row["sub_chapter_title"], SUB_CHAPTER)]
        fields += [(russian.get(code[:4], ""), SUB_CHAPTER)]
        fields += [(row["chapter_title"], CHAPTER), (russian.get(code[:2], ""), CHAPTER)]
        documents.append(fields)
    return codes, [materials.get(code, "") for code in codes], _Index(documents)


def suggest_waste(text: str, top: int = 5) -> list[Suggestion]:
    """The List of Waste entries that best fit a description in English or Russian, best
    first, each with the material it maps to ('' when it has no reuse route)."""
    codes, materials, index = _waste_index()
    scores = index.scores(text)
    return [
        Suggestion(codes[i], round(float(scores[i]), 3), materials[i]) for i in _top(scores, top)
    ]


@cache
def _activity_index() -> tuple[list[str], _Index]:
    table = reference.nace()
    classes = table[table["level"] == "4"]
    documents = []
    for _, row in classes.iterrows():
        division = table.loc[row["division"]] if row["division"] in table.index else None
        fields = [(row["title_en"], 1.0), (row["okved2_title_ru"], 1.0)]
        if division is not None:
            fields += [(division["title_en"], DIVISION), (division["okved2_title_ru"], DIVISION)]
        documents.append(fields)
    return list(classes.index), _Index(documents)


def suggest_activity(text: str, top: int = 5) -> list[Suggestion]:
    """The NACE Rev. 2 classes (4 digits, e.g. 10.51) that best fit a description of what a
    company does, in English or Russian, best first."""
    codes, index = _activity_index()
    scores = index.scores(text)
    return [Suggestion(codes[i], round(float(scores[i]), 3)) for i in _top(scores, top)]


def top_hit(suggestions: list[Suggestion], code: str) -> int | None:
    """The 1-based rank of `code` among the suggestions, None when absent."""
    ranks = [i for i, s in enumerate(suggestions, 1) if s.code == code]
    return ranks[0] if ranks else None
