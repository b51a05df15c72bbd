"""Statements PostgreSQL plans once per database connection (PREPARE, then EXECUTE), for the raw
statements run on every request (the session, the user's row versions, the unread count) and on
opening day's submission: planning the school's five-table join cost PostgreSQL ~0.35 ms of a
0.45 ms statement, every time.

    with connection.cursor() as cursor:
        execute(cursor, "adm_school", "SELECT ... WHERE s.id = %(school)s", {"school": 1})
        row = cursor.fetchone()

The statement is written as for `cursor.execute`, with named placeholders (`%(name)s`) and a dict of
parameters, or with `%s` and a list. A statement whose text is built per request (a user's scope, a
subgroup's roster condition) takes its name from `variant(prefix, sql)`: one name per text. The first use
on a connection sends `PREPARE name AS ...` (once: a prepared statement outlives a rolled-back
transaction, and lives until the connection closes); every use sends `EXECUTE name(...)`, which
PostgreSQL runs with the plan it keeps (re-planned by itself when a table it reads changes).

Behind a pooler that hands each transaction to any server connection (PgBouncer's transaction mode,
which the settings mark with DISABLE_SERVER_SIDE_CURSORS) a statement prepared on one server
connection is unknown to the next: the statement is then sent as it is."""

import contextlib
import functools
import hashlib
import re

from django.db import connections
from django.db.models.query import ModelIterable, get_related_populators

try:  # pghistory's wrapper that puts its context before every statement but a SELECT
    from pghistory.runtime import _inject_history_context as _HISTORY_CONTEXT
except ImportError:  # pragma: no cover - another pghistory: its context goes with every statement
    _HISTORY_CONTEXT = None

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_POSITIONAL = re.compile(r"%%|%s")
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
_STATEMENTS = {}  # name -> statement: one name, one statement


@functools.cache
def _compiled(sql):
    """(the statement with $1, $2... for PREPARE, the parameter names in their order). A literal %
    stays %%: the PREPARE is sent with an empty list of parameters, so that the driver reads it the
    same whether pghistory adds its context's parameters or not."""
    names = []

    def number(match):
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    text = _PLACEHOLDER.sub(number, sql)
    if "%" in text.replace("%%", ""):
        raise ValueError("a prepared statement takes named placeholders only: %(name)s")
    return text, tuple(names)


@functools.cache
def _compiled_positional(sql):
    """(the statement with $1, $2... for PREPARE, the number of parameters) of a statement with %s."""
    count = 0

    def number(match):
        nonlocal count
        if match.group(0) == "%%":
            return "%%"
        count += 1
        return f"${count}"

    text = _POSITIONAL.sub(number, sql)
    if "%" in text.replace("%%", ""):
        raise ValueError("a prepared statement with a list of parameters takes %s placeholders only")
    return text, count


@functools.lru_cache(maxsize=512)
def variant(prefix, sql):
    """The name of a statement whose text is built per request: `prefix` and a digest of the text."""
    return f"{prefix}_{hashlib.blake2s(sql.encode(), digest_size=6).hexdigest()}"


def _prepared_names(db):
    """The names prepared on this wrapper's current connection (a new connection knows none)."""
    state = getattr(db, "_prepared_statements", None)
    if state is None or state[0] is not db.connection:
        state = db._prepared_statements = (db.connection, set())
    return state[1]


@contextlib.contextmanager
def _without_history_context(db):
    """pghistory (its middleware, on every POST) sends its context before each statement that is not
    a SELECT, for the triggers that record the changes of the tables it tracks. A statement that
    changes none of them (an EXECUTE of a prepared SELECT, which does not read as a SELECT; the flood
    counter) goes without it, as a SELECT would."""
    wrappers = db.execute_wrappers
    if _HISTORY_CONTEXT is None or _HISTORY_CONTEXT not in wrappers:
        yield
        return
    at = wrappers.index(_HISTORY_CONTEXT)
    del wrappers[at]
    try:
        yield
    finally:
        wrappers.insert(at, _HISTORY_CONTEXT)


