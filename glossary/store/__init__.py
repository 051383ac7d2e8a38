"""The store: the SQLite schema and its migrations, the curated files of data/ and the build, concepts with
their derived fields, the corpus of documents that gives examples, the content report, publishing a copy."""
