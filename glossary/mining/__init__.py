"""Term mining: candidate multi-word terms, abbreviations, slogans and names from Chinese texts.

`glossary.mining.pipeline.mine` ranks candidates; `glossary.mining.queue` keeps them in a glossary database
for review; `glossary.mining.commands` is the `glossary mine` command. This package file stays light: the
schema imports nothing from here.
"""
