"""Curation: editors' accounts, the journal of changes, editing concepts and reviewing candidates, accepting
renderings proposed from bilingual documents."""
