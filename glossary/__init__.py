"""A Chinese→English glossary and translation aid for trade-union and labour-relations language."""

__version__ = "0.1.0"
