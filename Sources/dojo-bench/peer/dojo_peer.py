"""A Python 3 re-implementation of SupportDojo's scorer: the peer `make bench` measures the Swift
scorer against (issue 14: "scoring >= 10x the Python peer on one core").

It follows Sources/DojoCore (Text/Tokenizer, Lexical, Matcher, Structure, Recognisers;
Engine/CompiledScenario; Scoring/Scorer) step by step, with the same names where it can, so a
change there has an obvious place here. It scores a transcript (the `turns` of
`dojo replay --format json`) against a scenario YAML and the lexicon; it does not play the
conversation (the engine stays in Swift). `check.py` keeps it honest against `dojo replay` on
every bundled answer file. Dependencies: PyYAML (C loader), snowballstemmer 2.2.0 (the Snowball
release of Debian 12's libstemmer), rapidfuzz (one-edit typo test).
"""

import bisect
import math
import os
import unicodedata

import snowballstemmer
import yaml
from rapidfuzz.distance import OSA

import peer_recognisers

# ---------------------------------------------------------------------------------------------
# Lexical (Text/Lexical.swift)

EXACT_WORDS = {
    "en": {"there", "their", "where", "these", "those", "then", "than", "when", "what", "which", "while", "whose",
           "think", "thing", "thank", "reply", "replies", "replied", "read", "reads", "hallo", "fallback", "sound",
           "sounds", "sounded"},
    "de": {"darum", "warum", "worum", "wieso", "weshalb", "bitte", "bitter", "dann", "denn", "wann", "wenn", "mehr",
           "sehr", "noch", "nach", "dass", "dies", "diese", "dieser", "dieses", "deren", "denen", "einen", "einem",
           "einer", "seine", "ihnen", "ihren", "ihrem", "ihrer", "unser", "unsere", "schon", "schoen", "weiter",
           "wieder", "wider", "gerne", "gerade", "heute", "leute", "kannst", "kennst", "ernst", "erste", "ersten",
           "erstes", "bauen", "baden", "recht", "reicht", "frist", "fristen", "sauber", "fragen", "schickt", "kasse",
           "lasse", "durchgehen"},
}
GERMAN_NON_COMPOUNDS = ["entschuld", "besorg", "versorg", "vorsorg"]
POSSESSIVES = {
    "en": {"your", "our", "my", "their", "his", "her"},
    "de": {"ihr", "ihre", "ihren", "ihrem", "ihrer", "unser", "unsere", "unseren", "unserem", "mein", "meine", "dein",
           "deine", "euer", "eure"},
}
QUESTION_OPENERS = {
    "en": {"are", "is", "do", "does", "did", "have", "has", "can", "could", "would", "will", "shall", "should", "why",
           "what", "how", "who", "when", "where", "arent", "didnt", "dont"},
    "de": {"bist", "sind", "seid", "hast", "haben", "habt", "hat", "kannst", "koennen", "koennten", "wuerden",
           "willst", "wollen", "warum", "wieso", "weshalb", "was", "wie", "wer", "wann", "wo", "ist"},
}
ARTICLES = {
    "en": {"a", "an", "the"},
    "de": {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines"},
}
CLAUSE_BREAKERS = {
    "en": {"but", "however", "although", "though", "whereas", "unless"},
    "de": {"jedoch", "sondern", "allerdings", "obwohl", "trotzdem"},
}
SENTENCE_PUNCTUATION = set(".!?\n")
CLAUSE_PUNCTUATION = set(".,;:!?\n()\u2014\u2013")
NEGATIONS = {
    "en": {w.replace("'", "") for w in [
        "not", "no", "never", "cannot", "cant", "can't", "dont", "don't", "doesnt", "doesn't", "didnt", "didn't",
        "wont", "won't", "wouldnt", "wouldn't", "shouldnt", "shouldn't", "isnt", "isn't", "arent", "aren't",
        "wasnt", "wasn't", "werent", "weren't", "havent", "haven't", "hasnt", "hasn't", "hadnt", "hadn't",
        "couldnt", "couldn't", "mustnt", "mustn't", "unable", "neither", "nor", "without", "nothing", "nobody",
        "noone", "none"]},
    "de": {"nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals", "nichts", "ohne",
           "weder", "niemand", "nirgends", "ausgeschlossen"},
}
ENGLISH_COPULAS = {"is", "are", "was", "were"}
ENGLISH_MODALS = {"will", "can", "could", "would", "should", "may", "might", "must", "shall"}
ENGLISH_ADVERBS = {"unfortunately", "sadly", "currently", "simply", "really", "just", "still", "also"}
OBJECT_NEGATIONS = {"without", "ohne"}
# Matcher.isNegated: English "not" ends with its own clause's verb; "no" negates its noun phrase;
# a subject after "and"/"und" starts a clause (Lexical.swift).
ENGLISH_VERB_NEGATIONS = {"not", "never"}
ENGLISH_NEGATION_CARRIERS = {
    "think", "believe", "suppose", "expect", "guess", "reckon", "feel", "say", "mean", "imagine", "know", "see",
    "sure", "certain", "convinced", "promise", "guarantee", "claim", "pretend", "want", "saying", "claiming",
}
ENGLISH_NEGATED_NOUNS = {"way", "chance", "possibility", "option", "means"}
ENGLISH_VERBS_AFTER_SUBJECT = {
    "would", "will", "can", "could", "should", "might", "may", "must", "is", "are", "was", "were", "has", "have", "had",
    "does", "did",
}
SUBJECT_PRONOUNS = {"en": {"i", "we", "you", "they", "he", "she"}, "de": {"ich", "wir", "du", "er", "sie"}}


def pseudo_cleft(negation, clause, text):
    """ "What I can't do is cover the lost takings": a "what" before the "not" in its clause."""
    index = negation - 1
    while index >= 0 and text.clauses[index] == clause:
        if text.tokens[index].part.folded == "what":
            return True
        index -= 1
    return False


def coordinated_subject(index, tokens, language):
    """Whether the word at `index` is "and"/"und" followed by a subject pronoun."""
    if index + 1 >= len(tokens) or tokens[index].part.folded != ("and" if language == "en" else "und"):
        return False
    return tokens[index + 1].part.folded in SUBJECT_PRONOUNS[language]
NUMBERED_NOUNS = {"order", "invoice", "ticket", "case", "account", "customer", "member", "membership", "item", "ref",
                  "reference", "tel", "phone", "contract", "policy", "tracking", "booking", "serial", "card", "claim"}
PRONOUN_OBJECTS = {"das", "dies", "es", "that", "this", "it"}
ELLIPTIC_NEGATION_OPENERS = {"if", "wenn", "falls", "sonst"}
CONTRAST_WORDS = {"but", "however", "instead", "aber", "jedoch", "dafür", "stattdessen"}
COMPLEMENTIZERS = {"that", "whether", "dass", "ob"}
SAYING_MARKERS = {"ehrlich", "offen", "wie", "kurz", "ganz", "grob", "anders", "nebenbei", "frankly", "honestly"}
GERMAN_FORWARD_ONLY_NEGATIONS = {"ohne", "weder"}
STOPWORDS = {
    "en": {"a", "an", "the", "to", "of", "for", "and", "or", "in", "on", "at", "by", "with", "from", "as",
           "about", "your", "yours", "my", "our", "ours", "their", "its", "this", "that", "these", "those",
           "is", "are", "was", "were", "be", "been", "being", "am", "so", "just", "very", "really", "there",
           "here", "some", "also", "then", "s"},
    "de": {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines", "und",
           "oder", "zu", "zum", "zur", "ist", "sind", "war", "waren", "sie", "ihnen", "ihre", "ihren",
           "ihrem", "ihrer", "mit", "von", "vom", "fuer", "auf", "im", "in", "an", "am", "bei", "beim", "dass",
           "mal", "ja", "doch", "gerne", "gern", "auch", "so", "da", "hier", "sehr", "mich", "mir", "es", "sich",
           "als", "wie"},
}
SEPARABLE_PREFIXES = ["zurueck", "zur\u00fcck", "weiter", "ab", "an", "auf", "aus", "ein", "mit", "nach", "vor", "weg",
                      "los", "fest", "frei"]
NOT_SEPARABLE = ["ander", "einverstand", "einig", "einzel", "einfach", "aufmerksam", "ausnahm", "angeblich",
                 "ausgezeichnet", "abh\u00e4ngig"]


def separated_verb_variants(phrase, language):
    if language != "de":
        return []
    words = [w for w in phrase.split(" ") if w]
    variants = []
    for index, word in enumerate(words):
        if not (word and word[0].islower()):
            continue
        prefix = next((p for p in SEPARABLE_PREFIXES if word.startswith(p)), None)
        if prefix is None or any(word.startswith(n) for n in NOT_SEPARABLE):
            continue
        rest = word[len(prefix):]
        if len(rest) < 5 or rest.startswith("zu"):
            continue
        split = list(words)
        split[index] = rest
        split.append(prefix)
        variants.append(" ".join(split))
    return variants


_CONTRACTION_VERBS = {"ca": "can", "wo": "will", "sha": "shall", "ai": "is"}


def expand_contraction(word):
    apostrophe = word.find("'")
    if apostrophe < 0:
        return None
    base, suffix = word[:apostrophe], word[apostrophe + 1:]
    if suffix == "t" and base.endswith("n"):
        stem = base[:-1]
        return [_CONTRACTION_VERBS.get(stem, stem), "not"]
    if suffix == "ll":
        return [base, "will"]
    if suffix == "re":
        return [base, "are"]
    if suffix == "ve":
        return [base, "have"]
    if suffix == "m":
        return [base, "am"]
    if suffix == "d":
        return [base, "would"]
    if suffix == "s":
        return [base]
    return [base + suffix]


# ---------------------------------------------------------------------------------------------
# Sentence structure word lists (Text/Structure.swift)

NEGATED, HYPOTHETICAL, OWN_FEELING, DENIED_PROMISE, QUESTION, REQUEST = 1, 2, 4, 8, 16, 32

(COORDINATOR, PROMISE_VERB, NON_ASSERTIVE_OPENER, NEGATIVE_POLARITY, CONDITIONAL, HEDGE, REPORTING_VERB, MODAL,
 FIRST_PERSON, FIRST_PERSON_SINGULAR, SPEAKER_COPULA, SPEAKER_OBJECT, ADVERB, SHARING, CONDITIONAL_MODAL, FEELING,
 IDIOM_START, REQUEST_MARKER, IMPERATIVE, INVERTED_CONDITIONAL, ABILITY_MODAL, SECOND_PERSON,
 FUTURE, RETRACTION_OBJECT, RETRACTION_FILLER) = [1 << i for i in range(25)]

WORD_LISTS = {
    "en": dict(
        coordinators={"or", "nor", "and"},
        promise_verb_stems=["promis", "guarante", "commit"],
        non_assertive_openers={"before", "without", "if", "unless", "whether"},
        negative_polarity={"any", "anything", "anyone"},
        conditionals={"if", "unless", "whether", "provided", "assuming"},
        hedges={"might", "maybe", "perhaps", "possibly", "hopefully", "hope", "decide", "decides", "deciding",
                "decision", "planned", "scheduled", "estimated", "tentatively"},
        reporting_verbs={"said", "told", "promised", "mentioned", "claimed", "stated", "assured", "wrote", "according"},
        modals={"should", "could", "would", "must", "might", "ought"},
        first_person={"i", "we"},
        first_person_singular={"i"},
        speaker_copulas={"am", "was", "feel", "felt"},
        speaker_objects={"me", "myself"},
        adverbs={"so", "really", "very", "quite", "also", "too", "a", "bit", "little", "pretty", "genuinely",
                 "honestly"},
        sharing={"too", "also", "either"},
        conditional_modals={"would", "d"},
        wish_idioms=[["rather", "today", "than", "tomorrow"]],
        feeling_stems=["worr", "frustrat", "annoy", "upset", "concern", "bother", "disappoint", "stress", "anger",
                       "angry"],
        request_markers={"please", "pls", "plz", "could", "can", "would", "may", "need", "mind", "kindly", "let"},
        imperatives={"confirm", "send", "give", "tell", "share", "provide", "spell", "read", "enter", "type",
                     "check", "drop", "pop"},
        inverted_conditionals={"should"},
        ability_modals={"can", "could"},
        second_person={"you"},
        future_markers={"will", "shall", "going"},
        retraction_objects={"that", "this", "it", "date", "deadline"},
        retraction_fillers={"though", "honestly", "unfortunately", "sadly", "fully", "completely", "absolutely", "hundred",
                            "percent", "yet"}),
    "de": dict(
        coordinators={"oder", "noch", "und", "sowie"},
        promise_verb_stems=["versprech", "versproch", "garantier", "zusag", "zusich"],
        non_assertive_openers={"bevor", "ehe", "ohne", "wenn", "falls", "ob", "sofern"},
        negative_polarity={"irgendwelche", "irgendeine", "irgendeinen", "irgendein", "etwaige", "etwaigen"},
        conditionals={"wenn", "falls", "sofern", "ob", "vorausgesetzt"},
        hedges={"koennte", "koennten", "vielleicht", "eventuell", "moeglicherweise", "hoffentlich", "hoffe",
                "entscheiden", "entscheidet", "entscheidung", "geplant", "voraussichtlich", "vorgesehen",
                "angepeilt"},
        reporting_verbs={"gesagt", "sagte", "meinte", "versprochen", "zugesagt", "geschrieben", "behauptet",
                         "mitgeteilt", "erzaehlt", "angekuendigt", "laut", "gemaess", "zufolge"},
        modals={"sollte", "sollten", "haette", "haetten", "muesste", "muessten", "koennte", "koennten"},
        first_person={"ich", "wir"},
        first_person_singular={"ich"},
        speaker_copulas={"bin", "war", "fuehle"},
        speaker_objects={"mich", "mir"},
        adverbs={"so", "echt", "sehr", "auch", "ziemlich", "etwas", "ein", "bisschen", "wirklich", "ehrlich",
                 "gesagt", "selbst"},
        sharing={"auch", "ebenso", "genauso"},
        conditional_modals={"wuerde", "wuerden", "haette"},
        wish_idioms=[["lieber", "heute", "als", "morgen"]],
        feeling_stems=["aerger", "aergert", "sorg", "frust", "nerv", "enttaeusch", "stress", "beunruhig",
                       "wuetend"],
        request_markers={"bitte", "koennten", "koennen", "kannst", "koenntest", "wuerden", "wuerdest", "brauche",
                         "brauch", "brauchen", "braeuchte", "braeuchten", "benoetige", "benoetigen", "moechte",
                         "darf", "haetten", "haettest"},
        imperatives={"nennen", "nenn", "geben", "gib", "sagen", "sag", "schicken", "schick", "senden",
                     "bestaetigen", "bestaetige", "teilen", "teil", "schreiben", "schreib", "buchstabieren"},
        inverted_conditionals={"sollte", "sollten", "waere", "waeren"},
        ability_modals={"kann", "koennen"},
        second_person={"sie", "du", "ihr"},
        future_markers={"werde", "wird", "werden", "wirst", "werdet"},
        retraction_objects={"das", "dies", "dieses", "diesen", "es", "datum", "termin"},
        retraction_fillers={"leider", "ehrlicherweise", "ehrlich", "gesagt", "hundertprozentig", "prozent", "fest", "sicher",
                            "allerdings", "zwar"}),
}


def classify(word, language):
    w = WORD_LISTS[language]
    kind = 0
    if word in w["coordinators"]: kind |= COORDINATOR
    if any(word.startswith(s) for s in w["promise_verb_stems"]): kind |= PROMISE_VERB
    if word in w["non_assertive_openers"]: kind |= NON_ASSERTIVE_OPENER
    if word in w["negative_polarity"]: kind |= NEGATIVE_POLARITY
    if word in w["conditionals"]: kind |= CONDITIONAL
    if word in w["hedges"]: kind |= HEDGE
    if word in w["reporting_verbs"]: kind |= REPORTING_VERB
    if word in w["modals"]: kind |= MODAL
    if word in w["first_person"]: kind |= FIRST_PERSON
    if word in w["first_person_singular"]: kind |= FIRST_PERSON_SINGULAR
    if word in w["speaker_copulas"]: kind |= SPEAKER_COPULA
    if word in w["speaker_objects"]: kind |= SPEAKER_OBJECT
    if word in w["adverbs"]: kind |= ADVERB
    if word in w["sharing"]: kind |= SHARING
    if word in w["conditional_modals"]: kind |= CONDITIONAL_MODAL
    if any(word.startswith(s) for s in w["feeling_stems"]): kind |= FEELING
    if any(i[0] == word for i in w["wish_idioms"]): kind |= IDIOM_START
    if word in w["request_markers"]: kind |= REQUEST_MARKER
    if word in w["imperatives"]: kind |= IMPERATIVE
    if word in w["inverted_conditionals"]: kind |= INVERTED_CONDITIONAL
    if word in w["ability_modals"]: kind |= ABILITY_MODAL
    if word in w["second_person"]: kind |= SECOND_PERSON
    if word in w["future_markers"]: kind |= FUTURE
    if word in w["retraction_objects"]: kind |= RETRACTION_OBJECT
    if word in w["retraction_fillers"]: kind |= RETRACTION_FILLER
    return kind


# ---------------------------------------------------------------------------------------------
# Tokenizer (Text/Tokenizer.swift)

def is_combining_mark(ch):
    return unicodedata.category(ch) in ("Mn", "Mc", "Me")


def is_letter(ch):
    return ch.isalpha()


def is_ascii_digit(ch):
    return "0" <= ch <= "9"


def is_digit(ch):
    if ch < "\x80":
        return "0" <= ch <= "9"
    return unicodedata.numeric(ch, None) is not None


def _is_word_character(ch):
    if ch < "\x80":
        return ch.isalnum()
    return ch.isalpha() or unicodedata.numeric(ch, None) is not None


class _WordCharacters(dict):
    """Whether a character is part of a word, worked out once per character."""

    def __missing__(self, ch):
        value = self[ch] = _is_word_character(ch)
        return value


WORD_CHARACTERS = _WordCharacters()


def is_word_character(ch):
    return WORD_CHARACTERS[ch]


_UMLAUTS = {"\u00e4": "ae", "\u00c4": "ae", "\u00f6": "oe", "\u00d6": "oe", "\u00fc": "ue", "\u00dc": "ue",
            "\u00df": "ss", "\u1e9e": "ss"}


def fold_scalar(ch):
    if ch < "\x80":
        return ch.lower()
    spelt = _UMLAUTS.get(ch)
    if spelt:
        return spelt
    return "".join(c for c in unicodedata.normalize("NFD", ch.lower()) if not is_combining_mark(c))


class WordPart:
    __slots__ = ("folded", "stem", "is_negation", "is_stopword", "breaks_clause", "word_class", "vocabulary")

    def __init__(self, folded, stem, is_negation, is_stopword, breaks_clause, word_class=0, vocabulary=()):
        self.folded = folded
        self.stem = stem
        self.is_negation = is_negation
        self.is_stopword = is_stopword
        self.breaks_clause = breaks_clause
        self.word_class = word_class
        self.vocabulary = vocabulary


class Token:
    __slots__ = ("surface", "part", "clause", "sentence", "start", "end", "in_question")

    def __init__(self, surface, part, clause, sentence, start, end):
        self.surface = surface
        self.part = part
        self.clause = clause
        self.sentence = sentence
        self.start = start
        self.end = end
        self.in_question = False


class Tokenizer:
    _stemmers = {}

    def __init__(self, language):
        self.language = language
        if language not in Tokenizer._stemmers:
            Tokenizer._stemmers[language] = snowballstemmer.stemmer("english" if language == "en" else "german")
        self.stemmer = Tokenizer._stemmers[language]
        self.words = {}
        self.negations = NEGATIONS[language]
        self.stopwords = STOPWORDS[language]
        self.clause_breakers = CLAUSE_BREAKERS[language]

    def tokenize(self, text, lookup=None):
        lookup = lookup or self.parts
        count = len(text)
        tokens = []
        clause = sentence = 0
        word_start = -1
        is_number = False
        previous = " "
        questions = []
        german = self.language == "de"
        word_characters = WORD_CHARACTERS
        index = 0
        while index <= count:
            ch = text[index] if index < count else " "
            nxt = text[index + 1] if index + 1 < count else None
            if word_characters[ch]:
                if word_start < 0:
                    word_start = index
                    is_number = is_digit(ch)
            elif word_start >= 0 and ch >= "\x80" and is_combining_mark(ch):
                pass
            elif word_start >= 0 and (ch == "'" or ch == "\u2019") and nxt is not None and is_letter(nxt):
                pass
            elif word_start >= 0 and is_number and (ch == "." or ch == ",") and nxt is not None and is_ascii_digit(nxt):
                pass
            else:
                if word_start >= 0:
                    surface = text[word_start:index]
                    parts = lookup(surface)
                    # "order no": the short form of "number", not a negation.
                    if self.language == "en" and len(parts) == 1 and parts[0].folded == "no" and tokens \
                            and tokens[-1].clause == clause and tokens[-1].part.folded in NUMBERED_NOUNS:
                        parts = lookup("number")
                    for part in parts:
                        if part.breaks_clause:
                            clause += 1
                        tokens.append(Token(surface, part, clause, sentence, word_start, index))
                    word_start = -1
                if index < count and ch != " ":
                    spaced_hyphen = ch == "-" and (previous == " " or nxt == " ")
                    ordinal = False
                    if ch == "." and german and is_ascii_digit(previous) and nxt == " " and index + 2 < count:
                        after_next = text[index + 2]
                        ordinal = is_letter(after_next) or is_ascii_digit(after_next)
                    ends_here = not ordinal and (
                        nxt is None or nxt == " " or nxt == "\n" or nxt == "\t" or (nxt >= "\x80" and nxt.isspace()))
                    if (ch in CLAUSE_PUNCTUATION and (ch != "." or ends_here)) or spaced_hyphen:
                        clause += 1
                    if ch in SENTENCE_PUNCTUATION and ends_here:
                        if ch == "?":
                            questions.append(sentence)
                        sentence += 1
            previous = ch
            index += 1
        if questions:
            asked = set(questions)
            for token in tokens:
                if token.sentence in asked:
                    token.in_question = True
        return tokens

    def parts(self, surface):
        known = self.words.get(surface)
        if known is not None:
            return known
        parts = self.analyze_word(surface)
        self.words[surface] = parts
        return parts

    def analyze_word(self, surface):
        folded = []
        has_apostrophe = False
        is_number = False
        for ch in surface:
            if not folded and not has_apostrophe:
                is_number = is_digit(ch)
            if ch == "'" or ch == "\u2019":
                folded.append("'")
                has_apostrophe = True
            elif ch == "." or ch == ",":
                folded.append(".")
            elif ch < "\x80" or not is_combining_mark(ch):
                folded.append(fold_scalar(ch))
        word = "".join(folded)
        if self.language == "en" and has_apostrophe:
            expansion = expand_contraction(word)
            if expansion is not None:
                return [self.part(w) for w in expansion]
        plain = word.replace("'", "") if has_apostrophe else word
        if is_number:
            return [WordPart(plain, plain, False, False, False)]
        # "email" is written "E-Mail" as often: read both as "e" + "mail".
        if plain.startswith("email"):
            return [self.part("e"), self.part(plain[1:])]
        return [self.part(plain)]

    def part(self, word):
        negation = word in self.negations
        return WordPart(word, self.stemmer.stemWord(word), negation, word in self.stopwords,
                        not negation and word in self.clause_breakers, classify(word, self.language))


# ---------------------------------------------------------------------------------------------
# Sentence structure (Text/Structure.swift)

def sentence_structure(tokens, language):
    n = len(tokens)
    standing = [0] * n
    if not n:
        return standing
    clauses = []
    start = 0
    for index in range(1, n + 1):
        if index == n or tokens[index].clause != tokens[start].clause:
            clauses.append((start, index))
            start = index
    classes = [t.part.word_class for t in tokens]

    def mark(lo, hi, flag):
        for i in range(lo, hi):
            standing[i] |= flag

    def is_elliptic_condition(lo, hi):
        # "if not, ...", "falls nicht, ...": the fallback after them is said as fact.
        return hi - lo == 2 and tokens[lo].part.folded in ELLIPTIC_NEGATION_OPENERS \
            and (tokens[lo + 1].part.is_negation or tokens[lo + 1].part.folded in ("so", "ja", "doch"))

    def rest_of_sentence_end(index):
        end = index
        s = tokens[index].sentence
        while end < n and tokens[end].sentence == s:
            end += 1
        return end

    def has(lo, hi, kind):
        for i in range(lo, hi):
            if classes[i] & kind:
                return True
        return False

    def first(lo, hi, kind):
        for i in range(lo, hi):
            if classes[i] & kind:
                return i
        return None

    filler = PROMISE_VERB | MODAL | ABILITY_MODAL | FIRST_PERSON | SECOND_PERSON | ADVERB | RETRACTION_FILLER

    def is_retraction(lo, hi):
        """A denied-promise clause about "that" and nothing else, followed by nothing but a turn."""
        if not has(lo, hi, RETRACTION_OBJECT):
            return False
        for i in range(lo, hi):
            if not (tokens[i].part.is_negation or tokens[i].part.is_stopword or classes[i] & (filler | RETRACTION_OBJECT)):
                return False
        end = rest_of_sentence_end(lo)
        if hi >= end:
            return True
        next_hi = hi
        while next_hi < end and tokens[next_hi].clause == tokens[hi].clause:
            next_hi += 1
        if any(tokens[i].part.folded in CONTRAST_WORDS for i in range(hi, next_hi)):
            return True
        return all(tokens[i].part.is_stopword or classes[i] & filler for i in range(hi, end))

    idioms = WORD_LISTS[language]["wish_idioms"]
    for clause_index, (lo, hi) in enumerate(clauses):
        for negation in range(lo, hi):
            if not tokens[negation].part.is_negation:
                continue
            reach = 4 if tokens[negation].part.folded in OBJECT_NEGATIONS else 6
            coordinator = first(negation, min(hi, negation + reach), COORDINATOR)
            if coordinator is not None:
                new_subject = coordinator + 1 < hi and tokens[coordinator + 1].part.folded in SUBJECT_PRONOUNS[language]
                mark(negation, min(hi, coordinator if new_subject else coordinator + 4), NEGATED)
            nxt = clause_index + 1
            while nxt < len(clauses):
                nlo, nhi = clauses[nxt]
                if nhi - nlo > 6 or tokens[nlo].sentence != tokens[lo].sentence:
                    break
                coordinator = first(nlo + 1, nhi, COORDINATOR)
                if coordinator is None:
                    break
                mark(nlo, min(nhi, coordinator + 4), NEGATED)
                nxt += 1
        governed = False
        for verb in range(lo, hi):
            if not classes[verb] & PROMISE_VERB:
                continue
            for negation in range(lo, hi):
                if tokens[negation].part.is_negation:
                    if language == "en":
                        if negation < verb and verb - negation <= 3:
                            governed = True
                    elif abs(verb - negation) <= 3:
                        governed = True
        # A promise verb opening a German sentence, governed by the negated modal later in it.
        opens_sentence = lo == 0 or tokens[lo - 1].sentence != tokens[lo].sentence
        if not governed and language == "de" and opens_sentence and classes[lo] & PROMISE_VERB:
            for later_lo, later_hi in clauses[clause_index:]:
                if tokens[later_lo].sentence != tokens[lo].sentence:
                    break
                if tokens[later_lo].part.folded in COMPLEMENTIZERS:
                    continue
                if any(tokens[i].part.is_negation for i in range(later_lo, later_hi)) \
                        and (has(later_lo, later_hi, MODAL) or has(later_lo, later_hi, ABILITY_MODAL)):
                    governed = True
                    break
        # A denied promise about "that" right after a statement takes the statement back.
        if governed and is_retraction(lo, hi):
            sentence = tokens[lo].sentence
            start = lo
            while start > 0 and tokens[start - 1].sentence >= sentence - 1:
                start -= 1
            mark(start, lo, HYPOTHETICAL)
        if governed:
            # ... up to a clause that turns to what will be done ("..., ich schau aber ...").
            end = rest_of_sentence_end(lo)
            for later_lo, later_hi in clauses[clause_index + 1:]:
                if later_lo >= end:
                    break
                if any(tokens[i].part.folded in CONTRAST_WORDS for i in range(later_lo, later_hi)) \
                        or is_elliptic_condition(later_lo, later_hi):
                    end = later_lo
                    break
            mark(lo, end, DENIED_PROMISE)
        opener = first(lo, hi, NON_ASSERTIVE_OPENER)
        if opener is not None:
            any_word = first(opener, hi, NEGATIVE_POLARITY)
            if any_word is not None:
                mark(any_word, hi, NEGATED)
        last = hi - 1
        if tokens[last].in_question and (last + 1 == n or tokens[last + 1].sentence != tokens[last].sentence):
            mark(lo, hi, QUESTION)
        if tokens[last].in_question or has(lo, hi, REQUEST_MARKER) or classes[lo] & IMPERATIVE:
            mark(lo, hi, REQUEST)
        inverted = bool(classes[lo] & INVERTED_CONDITIONAL)
        if has(lo, hi, CONDITIONAL) or has(lo, hi, HEDGE) or inverted:
            mark(lo, hi, HYPOTHETICAL)
            if (has(lo, min(hi, lo + 2), CONDITIONAL) or inverted) and clause_index + 1 < len(clauses) \
                    and tokens[clauses[clause_index + 1][0]].sentence == tokens[lo].sentence \
                    and not is_elliptic_condition(lo, hi):
                mark(clauses[clause_index + 1][0], clauses[clause_index + 1][1], HYPOTHETICAL)
        verb = first(lo, hi, REPORTING_VERB)
        # "ehrlich gesagt", "wie gesagt" are the trainee's own words.
        if verb is not None and not has(lo, verb, FIRST_PERSON) and not has(max(lo, verb - 2), verb, MODAL) \
                and not (verb > lo and tokens[verb - 1].part.folded in SAYING_MARKERS):
            mark(lo, rest_of_sentence_end(lo), HYPOTHETICAL)
        # Someone else's ability ("our specialists can ... send the 8 back"): not a promise.
        modal = first(lo, hi, ABILITY_MODAL)
        if modal is not None and not has(lo, hi, FIRST_PERSON) \
                and not (modal + 1 < hi and tokens[modal + 1].part.is_negation) and (
                (modal > lo and not has(lo, modal, SECOND_PERSON)) if language == "en"
                else not has(lo, hi, SECOND_PERSON)):
            end = hi
            for later_lo, later_hi in clauses[clause_index + 1:]:
                if tokens[later_lo].sentence != tokens[lo].sentence:
                    break
                opens_with_customer = has(later_lo, min(later_hi, later_lo + 2), SECOND_PERSON) if language == "en" \
                    else has(later_lo, later_hi, SECOND_PERSON)
                if has(later_lo, later_hi, FIRST_PERSON) or has(later_lo, later_hi, FUTURE) or opens_with_customer:
                    break
                end = later_hi
            mark(modal, end, HYPOTHETICAL)
        if has(lo, hi, IDIOM_START):
            for idiom in idioms:
                if hi - lo < len(idiom):
                    continue
                for offset in range(lo, hi - len(idiom) + 1):
                    if all(tokens[offset + k].part.folded == idiom[k] for k in range(len(idiom))):
                        mark(offset, offset + len(idiom), HYPOTHETICAL)
        for feeling in range(lo, hi):
            if not classes[feeling] & FEELING:
                continue
            nxt_class = classes[feeling + 1] if feeling + 1 < hi else 0
            prev_class = classes[feeling - 1] if feeling > lo else 0
            copula = feeling - 1
            while copula >= lo and classes[copula] & ADVERB:
                copula -= 1
            speaker_is = copula > lo and bool(classes[copula] & SPEAKER_COPULA) \
                and has(max(lo, copula - 2), copula, FIRST_PERSON_SINGULAR)
            shared = has(feeling + 1, min(hi, feeling + 4), SHARING) \
                or has(max(lo, feeling - 3), feeling, CONDITIONAL_MODAL)
            if not shared and (nxt_class & SPEAKER_OBJECT or prev_class & SPEAKER_OBJECT or speaker_is):
                standing[feeling] |= OWN_FEELING
    return standing


# ---------------------------------------------------------------------------------------------
# Matcher (Text/Matcher.swift)

TYPO_MINIMUM_LENGTH = 5
COMPOUND_MINIMUM_LENGTH = 5
FUZZY_WORD_LIMIT = 64
ENTITY_KINDS = {"amount", "percentage", "date", "weekday", "calendar_week", "clock_time", "duration",
                "time_frame", "email", "identifier"}


def fuzzy_length(word):
    size = len(word.encode("utf-8"))
    if size <= FUZZY_WORD_LIMIT:
        return len(word)
    if size > FUZZY_WORD_LIMIT * 4:
        return None
    return len(word) if len(word) <= FUZZY_WORD_LIMIT else None


def one_deletions(word):
    return [word[:i] + word[i + 1:] for i in range(len(word))]


def is_double(text):
    # Swift's Double(String): decimal or hexadecimal floats, inf/infinity/nan; no spaces or '_'.
    if "_" in text or text != text.strip():
        return False
    try:
        float(text)
        return True
    except ValueError:
        try:
            float.fromhex(text)
            return text.lower().lstrip("+-").startswith("0x")
        except ValueError:
            return False


def slot_name(word):
    if len(word) > 2 and word[0] == "{" and word[-1] == "}":
        return word[1:-1]
    return None


def split_slots(phrase):
    if "{" not in phrase:
        return phrase, []
    words, slots = [], []
    for word in phrase.split(" "):
        if not word:
            continue
        name = slot_name(word)
        if name is not None:
            slots.append(name)
        else:
            words.append(word)
    return " ".join(words), slots


class CompiledPhrase:
    __slots__ = ("words", "one_clause", "negated", "text", "is_question", "request_only")

    def __init__(self, words, one_clause, negated, text, is_question, request_only):
        self.words = words
        self.one_clause = one_clause
        self.negated = negated
        self.text = text
        self.is_question = is_question
        self.request_only = request_only


class CompiledPattern:
    __slots__ = ("key", "source", "alternatives", "asserted_only")

    def __init__(self, key, source, alternatives, asserted_only):
        self.key = key
        self.source = source
        self.alternatives = alternatives
        self.asserted_only = asserted_only


class AnalyzedText:
    __slots__ = ("tokens", "occurrences", "content_index", "standing", "sentences", "clauses", "negations",
                 "stopwords")

    def __init__(self, tokens, occurrences, content_index, standing):
        self.tokens = tokens
        self.occurrences = occurrences
        self.content_index = content_index
        self.standing = standing
        self.sentences = [t.sentence for t in tokens]
        self.clauses = [t.clause for t in tokens]
        self.negations = [t.part.is_negation for t in tokens]
        self.stopwords = [t.part.is_stopword for t in tokens]


def differ_only_in_ending(key, token):
    """A correctly spelt word still counts as `key` when the two share all but their last two
    letters, and at least four (PhraseMatcher.differOnlyInEnding)."""
    for form in (token.stem, token.folded):
        if OSA.distance(key, form, score_cutoff=1) > 1:
            continue
        a, b = key.encode("utf-8"), form.encode("utf-8")
        common = 0
        while common < min(len(a), len(b)) and a[common] == b[common]:
            common += 1
        if common >= max(4, max(len(a), len(b)) - 2):
            return True
    return False


class PhraseMatcher:
    def __init__(self, language, phrases, spelt=frozenset()):
        self.language = language
        self.spelt = spelt
        self.tokenizer = Tokenizer(language)
        self.plain_tokenizer = Tokenizer(language)
        vocabulary = {}
        count = 0
        slots = {}
        for phrase in phrases:
            words, slot_names = split_slots(phrase)
            for name in slot_names:
                if name not in ENTITY_KINDS or name in slots:
                    continue
                slots[name] = count
                vocabulary["{" + name + "}"] = count
                count += 1
            for token in self.plain_tokenizer.tokenize(words):
                stem, folded = token.part.stem, token.part.folded
                ident = vocabulary.get(stem, vocabulary.get(folded, count))
                if ident == count:
                    count += 1
                vocabulary.setdefault(stem, ident)
                vocabulary.setdefault(folded, ident)
        deletions = {}
        longest = 0
        for key in vocabulary:
            length = fuzzy_length(key)
            if length is None:
                continue
            longest = max(longest, length)
            if length < TYPO_MINIMUM_LENGTH - 1:
                continue
            for variant in one_deletions(key):
                deletions.setdefault(variant, []).append(key)
        self.vocabulary = vocabulary
        self.deletions = deletions
        self.longest_part = longest
        self.slots = slots
        triggers = set()
        for phrase in phrases:
            if "{" in phrase:
                words, _ = split_slots(phrase)
                triggers.add(tuple(vocabulary[t.part.stem] for t in self.plain_tokenizer.tokenize(words)
                                   if not t.part.is_stopword and t.part.stem in vocabulary))
        self.slot_triggers = list(triggers)
        self.word_cache = {}
        self.negation_words = NEGATIONS[language]
        self.exact = EXACT_WORDS[language]

    def compile(self, phrase, request_only=False):
        language = self.language
        words, slot_names = split_slots(phrase)
        slot_words = [self.slots[n] for n in slot_names if n in ENTITY_KINDS and n in self.slots]
        tokens = self.plain_tokenizer.tokenize(words)
        content = [t for t in tokens if not t.part.is_stopword]
        chosen = content if content else tokens
        if len(content) < 2 and len(tokens) >= 2:
            articles = ARTICLES[language]
            chosen = [t for t in tokens if t.part.folded not in articles]
        possessives = POSSESSIVES[language]
        one_clause = 2 <= len(tokens) <= 3 and len(chosen) >= 2 and not slot_words \
            and any(t.part.folded in possessives for t in tokens)
        return CompiledPhrase(
            [self.vocabulary[t.part.stem] for t in chosen if t.part.stem in self.vocabulary] + slot_words,
            one_clause, any(t.part.is_negation for t in tokens), phrase,
            phrase.endswith("?") or (bool(tokens) and tokens[0].part.folded in QUESTION_OPENERS[language]),
            request_only)

    def analyze(self, text):
        tokens = self.tokenizer.tokenize(text, self.parts)
        occurrences = {}
        content_index = []
        content = 0
        for index, token in enumerate(tokens):
            for ident in token.part.vocabulary:
                occurrences.setdefault(ident, []).append(index)
            content_index.append(content)
            if not token.part.is_stopword:
                content += 1
        standing = sentence_structure(tokens, self.language)
        if self.slots and any(all(w in occurrences for w in trigger) for trigger in self.slot_triggers):
            # Entities come in UTF-8 byte offsets, as in Swift; tokens know character offsets.
            if text.isascii():
                byte_at = range(len(text) + 1)
            else:
                byte_at = [0] * (len(text) + 1)
                position = 0
                for offset, character in enumerate(text):
                    byte_at[offset] = position
                    position += 1 if character < "\x80" else len(character.encode("utf-8"))
                byte_at[len(text)] = position
            first = 0
            added = False
            for kind, start, end in peer_recognisers.recognise(text, self.language):
                ident = self.slots.get(kind)
                if ident is None:
                    continue
                while first < len(tokens) and byte_at[tokens[first].end] <= start:
                    first += 1
                index = first
                while index < len(tokens) and byte_at[tokens[index].start] < end:
                    occurrences.setdefault(ident, []).append(index)
                    added = True
                    index += 1
            if added:
                for positions in occurrences.values():
                    positions.sort()
        return AnalyzedText(tokens, occurrences, content_index, standing)

    def parts(self, surface):
        cached = self.word_cache.get(surface)
        if cached is not None:
            return cached
        parts = []
        for part in self.tokenizer.parts(surface):
            parts.append(WordPart(part.folded, part.stem, part.is_negation, part.is_stopword, part.breaks_clause,
                                  part.word_class, sorted(self.matching_words(part))))
        self.word_cache[surface] = parts
        return parts

    def matching_words(self, token):
        vocabulary = self.vocabulary
        result = set()
        if token.stem in vocabulary:
            result.add(vocabulary[token.stem])
        if token.folded in vocabulary:
            result.add(vocabulary[token.folded])
        if not token.is_negation:
            spelt = token.folded in self.spelt
            for form in {token.stem, token.folded}:
                length = fuzzy_length(form)
                if length is None or length < TYPO_MINIMUM_LENGTH - 1 or length > self.longest_part + 1 \
                        or is_double(form):
                    continue
                candidates = list(self.deletions.get(form, ()))
                for variant in one_deletions(form):
                    if variant in vocabulary:
                        candidates.append(variant)
                    candidates += self.deletions.get(variant, ())
                if form in self.exact:
                    continue
                for key in candidates:
                    if len(key) >= TYPO_MINIMUM_LENGTH and key not in self.negation_words and key not in self.exact \
                            and OSA.distance(key, form, score_cutoff=1) <= 1 \
                            and (not spelt or differ_only_in_ending(key, token)):
                        result.add(vocabulary[key])
        stem = token.stem
        if self.language == "de":
            length = fuzzy_length(stem)
            if length is not None and length >= COMPOUND_MINIMUM_LENGTH + 2 \
                    and self.longest_part >= COMPOUND_MINIMUM_LENGTH \
                    and not any(stem.startswith(p) for p in GERMAN_NON_COMPOUNDS):
                size = len(stem)
                for start in range(0, size - COMPOUND_MINIMUM_LENGTH + 1):
                    longest = min(size, start + self.longest_part)
                    if start + COMPOUND_MINIMUM_LENGTH > longest:
                        continue
                    for end in range(start + COMPOUND_MINIMUM_LENGTH, longest + 1):
                        if not (start > 0 or end < size):
                            continue
                        if start > 0 and end < size and end - start <= COMPOUND_MINIMUM_LENGTH:
                            continue
                        ident = vocabulary.get(stem[start:end])
                        if ident is not None:
                            result.add(ident)
        return result

    def find(self, phrase, text, asserted_only=False):
        words = phrase.words
        if not words:
            return None
        occurrences = text.occurrences
        rarest = None
        for word in words:
            positions = occurrences.get(word)
            if not positions:
                return None
            if rarest is None or len(positions) < len(rarest):
                rarest = positions
        window = len(words) + 2
        content = text.content_index
        sentences = text.sentences
        for anchor in rarest:
            sentence = sentences[anchor]
            nearest_positions = []
            for word in words:
                found = self.nearest(occurrences[word], anchor, sentence, sentences)
                if found is None:
                    break
                nearest_positions.append(found)
            else:
                first, last = min(nearest_positions + [anchor]), max(nearest_positions + [anchor])
                if content[last] - content[first] >= window:
                    continue
                if not phrase.negated and self.is_negated(first, last, text):
                    continue
                if phrase.one_clause or (asserted_only and len(words) >= 2):
                    clause = text.clauses[nearest_positions[0]]
                    if any(text.clauses[p] != clause for p in nearest_positions):
                        continue
                positions = sorted(nearest_positions)
                if not self.stands(positions, text, phrase, asserted_only):
                    continue
                return positions
        return None

    @staticmethod
    def stands(positions, text, phrase, asserted_only):
        blocking = OWN_FEELING | DENIED_PROMISE
        if not phrase.negated:
            blocking |= NEGATED
        if asserted_only:
            blocking |= HYPOTHETICAL
            if not phrase.is_question:
                blocking |= QUESTION
        standing = text.standing
        for position in positions:
            if standing[position] & blocking:
                return False
        if phrase.request_only and not any(standing[p] & REQUEST for p in positions):
            return False
        return True

    @staticmethod
    def nearest(occurrences, anchor, sentence, sentences):
        low = bisect.bisect_left(occurrences, anchor)
        found = None
        if low > 0 and sentences[occurrences[low - 1]] == sentence:
            found = occurrences[low - 1]
        if low < len(occurrences) and sentences[occurrences[low]] == sentence:
            after = occurrences[low]
            if found is None or after - anchor < anchor - found:
                found = after
        return found

    def is_negated(self, first, last, text):
        clauses, negations, stopwords, tokens = text.clauses, text.negations, text.stopwords, text.tokens
        clause = clauses[first]
        for inside in range(first, last + 1):
            if negations[inside] and clauses[inside] == clause:
                return True
        seen = 0
        index = first - 1
        copula_passed, words_since_copula, carrier_since_copula = False, 0, False
        # "There's no way we can refund that": "no way", "no chance" negate the clause after them.
        if self.language == "en":
            before = first - 1
            while before > 0 and clauses[before] == clause and clauses[before - 1] == clause:
                if tokens[before].part.folded in ENGLISH_NEGATED_NOUNS and tokens[before - 1].part.folded == "no":
                    return True
                before -= 1
        while index >= 0 and seen < 3 and clauses[index] == clause:
            pronoun_object = tokens[index].part.folded in OBJECT_NEGATIONS and index + 2 == first \
                and tokens[index + 1].part.folded in PRONOUN_OBJECTS \
                and (self.language == "en" or tokens[first].surface[:1].islower())
            word = tokens[index].part.folded
            if negations[index] and self.language == "en" and copula_passed and words_since_copula > 0 \
                    and not carrier_since_copula and word in ENGLISH_VERB_NEGATIONS \
                    and not pseudo_cleft(index, clause, text):
                return False
            if coordinated_subject(index, tokens, self.language):
                break
            determiner_only = self.language == "en" and word == "no" and seen > 0 \
                and not (index + 1 < first and tokens[index + 1].part.folded in ENGLISH_NEGATED_NOUNS) \
                and any(tokens[i].part.folded in ENGLISH_VERBS_AFTER_SUBJECT for i in range(index + 1, first))
            if negations[index] and not determiner_only and (seen == 0 or tokens[index].part.folded not in OBJECT_NEGATIONS) \
                    and not pronoun_object and not (index > 0 and index + 1 < first and clauses[index - 1] == clause
                             and tokens[index - 1].part.folded in ELLIPTIC_NEGATION_OPENERS):
                return True
            if self.language == "en":
                if word in ENGLISH_COPULAS:
                    copula_passed = True
                elif copula_passed and not negations[index]:
                    if word in ENGLISH_NEGATION_CARRIERS:
                        carrier_since_copula = True
                    if not stopwords[index]:
                        words_since_copula += 1
            if not stopwords[index]:
                seen += 1
            index -= 1
        clause_after = clauses[last]
        if self.language == "en":
            picked = []
            index = last + 1
            while index < len(clauses) and index <= last + 4 and len(picked) < 3 and clauses[index] == clause_after:
                if tokens[index].part.folded not in ENGLISH_ADVERBS:
                    picked.append(index)
                index += 1
            if len(picked) < 2:
                return False
            first_word, second = tokens[picked[0]].part.folded, tokens[picked[1]].part.folded
            if first_word in ENGLISH_COPULAS and second in NEGATIONS["en"] and second != "without":
                return True
            if len(picked) >= 3 and first_word in ENGLISH_MODALS and second == "not" \
                    and tokens[picked[2]].part.folded == "be":
                return True
            return False
        # German puts "nicht" late after a verb (lower case as typed); after a noun only the next
        # few words (Matcher.isNegated).
        after_verb = tokens[last].surface[:1].islower()
        # A phrase at the front of its clause (only small words before it) is the object the
        # clause's verb governs, however late its "nicht" comes.
        fronted = True
        before = first - 1
        while before >= 0 and clauses[before] == clause:
            if not stopwords[before]:
                fronted = False
                break
            before -= 1
        reach = 10 if fronted else 6 if after_verb else 3
        seen = 0
        index = last + 1
        while index < len(clauses) and seen < reach and clauses[index] == clause_after:
            if coordinated_subject(index, tokens, self.language):
                break
            if negations[index] and tokens[index].part.folded not in GERMAN_FORWARD_ONLY_NEGATIONS:
                return True
            if not stopwords[index]:
                seen += 1
            index += 1
        return False

    def match(self, pattern, text):
        """The first alternative of a pattern that matches: (pattern source, words as typed)."""
        for phrase in pattern.alternatives:
            positions = self.find(phrase, text, pattern.asserted_only)
            if positions is not None:
                words = []
                for position in positions:
                    surface = text.tokens[position].surface
                    if not words or words[-1] != surface:
                        words.append(surface)
                return pattern.source, words
        return None


# ---------------------------------------------------------------------------------------------
# Loading: lexicon and scenario (Loading/LexiconLoader.swift, Loading/ScenarioLoader.swift).
# CBaseLoader keeps every scalar a string, as the Swift reader does; numbers and booleans are
# read where the format has them.

def _load_yaml(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=yaml.CBaseLoader)


def _strings(node):
    if node is None:
        return []
    return [node] if isinstance(node, str) else [item for item in node if isinstance(item, str)]


class Lexicon:
    def __init__(self, directory):
        self.concepts = {}
        self.requests = {}
        # Correctly spelt words that are no typos of a neighbouring pattern word (words.en.txt).
        self.spelt = {}
        for language in ("en", "de"):
            path = os.path.join(directory, "words.%s.txt" % language)
            if os.path.exists(path):
                with open(path, encoding="utf-8") as handle:
                    self.spelt[language] = {line.strip() for line in handle
                                            if line.strip() and not line.strip().startswith("#")}
        for name in sorted(os.listdir(directory)):
            if not name.endswith(".yaml"):
                continue
            data = _load_yaml(os.path.join(directory, name)) or {}
            language = data.get("language")
            concepts = self.concepts.setdefault(language, {})
            for concept, phrases in (data.get("concepts") or {}).items():
                concepts[concept] = [p.strip() for p in _strings(phrases) if p.strip()]
            self.requests.setdefault(language, set()).update(_strings(data.get("requests")))

    def phrases(self, concept, language):
        return self.concepts.get(language, {}).get(concept, [])

    def is_request(self, concept, language):
        return concept in self.requests.get(language, set())


def pattern_alternatives(text):
    return [a.strip(" \t") for a in text.split("|") if a.strip(" \t")]


def _patterns(node):
    return [p.strip() for p in _strings(node) if p.strip()]


def _evidence(node, language):
    spec = (node or {}).get(language) or {}
    return {"any": _patterns(spec.get("any")), "all": _patterns(spec.get("all")), "none": _patterns(spec.get("none")),
            "weak": _patterns(spec.get("weak"))}


def _number(text, default):
    try:
        return float(text)
    except (TypeError, ValueError):
        return default


def clamped_weight(value):
    return 0.0 if math.isnan(value) else min(100.0, max(0.0, value))


class Scenario:
    def __init__(self, path):
        data = _load_yaml(path)
        self.id = data["id"]
        self.language = data["language"]
        self.nodes = {}
        self.node_order = []
        for node_id, node in (data.get("nodes") or {}).items():
            branches = []
            for branch in node.get("branches") or []:
                when = branch.get("when") or {}
                branches.append({"target": branch.get("goto"), "misses": when.get("misses"),
                                 "escalated": when.get("escalated"), "transferred": when.get("transferred"),
                                 "met": _strings(when.get("met")), "met_any": _strings(when.get("met_any"))})
            model = node.get("model")
            moves_on = node.get("moves_on")
            self.nodes[node_id] = {"branches": branches, "expects": _strings(node.get("expects")),
                                   "ending": node.get("end"),
                                   "model": model.strip() if isinstance(model, str) and model.strip() else None,
                                   "moves_on": moves_on.strip() if isinstance(moves_on, str) and moves_on.strip()
                                   else None}
            self.node_order.append(node_id)
        self.intents = {name: _evidence(spec, self.language) for name, spec in (data.get("intents") or {}).items()}
        rubric = data.get("rubric") or {}
        self.pass_score = _number(rubric.get("pass"), 70.0)
        self.criteria = []
        for item in rubric.get("criteria") or []:
            self.criteria.append({
                "id": item["id"], "weight": clamped_weight(_number(item.get("weight"), 1.0)),
                "max": {"binary": 1, "3-point": 2, "4-point": 3, "5-point": 4}[item.get("scale", "binary")],
                "critical": item.get("critical") == "true", "bonus": item.get("bonus") == "true",
                "scope": _strings(item.get("scope")), "evidence": _evidence(item.get("evidence"), self.language)})
        self.resolve_when = _strings(rubric.get("resolve_when"))
        escalation = data.get("escalation") or {}
        window = escalation.get("window")
        self.escalation = {
            "expect": escalation.get("expect"), "target": escalation.get("target"),
            "window": (int(window[0]), int(window[1])) if window and len(window) == 2 else None,
            "handoff": [(item["id"], _evidence(item.get("evidence"), self.language))
                        for item in escalation.get("handoff") or []],
            "weight": clamped_weight(_number(escalation.get("weight"), 2.0)),
            "critical": escalation.get("critical") == "true",
            "equivalents": [tuple(text.split(":", 1)) for text in _strings(escalation.get("equivalent"))],
            "alongside": [tuple(text.split(":", 1)) for text in _strings(escalation.get("alongside"))]}
        persona = data.get("persona") or {}
        knows = persona.get("knows") or {}
        self.knows = [(item_id, _patterns(item.get("asked"))) for item_id, item in knows.items()]


def find_scenario_file(root, scenario_id):
    """The scenario file under `root` whose top-level `id:` is `scenario_id`."""
    for folder, _, files in sorted(os.walk(root)):
        if os.sep + "answers" in folder or os.sep + "lexicon" in folder or os.sep + "products" in folder:
            continue
        for name in sorted(files):
            if not name.endswith(".yaml"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith("id:"):
                        if line[3:].strip().strip("'\"") == scenario_id:
                            return path
                        break
    return None


# ---------------------------------------------------------------------------------------------
# Compiled scenario (Engine/CompiledScenario.swift)

def expand_concepts(alternative, phrases):
    if "@" not in alternative:
        return [alternative]
    results = [""]
    for word in alternative.split(" "):
        if not word:
            continue
        options = phrases(word[1:]) if word.startswith("@") and len(word) > 1 else [word]
        results = [o if not p else p + " " + o for p in results for o in options]
        if len(results) > 400:
            results = results[:400]
    return results


class CompiledScenario:
    def __init__(self, scenario, lexicon):
        self.scenario = scenario
        language = scenario.language
        specs = [c["evidence"] for c in scenario.criteria]
        specs += list(scenario.intents.values())
        specs += [evidence for _, evidence in scenario.escalation["handoff"]]
        specs += [{"any": asked, "all": [], "none": [], "weak": []} for _, asked in scenario.knows]

        def phrases(pattern):
            result = []
            for alternative in pattern_alternatives(pattern):
                request = alternative.startswith("@") and lexicon.is_request(alternative[1:], language)
                for text in expand_concepts(alternative, lambda c: lexicon.phrases(c, language)):
                    for variant in [text] + separated_verb_variants(text, language):
                        result.append((variant, request))
            return result

        every_phrase = [text for spec in specs for pattern in spec["any"] + spec["all"] + spec["none"] + spec.get("weak", [])
                        for text, _ in phrases(pattern)]
        self.matcher = matcher = PhraseMatcher(language, every_phrase, lexicon.spelt.get(language, frozenset()))
        compiled_patterns = {}

        def compile_spec(spec):
            def patterns(items, asserted_only=False):
                result = []
                for text in items:
                    key = ("none:" if asserted_only else "") + text
                    pattern = compiled_patterns.get(key)
                    if pattern is None:
                        pattern = CompiledPattern(key, text, [matcher.compile(t, r) for t, r in phrases(text)],
                                                  asserted_only)
                        compiled_patterns[key] = pattern
                    result.append(pattern)
                return result
            return {"any": patterns(spec["any"]), "all": patterns(spec["all"]),
                    "none": patterns(spec["none"], True), "weak": patterns(spec.get("weak", []), True)}

        self.criteria = {c["id"]: compile_spec(c["evidence"]) for c in scenario.criteria}
        self.handoff = {item_id: compile_spec(evidence) for item_id, evidence in scenario.escalation["handoff"]}
        forward = {}
        for node_id in scenario.node_order:
            seen = {node_id}
            queue = [node_id]
            while queue:
                current = queue.pop()
                for branch in scenario.nodes.get(current, {}).get("branches", []):
                    if branch["misses"] is None and branch["escalated"] is None and branch["transferred"] is None \
                            and branch["target"] not in seen:
                        seen.add(branch["target"])
                        queue.append(branch["target"])
            forward[node_id] = seen
        self.forward_reaches = forward
        self.skipped_cache = {}
        model_answers = {}
        for node_id in reversed(scenario.node_order):
            node = scenario.nodes[node_id]
            if node["model"] is not None:
                for criterion_id in node["expects"]:
                    model_answers[criterion_id] = node["model"]
        self.model_answers = model_answers

    def skipped_nodes(self, start, end):
        if start == end:
            return set()
        key = (start, end)
        cached = self.skipped_cache.get(key)
        if cached is None:
            forward = self.forward_reaches
            cached = {n for n in forward.get(start, ()) if n != start and n != end and end in forward.get(n, ())}
            self.skipped_cache[key] = cached
        return cached


def evidence_signal_count(evidence):
    return (1 if evidence["any"] else 0) + len(evidence["all"])


def evidence_is_empty(evidence):
    return not evidence["any"] and not evidence["all"] and not evidence["none"] and not evidence.get("weak")


class Reply:
    """A trainee's reply after analysis, with the patterns already searched for in it."""
    __slots__ = ("entry", "text", "memo", "position")

    def __init__(self, entry, text, position):
        self.entry = entry
        self.text = text
        self.memo = {}
        self.position = position


def memo_match(memo, pattern, text, matcher):
    if pattern.key in memo:
        return memo[pattern.key]
    found = matcher.match(pattern, text)
    memo[pattern.key] = found
    return found


def turn_signals(evidence, text, memo, matcher):
    any_match = None
    for pattern in evidence["any"]:
        found = memo_match(memo, pattern, text, matcher)
        if found is not None:
            any_match = found
            break
    all_matches = []
    for index, pattern in enumerate(evidence["all"]):
        found = memo_match(memo, pattern, text, matcher)
        if found is not None:
            all_matches.append((index, found))
    forbidden = []
    for pattern in evidence["none"]:
        found = memo_match(memo, pattern, text, matcher)
        if found is not None:
            forbidden.append(found)
    weak = []
    for pattern in evidence.get("weak", []):
        found = memo_match(memo, pattern, text, matcher)
        if found is not None:
            weak.append(found)
    return any_match, all_matches, forbidden, weak


class Tally:
    """What one criterion (or hand-off fact) collected over the replies: evidence is
    (turn, pattern, words as typed)."""
    __slots__ = ("evidence", "any_evidence", "all_evidence", "forbidden", "weakened")

    def __init__(self, evidence):
        self.evidence = evidence
        self.any_evidence = None
        self.all_evidence = {}
        self.forbidden = []
        self.weakened = []

    def add(self, signals, turn):
        any_match, all_matches, forbidden, weak = signals
        if self.any_evidence is None and any_match is not None:
            self.any_evidence = (turn, any_match[0], any_match[1])
        for index, match in all_matches:
            if index not in self.all_evidence:
                self.all_evidence[index] = (turn, match[0], match[1])
        for match in forbidden:
            self.forbidden.append((turn, match[0], match[1]))
        for match in weak:
            self.weakened.append((turn, match[0], match[1]))

    @property
    def met_signals(self):
        return (0 if self.any_evidence is None else 1) + len(self.all_evidence)

    def evidence_list(self):
        items = [] if self.any_evidence is None else [self.any_evidence]
        items += [self.all_evidence[i] for i in sorted(self.all_evidence)]
        return items if len(items) < 2 else sorted(items, key=lambda e: e[0])

    def is_fully_met(self):
        return not self.forbidden and not self.weakened and self.met_signals == evidence_signal_count(self.evidence) \
            and not evidence_is_empty(self.evidence)

    def points(self, max_points):
        if self.forbidden or evidence_is_empty(self.evidence):
            return 0
        signals = evidence_signal_count(self.evidence)
        points = max_points if signals == 0 else (max_points * self.met_signals) // signals
        return min(points, max_points - 1) if self.weakened else points


# ---------------------------------------------------------------------------------------------
# Scorer (Scoring/Scorer.swift)

REASONS = {
    "en": {"not_shown": "not shown", "moved_on": "not shown: the customer moved on", "partly": "partly shown",
           "forbidden": "a forbidden phrase was used", "weakened": "only halfway: a phrase that weakens it was used",
           "not_reached": "not reached: the conversation ended before this point"},
    "de": {"not_shown": "nicht gezeigt", "moved_on": "nicht gezeigt: der Kunde ist weitergegangen",
           "partly": "teilweise gezeigt", "forbidden": "eine verbotene Formulierung wurde verwendet",
           "weakened": "nur zum Teil: eine abschwächende Formulierung wurde verwendet",
           "not_reached": "nicht erreicht: das Gespräch endete vorher"},
}
MOVES_ON = {"en": "Okay, let's leave that.", "de": "Na gut, lassen wir das."}
VERDICT_POINTS = {"correct": 2, "not-expected": 2, "late": 1, "incomplete-handoff": 1, "premature": 0, "missed": 0,
                  "unnecessary": 0, "wrong-target": 0}
INFINITY = float("inf")


class Transcript:
    """A transcript as `dojo replay --format json` prints it: `turns`, `ending`, and the
    first hand-off's note (`escalation.note`)."""

    def __init__(self, turns, ending, handoff_note):
        self.entries = []
        first_handoff = True
        for turn in turns:
            action = turn.get("action")
            text = turn.get("text") or ""
            if action in ("escalate", "transfer"):
                text = handoff_note if first_handoff and handoff_note is not None else ""
                first_handoff = False
            self.entries.append({"speaker": turn["speaker"], "node": turn["node"], "turn": turn.get("turn"),
                                 "text": text, "action": action, "target": turn.get("target")})
        self.ending = ending
        self.trainee_turns = [e for e in self.entries if e["speaker"] == "trainee"]
        seen = set()
        self.visited_nodes = []
        for entry in self.entries:
            if entry["speaker"] == "customer" and entry["node"] not in seen:
                seen.add(entry["node"])
                self.visited_nodes.append(entry["node"])

    @staticmethod
    def from_replay(report):
        return Transcript(report["turns"], report.get("ending"), (report.get("escalation") or {}).get("note"))


class Scorer:
    def __init__(self, compiled):
        self.compiled = compiled
        self.scenario = compiled.scenario

    def analyzed_replies(self, transcript):
        replies, customer_lines = [], []
        matcher = self.compiled.matcher
        for position, entry in enumerate(transcript.entries):
            if entry["speaker"] == "trainee":
                if entry["action"] == "reply":
                    replies.append(Reply(entry, matcher.analyze(entry["text"]), position))
            else:
                customer_lines.append((position, entry["node"]))
        return replies, customer_lines

    def score(self, transcript):
        scenario = self.scenario
        visited = set(transcript.visited_nodes)
        conversation = self.analyzed_replies(transcript)
        verdict, turn, missing = self.judge_escalation(transcript)
        results = self.criterion_results(transcript, verdict, conversation, visited)
        # An alongside hand-off is one only after the work due by then was done.
        if verdict in ("not-expected", "missed") and turn is not None \
                and not self.did_expected_work(turn, transcript, results):
            verdict, turn, missing = self.judge_escalation(transcript, allowing_alongside=False)
            conversation = self.analyzed_replies(transcript)
            results = self.criterion_results(transcript, verdict, conversation, visited)
        if verdict == "premature" and turn is not None and self.did_expected_work(turn, transcript, results):
            verdict = "correct" if not missing else "incomplete-handoff"
            conversation = self.analyzed_replies(transcript)
            results = self.criterion_results(transcript, verdict, conversation, visited)
        expectation = scenario.escalation
        if verdict == "not-expected":
            # Ended by a hand-off the scenario allows alongside keeping the case: still kept.
            kept = ("resolved", "gave-up", "ended-by-agent") + (("escalated", "transferred") if turn is not None else ())
            points = 2 if transcript.ending in kept else 0
        elif verdict == "late" and turn is not None and expectation["window"] is not None \
                and turn <= expectation["window"][1] + 2:
            points = 2
        elif verdict == "incomplete-handoff" and len(missing) == 1 \
                and len(expectation["handoff"]) - len(missing) >= 2:
            points = 2
        else:
            points = VERDICT_POINTS[verdict]
        results.append({"id": "escalation", "score": points, "max": 2, "weight": expectation["weight"],
                        "met": points == 2, "applicable": True, "critical": expectation["critical"],
                        "bonus": False})
        earned = possible = bonus = 0.0
        for result in results:
            if not result["applicable"]:
                continue
            share = (result["score"] or 0) / result["max"]
            if result["bonus"]:
                bonus += result["weight"] * share
            else:
                earned += result["weight"] * share
                possible += result["weight"]
        raw = min(100.0, math.floor((earned + bonus) / possible * 1000 + 0.5) / 10) if possible > 0 else 0.0
        critical_misses = [r["id"] for r in results if r["applicable"] and r["critical"] and not r["met"]]
        total = raw if not critical_misses else 0.0
        return {"score": total, "raw_score": raw, "verdict": verdict, "critical_misses": critical_misses,
                "handoff_missing": missing,
                "criteria": results}

    def counting_limit(self, scope, customer_lines):
        limit = None
        compiled = self.compiled
        for index, (position, node_id) in enumerate(customer_lines):
            nxt = customer_lines[index + 1][0] if index + 1 < len(customer_lines) else INFINITY
            if node_id in scope:
                limit = nxt
            if index + 1 < len(customer_lines) and customer_lines[index + 1][1] != node_id \
                    and not compiled.skipped_nodes(node_id, customer_lines[index + 1][1]).isdisjoint(scope):
                limit = max(limit or 0, nxt)
        return limit

    def tally(self, criterion, conversation, whole_conversation):
        replies, customer_lines = conversation
        evidence = self.compiled.criteria[criterion["id"]]
        tally = Tally(evidence)
        counted = False
        scope = criterion["scope"]
        if not scope:
            limit = INFINITY
        else:
            limit = self.counting_limit(set(scope), customer_lines)
            if limit is None:
                limit = INFINITY if whole_conversation else -1
        matcher = self.compiled.matcher
        for reply in replies:
            node_id = reply.entry["node"]
            in_scope = not scope or node_id in scope
            if reply.position < limit or in_scope:
                any_match, all_matches, forbidden, weak = turn_signals(evidence, reply.text, reply.memo, matcher)
                if not in_scope:
                    forbidden, weak = [], []
                tally.add((any_match, all_matches, forbidden, weak), reply.entry["turn"] or 0)
                counted = True
        return tally, counted

    def criterion_results(self, transcript, verdict, conversation, visited):
        handled_properly = transcript.ending == "resolved" or verdict in ("correct", "late", "incomplete-handoff")
        cut_short = transcript.ending in (None, "gave-up", "ended-by-agent") or not handled_properly
        path = transcript.visited_nodes
        skipped = set()
        for start, end in zip(path, path[1:]):
            skipped |= self.compiled.skipped_nodes(start, end)
        skipped -= visited
        results = []
        for criterion in self.scenario.criteria:
            tally, counted = self.tally(criterion, conversation, cut_short)
            evidence = tally.evidence
            scope = criterion["scope"]
            applicable = not scope or any(s in visited for s in scope) or not handled_properly \
                or tally.met_signals > 0 or any(s in skipped for s in scope)
            only_forbids = evidence_signal_count(evidence) == 0 and not evidence_is_empty(evidence)
            points = (tally.points(criterion["max"]) if counted or only_forbids else 0) if applicable else None
            reason = None
            if points is not None and points < criterion["max"]:
                if tally.forbidden:
                    reason = "forbidden"
                elif tally.weakened and tally.met_signals == evidence_signal_count(evidence):
                    reason = "weakened"
                elif tally.met_signals > 0:
                    reason = "partly"
                elif not scope or any(s in visited for s in scope):
                    moved_on = any(start in scope and self.left_for_want_of_progress(start, end, transcript)
                                   for start, end in zip(path, path[1:]))
                    reason = "moved_on" if moved_on else "not_shown"
                elif any(s in skipped for s in scope):
                    reason = "moved_on"
                else:
                    reason = "not_reached"
            results.append({"id": criterion["id"], "score": points, "max": criterion["max"],
                            "weight": criterion["weight"], "met": points == criterion["max"],
                            "applicable": applicable, "critical": criterion["critical"],
                            "bonus": criterion["bonus"], "evidence": tally.evidence_list(),
                            "violations": tally.forbidden,
                            "reason": REASONS[self.scenario.language][reason] if reason else None,
                            "model_answer": self.model_answer(criterion["id"], path)})
        return results

    def left_for_want_of_progress(self, start, end, transcript):
        node = self.scenario.nodes.get(start)
        if node is None:
            return False
        branches = [b for b in node["branches"] if b["target"] == end]
        if branches and all(b["misses"] is not None for b in branches):
            return True
        moves_on = node["moves_on"] or MOVES_ON[self.scenario.language]
        return any(e["speaker"] == "customer" and e["node"] == end and e["text"].startswith(moves_on)
                   for e in transcript.entries)

    def model_answer(self, criterion_id, visited):
        for node_id in reversed(visited):
            node = self.scenario.nodes.get(node_id)
            if node is not None and criterion_id in node["expects"] and node["model"] is not None:
                return node["model"]
        return self.compiled.model_answers.get(criterion_id)

    def did_expected_work(self, turn, transcript, results):
        answered = {e["node"] for e in transcript.trainee_turns if (e["turn"] or 0) <= turn}
        due = [c["id"] for c in self.scenario.criteria
               if not c["bonus"] and any(s in answered for s in c["scope"])]
        met = {r["id"]: r["met"] for r in results}
        return bool(due) and all(met.get(i, False) for i in due)

    def judge_escalation(self, transcript, allowing_alongside=True):
        """(verdict, hand-off turn, missing hand-off facts)."""
        expectation = self.scenario.escalation
        handoffs = [e for e in transcript.trainee_turns if e["action"] in ("escalate", "transfer")]
        # A hand-off the scenario allows alongside keeping the case is not the case's hand-off.
        handoff = next((e for e in handoffs if not allowing_alongside
                        or (e["action"], e["target"] or "") not in expectation["alongside"]), None)
        if handoff is None:
            return ("not-expected" if expectation["expect"] == "resolve" else "missed"), \
                (handoffs[0]["turn"] if handoffs else None), []
        target = handoff["target"] or ""
        turn = handoff["turn"] or 0
        matcher = self.compiled.matcher
        note = matcher.analyze(handoff["text"])
        memo = {}
        missing = []
        for item_id, _ in expectation["handoff"]:
            evidence = self.compiled.handoff[item_id]
            tally = Tally(evidence)
            tally.add(turn_signals(evidence, note, memo, matcher), turn)
            if not tally.is_fully_met():
                missing.append(item_id)
        window = expectation["window"]
        kind = handoff["action"]
        accepted = (kind == expectation["expect"] and target == expectation["target"]) \
            or (kind, target) in expectation["equivalents"]
        if expectation["expect"] == "resolve":
            verdict = "unnecessary"
        elif not accepted:
            verdict = "wrong-target"
        elif window is not None and turn < window[0]:
            verdict = "premature"
        elif window is not None and turn > window[1]:
            verdict = "late"
        elif missing:
            verdict = "incomplete-handoff"
        else:
            verdict = "correct"
        return verdict, turn, missing
