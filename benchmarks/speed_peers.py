"""Whole-process peers of `sertag tag --format jsonl FILE`, for `npm run bench:speed`.

usage: python3 benchmarks/speed_peers.py SYSTEM TERMS.tsv TEXT.txt > out.jsonl
SYSTEM: spacy-ruler | spacy-phrase | ahocorasick

Each reads the surface forms (TERMS.tsv: term TAB type, one a line), builds its matcher, then
writes one JSON line per input line, {"text", "spans": [{"start", "end", "label"}]}, character
offsets. Building the matcher is part of the timed process, as loading sertag's cache is.
spaCy runs under the Python that has it (pip); pyahocorasick is Debian's python3-ahocorasick,
so it runs under /usr/bin/python3.
"""
import json
import sys


def read_terms(path):
    with open(path, encoding="utf-8") as f:
        return [tuple(line.rstrip("\n").split("\t", 1)) for line in f if line.strip()]


def read_lines(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line:
                yield line


def write(out, text, spans):
    out.write(json.dumps({"text": text, "spans": spans}, ensure_ascii=False))
    out.write("\n")


def spacy_peer(kind, terms, lines, out):
    import spacy
    from spacy.util import filter_spans

    nlp = spacy.blank("en")
    if kind == "spacy-ruler":
        # Lower-case matching, as sertag's gazetteers mostly ignore case and the other peers do.
        ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "LOWER"})
        ruler.add_patterns([{"label": label, "pattern": term} for term, label in terms])
        for doc in nlp.pipe(lines, batch_size=1000):
            write(out, doc.text, [{"start": e.start_char, "end": e.end_char, "label": e.label_} for e in doc.ents])
        return
    from spacy.matcher import PhraseMatcher

    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    by_label = {}
    for term, label in terms:
        by_label.setdefault(label, []).append(term)
    for label, patterns in by_label.items():
        matcher.add(label, list(nlp.tokenizer.pipe(patterns)))
    for doc in nlp.pipe(lines, batch_size=1000):
        spans = filter_spans(matcher(doc, as_spans=True))
        write(out, doc.text, [{"start": s.start_char, "end": s.end_char, "label": s.label_} for s in spans])


def ahocorasick_peer(terms, lines, out):
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for term, label in terms:
        key = term.lower()
        if key not in automaton:
            automaton.add_word(key, (len(key), label))
    automaton.make_automaton()

    def is_word(c):
        return c.isalnum() or c == "_"

    for text in lines:
        lower = text.lower()
        if len(lower) != len(text):  # a few characters grow when lower-cased; match on the original then
            lower = text
        n = len(lower)
        found = []
        for end, (length, label) in automaton.iter(lower):
            start = end - length + 1
            if start > 0 and is_word(lower[start - 1]):
                continue
            if end + 1 < n and is_word(lower[end + 1]):
                continue
            found.append((start, end + 1, label))
        # Longest first, then leftmost; keep those that overlap nothing kept (spaCy's filter_spans policy).
        found.sort(key=lambda s: (s[0] - s[1], s[0]))
        taken = set()
        kept = []
        for start, end, label in found:
            if any(i in taken for i in range(start, end)):
                continue
            taken.update(range(start, end))
            kept.append((start, end, label))
        kept.sort()
        write(out, text, [{"start": s, "end": e, "label": l} for s, e, l in kept])


def main(argv):
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    system, terms_path, text_path = argv[1:]
    terms = read_terms(terms_path)
    lines = read_lines(text_path)
    out = sys.stdout
    if system in ("spacy-ruler", "spacy-phrase"):
        spacy_peer(system, terms, lines, out)
    elif system == "ahocorasick":
        ahocorasick_peer(terms, lines, out)
    else:
        sys.stderr.write(f"unknown system {system}\n")
        return 2
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
