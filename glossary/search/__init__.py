"""Search: lookup by characters, pinyin, initials or English, and browsing (kinds, A–Z, example pages)."""
