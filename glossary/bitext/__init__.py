"""Bilingual documents: a Chinese text and its English translation, aligned unit by unit, so that an editor
can ask "how was this translated before?" (concordance), get renderings proposed from the evidence, and
check a published translation for units left out.

documents.py  storing aligned documents (tables bitexts, bitext_units), adding and removing them
align.py      reading pre-aligned files and aligning running texts (anchors, then Gale-Church by length)
evidence.py   the concordance of a term and the renderings the translations use for it
review.py     checking a published translation: units left untranslated, terms whose rendering is missing
"""