def execute(cursor, name, sql, params, history=True):
    """Runs `sql` with `params` (a dict, or a list for %s placeholders) as the prepared statement `name` of the cursor's
    connection; the rows are read from the cursor as after `cursor.execute`. `history=False`: the
    statement changes no table pghistory tracks (a SELECT, a counter), so it needs no history
    context."""
    db = cursor.db
    if db.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS"):
        cursor.execute(sql, params)
        return
    if _STATEMENTS.setdefault(name, sql) != sql or not _NAME.match(name):
        raise ValueError(f"not a statement name, or the name of another statement: {name!r}")
    positional = isinstance(params, (list, tuple))
    text, names = _compiled_positional(sql) if positional else _compiled(sql)
    prepared = _prepared_names(db)  # the cursor has opened the connection
    with contextlib.nullcontext() if history else _without_history_context(db):
        if name not in prepared:
            cursor.execute(f"PREPARE {name} AS {text}", [])
            prepared.add(name)
        if positional and names:
            cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * names)})", params)
        elif names:
            cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(names))})", [params[n] for n in names])
        else:
            cursor.execute(f"EXECUTE {name}")


def select(cursor, prefix, sql, params):
    """A SELECT whose text is built per request (a user's scope, a subgroup's roster condition),
    prepared under its variant name; it changes no table, so it goes without pghistory's context."""
    execute(cursor, variant(prefix, sql), sql, params, history=False)


# The ids a queryset builder is given when its statement is compiled: no row has them, and each
# stands for one argument, found again among the compiled statement's parameters.
_ID_STAND_INS = tuple(-(10**15) - n for n in range(8))
_QUERYSETS = {}  # name -> _CompiledQuerySet


class _CompiledQuerySet:
    """What Django's ModelIterable works out from a compiled queryset before its first row (the
    columns of each model, the select_related populators, the converters), kept once per process."""

    def __init__(self, queryset, argument_count):
        if queryset._iterable_class is not ModelIterable or queryset._prefetch_related_lookups:
            raise ValueError("a prepared queryset gives model instances, without prefetch_related")
        if queryset._known_related_objects:
            raise ValueError("a prepared queryset starts from a model's manager, not a related manager")
        self.db = queryset.db
        compiler = queryset.query.get_compiler(using=self.db)
        sql, params = compiler.as_sql()
        self.sql = sql
        # each parameter: (True, the index of the id it stands for) or (False, its constant value)
        self.params = []
        found = set()
        for value in params:
            if isinstance(value, int) and value in _ID_STAND_INS[:argument_count]:
                found.add(value)
                self.params.append((True, _ID_STAND_INS.index(value)))
            else:
                self.params.append((False, value))
        if len(found) != argument_count:
            raise ValueError("every argument of a prepared queryset must be an id its statement compares")
        select, klass_info = compiler.select, compiler.klass_info
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [f[0].target.attname for f in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, self.db)
        self.annotations = tuple(compiler.annotation_col_map.items())
        self.converters = tuple(compiler.get_converters([s[0] for s in select[: compiler.col_count]]).items())

    def instances(self, rows, connection):
        out = []
        for row in rows:
            if self.converters:
                row = list(row)
                for pos, (converters, expression) in self.converters:
                    for converter in converters:
                        row[pos] = converter(row[pos], expression, connection)
            obj = self.model.from_db(self.db, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            for attr, pos in self.annotations:
                setattr(obj, attr, row[pos])
            out.append(obj)
        return out


def instances(name, build, *ids):
    """The model instances of the queryset `build(*ids)` gives, as a list, by a statement compiled
    once per process and prepared once per connection: compiling a queryset with select_related
    costs Django more than running it (the personal file's movements: 2 ms to compile, 0.3 to run).

    `build` takes ids (integers) and gives a queryset of the same shape whatever they are: it is
    called once, with stand-in ids, and its statement is then run with the ids given. Only what it
    is given may vary: a queryset that depends on the user, the language or the date is not for here."""
    compiled = _QUERYSETS.get(name)
    if compiled is None:
        compiled = _QUERYSETS.setdefault(name, _CompiledQuerySet(build(*_ID_STAND_INS[: len(ids)]), len(ids)))
    params = [ids[value] if is_argument else value for is_argument, value in compiled.params]
    connection = connections[compiled.db]
    with connection.cursor() as cursor:
        execute(cursor, name, compiled.sql, params, history=False)
        rows = cursor.fetchall()
    return compiled.instances(rows, connection)
