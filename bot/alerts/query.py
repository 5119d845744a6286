"""Keyword subscriptions: `Ukraine AND (talks OR ceasefire) NOT sport` → an AST, a matcher and an explanation.

Grammar (operators in any case; adjacent terms mean AND, so `Ukraine NOT sport` = `Ukraine AND NOT sport`):

    query   := or_expr
    or_expr := and_expr ("OR" and_expr)*
    and_expr:= unary (["AND"] unary)*
    unary   := "NOT" unary | primary
    primary := "(" or_expr ")" | '"quoted phrase"' | word

A word that splits into several tokens ("AI-chip", "U.S.-China") is a phrase. A query that would match an
empty article (only NOTs) is refused: it would alert on every story. That rule is also what makes the
subscription index exact: an article can only match a query if it contains one of the query's terms.
Parentheses and NOTs nest at most MAX_DEPTH deep: the parser, the matcher and the explanations recurse once
per level, so a deeper query is refused with a message instead of exhausting Python's stack.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from bot.alerts.errors import QuerySyntaxError
from bot.alerts.text import Document, tokens

logger = logging.getLogger(__name__)

EXAMPLE = '/subscribe Ukraine AND (talks OR ceasefire) NOT sport   ·   /subscribe "export controls" OR sanctions'
OPERATORS = {"and": "AND", "or": "OR", "not": "NOT"}
MAX_DEPTH = 20  # nested parentheses and NOTs together; real queries use two or three
_LEX = re.compile(r'(?P<paren>[()])|"(?P<phrase>[^"]*)(?P<closed>"?)|(?P<word>[^\s()"]+)')


@dataclass(frozen=True)
class Term:
    tokens: tuple[str, ...]
    text: str  # as the user wrote it, for explanations

    def show(self) -> str:
        return f'"{self.text}"' if len(self.tokens) > 1 else self.text


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = Term | Not | And | Or


@dataclass(frozen=True)
class _Tok:
    kind: str  # ( ) AND OR NOT TERM
    pos: int
    term: Term | None = None


_SMART_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"'})


def _lex(text: str) -> list[_Tok]:
    text = text.translate(_SMART_QUOTES)  # phones and Macs type curly quotes
    out: list[_Tok] = []
    pos = 0
    while True:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if pos >= len(text):
            break
        m = _LEX.match(text, pos)
        assert m is not None  # every non-space character starts one of the alternatives
        start = pos
        if m.group("paren"):
            out.append(_Tok(m.group("paren"), start))
        elif m.group("phrase") is not None:
            if not m.group("closed"):
                raise QuerySyntaxError(f"the quote at position {start + 1} is never closed", EXAMPLE)
            toks = tuple(tokens(m.group("phrase")))
            if not toks:
                raise QuerySyntaxError(f"the quoted phrase at position {start + 1} is empty", EXAMPLE)
            out.append(_Tok("TERM", start, Term(toks, m.group("phrase").strip())))
        elif m.group("word"):
            word = m.group("word")
            if word.lower() in OPERATORS:
                out.append(_Tok(OPERATORS[word.lower()], start))
            else:
                toks = tuple(tokens(word))
                if not toks:
                    raise QuerySyntaxError(f"'{word}' has no letters or digits to look for", EXAMPLE)
                out.append(_Tok("TERM", start, Term(toks, word)))
        pos = m.end()
    return out


# Kept over a grammar library: lark 1.3 (LALR, measured) parses 1.8x slower and reports "Unexpected token
# $END at column 9" where this says "AND at position 9 needs a word or phrase after it".
class _Parser:
    def __init__(self, text: str) -> None:
        self.toks = _lex(text)
        self.i = 0
        self.depth = 0  # parentheses and NOTs open around the current token

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def fail(self, what: str) -> QuerySyntaxError:
        tok = self.peek()
        if tok is None:
            return QuerySyntaxError(f"{what} at the end", EXAMPLE)
        shown = tok.term.text if tok.term is not None else tok.kind
        where = f"at position {tok.pos + 1} ('{shown}')"
        return QuerySyntaxError(f"{what} {where}", EXAMPLE)

    def enter(self, tok: _Tok) -> None:
        """One more level of nesting (a '(' or a NOT); refused past MAX_DEPTH."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            shown = "'('" if tok.kind == "(" else tok.kind
            raise QuerySyntaxError(
                f"the {shown} at position {tok.pos + 1} nests more than {MAX_DEPTH} levels deep; "
                "write the query with fewer parentheses and NOTs",
                EXAMPLE,
            )

    def operand_after(self, op: _Tok) -> None:
        nxt = self.peek()
        if nxt is None or nxt.kind in (")", "AND", "OR"):
            raise QuerySyntaxError(f"{op.kind} at position {op.pos + 1} needs a word or phrase after it", EXAMPLE)

    def parse(self) -> Node:
        if not self.toks:
            raise QuerySyntaxError("the query is empty", EXAMPLE)
        node = self.or_expr()
        if self.peek() is not None:
            tok = self.peek()
            raise self.fail("unmatched ')'" if tok and tok.kind == ")" else "unexpected word")
        return node

    def or_expr(self) -> Node:
        parts = [self.and_expr()]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.operand_after(self.take())
            parts.append(self.and_expr())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def and_expr(self) -> Node:
        parts = [self.unary()]
        while (tok := self.peek()) is not None:
            if tok.kind == "AND":
                self.operand_after(self.take())
            elif tok.kind not in ("TERM", "(", "NOT"):
                break
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self) -> Node:
        tok = self.peek()
        if tok is not None and tok.kind == "NOT":
            self.operand_after(self.take())
            self.enter(tok)
            node = Not(self.unary())
            self.depth -= 1
            return node
        return self.primary()

    def primary(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise self.fail("a word or phrase is missing")
        if tok.kind == "(":
            self.take()
            self.enter(tok)
            node = self.or_expr()
            close = self.peek()
            if close is None or close.kind != ")":
                raise QuerySyntaxError(f"the '(' at position {tok.pos + 1} is never closed", EXAMPLE)
            self.take()
            self.depth -= 1
            return node
        if tok.kind == "TERM":
            self.take()
            assert tok.term is not None
            return tok.term
        if tok.kind == ")":
            raise self.fail("empty parentheses or an operator without a word after it,")
        raise self.fail(f"{tok.kind} needs a word or phrase before and after it; found it")


def parse(text: str) -> Node:
    """Parse a keyword query; raises `QuerySyntaxError` (with a correct example) on bad syntax."""
    node = _Parser(text).parse()
    if evaluate(node, Document("")):
        raise QuerySyntaxError(
            f"'{text.strip()}' has no word that must appear, so it would match every story "
            "(add one, e.g. 'football NOT transfer')",
            EXAMPLE,
        )
    return node


def evaluate(node: Node, doc: Document) -> bool:
    if isinstance(node, Term):
        return doc.has(node.tokens)
    if isinstance(node, Not):
        return not evaluate(node.child, doc)
    if isinstance(node, And):
        return all(evaluate(c, doc) for c in node.children)
    return any(evaluate(c, doc) for c in node.children)


def terms(node: Node) -> list[Term]:
    """Every term of the query, each once (the index keys a query by them)."""
    if isinstance(node, Term):
        return [node]
    children = (node.child,) if isinstance(node, Not) else node.children
    seen: dict[Term, None] = {}
    for child in children:
        for term in terms(child):
            seen.setdefault(term, None)
    return list(seen)


def index_key(term: Term) -> str:
    """The token a term is indexed under: its longest (usually rarest) token."""
    return max(term.tokens, key=len)


def show(node: Node, top: bool = True) -> str:
    """The query written back canonically: `Ukraine AND (talks OR ceasefire) AND NOT sport`."""
    if isinstance(node, Term):
        return node.show()
    if isinstance(node, Not):
        return "NOT " + show(node.child, False)
    joiner = " AND " if isinstance(node, And) else " OR "
    text = joiner.join(show(c, False) for c in node.children)
    return text if top else f"({text})"


def _terms_by_presence(node: Node, doc: Document) -> dict[tuple[bool, bool], list[str]]:
    """Each term of the query once, in query order, grouped by (negated, present in the article)."""
    groups: dict[tuple[bool, bool], list[str]] = {(n, p): [] for n in (False, True) for p in (False, True)}

    def walk(n: Node, negated: bool) -> None:
        if isinstance(n, Term):
            bucket = groups[(negated, doc.has(n.tokens))]
            if n.show() not in bucket:
                bucket.append(n.show())
        elif isinstance(n, Not):
            walk(n.child, not negated)
        else:
            for child in n.children:
                walk(child, negated)

    walk(node, False)
    return groups


def explain(node: Node, doc: Document) -> str:
    """Why a matching article matched: the wanted terms it contains and the excluded ones it lacks."""
    groups = _terms_by_presence(node, doc)
    found, absent = groups[(False, True)], groups[(True, False)]
    text = "mentions " + ", ".join(found) if found else "matches"
    if absent:
        text += "; no mention of " + ", ".join(absent)
    return text


def explain_miss(node: Node, doc: Document) -> str:
    """Why an article did not match: which wanted terms are missing, or which excluded term is present."""
    groups = _terms_by_presence(node, doc)
    missing, excluded = groups[(False, False)], groups[(True, True)]
    parts = []
    if missing:
        parts.append("no mention of " + ", ".join(missing))
    if excluded:
        parts.append("mentions excluded " + ", ".join(excluded))
    return "; ".join(parts) or "the terms don't combine as the query asks"
