"""A small ISO Schematron runner with XPath 2 (the `elementpath` package), for the TBX dialect schemas.

The TBX-Basic Schematron declares queryBinding="xslt2" (it uses matches() and `./local-name()`), which
lxml.isoschematron (XSLT 1) refuses. Those files use only ns / pattern / rule / assert (and report, let),
so this runner evaluates them directly: for each pattern, every node (element or attribute) is checked by
the first rule whose context matches it, as ISO Schematron says. Anything else in a schema (include,
abstract patterns or rules, phases) is refused rather than silently ignored.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from elementpath import XPath2Parser, XPathContext
from elementpath.exceptions import ElementPathError
from lxml import etree

from glossary.store.schema import GlossaryError

SCH = "http://purl.oclc.org/dsdl/schematron"
_SUPPORTED = {"ns", "pattern", "rule", "assert", "report", "let", "title", "p"}


@dataclass(frozen=True)
class Failure:
    pattern: str
    context: str  # the rule's context pattern
    test: str
    message: str
    location: str  # an XPath to the failing node
    line: int | None

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{where}{self.location}: {self.message} [{self.pattern}: {self.test}]"


@dataclass
class _Check:
    kind: str  # assert | report
    test: str
    message: str
    compiled: object


@dataclass
class _Rule:
    context: str
    selector: object
    lets: list[tuple[str, object]]
    checks: list[_Check]


class Schematron:
    """A compiled Schematron schema: `Schematron(path).validate(tree)` → list of failures."""

    def __init__(self, path: str | Path):
        path = Path(path)
        # The schema is trusted input (shipped with the dialect), but still no network or entities.
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        root = etree.parse(str(path), parser).getroot()
        if root.tag != f"{{{SCH}}}schema":
            raise GlossaryError(f"{path} is not an ISO Schematron schema")
        self.namespaces = {ns.get("prefix"): ns.get("uri") for ns in root.iterfind(f"{{{SCH}}}ns")}
        self.parser = XPath2Parser(namespaces=self.namespaces)
        self.patterns: list[tuple[str, list[_Rule]]] = []
        for element in root.iter(f"{{{SCH}}}*"):
            name = etree.QName(element).localname
            if name not in _SUPPORTED and name != "schema":
                raise GlossaryError(f"{path}: Schematron element <{name}> is not supported by this runner")
            if name in ("pattern", "rule") and (element.get("abstract") == "true" or element.get("is-a")):
                raise GlossaryError(f"{path}: abstract patterns and rules are not supported by this runner")
        for index, pattern in enumerate(root.iterfind(f"{{{SCH}}}pattern")):
            rules = [self._compile_rule(rule) for rule in pattern.iterfind(f"{{{SCH}}}rule")]
            self.patterns.append((pattern.get("id") or f"pattern {index + 1}", rules))

    def _compile(self, expression: str):
        try:
            return self.parser.parse(expression)
        except ElementPathError as exc:
            raise GlossaryError(f"Schematron expression {expression!r} does not compile: {exc}") from None

    def _compile_rule(self, rule) -> _Rule:
        context = rule.get("context")
        checks = []
        for check in rule:
            if not isinstance(check.tag, str):
                continue
            kind = etree.QName(check).localname
            if kind in ("assert", "report"):
                message = " ".join("".join(check.itertext()).split())
                checks.append(_Check(kind, check.get("test"), message, self._compile(check.get("test"))))
        lets = [(let.get("name"), self._compile(let.get("value"))) for let in rule.iterfind(f"{{{SCH}}}let")]
        return _Rule(context, self._compile(_pattern_to_xpath(context)), lets, checks)

    def validate(self, document) -> list[Failure]:
        """Every failed assert (and fired report) in an lxml tree or element, in pattern order."""
        tree = document if isinstance(document, etree._ElementTree) else document.getroottree()
        context = XPathContext(tree)
        failures = []
        for pattern_name, rules in self.patterns:
            claimed: set[int] = set()  # first matching rule per node wins within a pattern
            for rule in rules:
                context.item = context.root
                for node in list(rule.selector.select(context)):
                    if id(node) in claimed:
                        continue
                    claimed.add(id(node))
                    failures.extend(self._check(tree, context, pattern_name, rule, node))
        return failures

    def _check(self, tree, context, pattern_name: str, rule: _Rule, node) -> list[Failure]:
        failures = []
        variables = dict(context.variables)
        for name, expression in rule.lets:
            context.item, context.position, context.size, context.axis = node, 1, 1, None
            context.variables[name] = expression.evaluate(context)
        for check in rule.checks:
            context.item, context.position, context.size, context.axis = node, 1, 1, None
            value = check.compiled.boolean_value(check.compiled.evaluate(context))
            if (check.kind == "assert" and not value) or (check.kind == "report" and value):
                failures.append(
                    Failure(pattern_name, rule.context, check.test, check.message, *_locate(tree, node))
                )
        context.variables.clear()
        context.variables.update(variables)
        return failures


def _pattern_to_xpath(pattern: str) -> str:
    """An XSLT match pattern as an expression selecting the nodes it matches: `a/b` → `//a/b`."""
    branches = _split_union(pattern)
    return " | ".join(b if b.startswith("/") else "//" + b for b in branches)


def _split_union(pattern: str) -> list[str]:
    branches, depth, start = [], 0, 0
    for i, char in enumerate(pattern):
        if char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        elif char == "|" and depth == 0:
            branches.append(pattern[start:i].strip())
            start = i + 1
    branches.append(pattern[start:].strip())
    return branches


def _locate(tree, node) -> tuple[str, int | None]:
    element = getattr(node, "elem", None)
    suffix = ""
    if element is None:  # an attribute node: report its element
        parent = getattr(node, "parent", None)
        element = getattr(parent, "elem", None)
        suffix = f"/@{getattr(node, 'name', '?')}"
    if element is None or not hasattr(element, "sourceline"):
        return str(node), None
    return _path(element) + suffix, element.sourceline


def _path(element) -> str:
    """/tbx/text/body/conceptEntry[3]/langSec[2]: local names, positions among same-named siblings."""
    steps = []
    while element is not None:
        name = etree.QName(element).localname
        parent = element.getparent()
        same = [e for e in parent if e.tag == element.tag] if parent is not None else [element]
        steps.append(name if len(same) == 1 else f"{name}[{same.index(element) + 1}]")
        element = parent
    return "/" + "/".join(reversed(steps))


def validate_file(schema: str | Path, tree) -> list[Failure]:
    return Schematron(schema).validate(tree)
