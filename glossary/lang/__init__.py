"""Language tools, the ground floor: decoding and cleaning text, OpenCC scripts, sentences, pinyin in context,
jieba routes, and matching many terms in a text. Imports nothing of the glossary."""
