#!/usr/bin/env python3
"""Conformance cases from Jinja2's own test suite, rendered by real Jinja2 as py-orc configures it.

Two steps, each a subcommand:

record TESTS_DIR
    Runs Jinja2's own tests (the `tests/` folder of the Jinja2 3.1.2 sdist) under pytest and
    records every template they render with the context they render it with. Needs pytest and
    Jinja2 3.1.2 importable (PYTHONPATH=<sdist>/src). Writes the recorded cases (JSON) to stdout:
    the in-scope ones with a plain-JSON context, the others with the reason they are out of scope.

render
    Reads recorded cases (JSON) on stdin and renders each in-scope case with the installed Jinja2,
    configured exactly as py-orc configures it, adding its `expected` text or its `error` (the
    exception's class and message). Writes the cases file to stdout. Needs only Jinja2 (Debian's
    python3-jinja2 is 3.1.2, the version the cases were made with).

To regenerate test/lang/jinja2/cases.json:

    pip download --no-deps --no-binary :all: Jinja2==3.1.2 -d /tmp/jinja2-sdist
    tar xzf /tmp/jinja2-sdist/Jinja2-3.1.2.tar.gz -C /tmp/jinja2-sdist
    PYTHONPATH=/tmp/jinja2-sdist/Jinja2-3.1.2/src python3 test/lang/jinja2/jinja2-cases.py \\
        record /tmp/jinja2-sdist/Jinja2-3.1.2/tests > /tmp/jinja2-recorded.json
    /usr/bin/python3 test/lang/jinja2/jinja2-cases.py render \\
        < /tmp/jinja2-recorded.json > test/lang/jinja2/cases.json

test/lang/jinja2/conformance.test.ts compares our engine with cases.json on every run, and
re-renders every case with `render` when a Python with Jinja2 3.1.2 is available.
"""

import contextlib
import json
import math
import sys

SETTINGS = (
    "SandboxedEnvironment(undefined=StrictUndefined, trim_blocks=True, "
    "lstrip_blocks=True, keep_trailing_newline=True)"
)

# Tags that need what a pipeline value does not have: other templates (a loader), blocks to
# inherit, autoescaping, extensions.
OUT_OF_SCOPE_NODES = {
    "Extends": "template inheritance needs a template loader; a pipeline value is one template",
    "Block": "blocks belong to template inheritance, which needs a template loader",
    "Include": "includes need a template loader; pipelines include files with << path >>",
    "Import": "imports need a template loader",
    "FromImport": "imports need a template loader",
    "ScopedEvalContextModifier": "{% autoescape %}: py-orc renders text, it never escapes HTML",
    "EvalContextModifier": "{% autoescape %}: py-orc renders text, it never escapes HTML",
}
# Globals whose value is not data: lipsum is random text; cycler and joiner are objects with
# methods, which templates have no other use for.
OUT_OF_SCOPE_GLOBALS = {
    "lipsum": "lipsum() is random text: a pipeline value must render the same way every time",
    "cycler": "cycler() is a Python object with methods; loop.cycle covers its use",
    "joiner": "joiner() is a Python object with state; loop.first covers its use",
}
OUT_OF_SCOPE_FILTERS = {
    "random": "random picks differently each time: a pipeline value must render the same way every time",
}
MAX_SAFE_INTEGER = 2**53


class NotJson(Exception):
    pass


def plain_json(value, path):
    """The value as plain JSON data, or NotJson naming what is not."""
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind is int:
        if abs(value) > MAX_SAFE_INTEGER:
            raise NotJson(f"{path} is an integer beyond 2^53, which JSON numbers cannot hold exactly")
        return value
    if kind is float:
        if not math.isfinite(value):
            raise NotJson(f"{path} is {value}, which JSON cannot hold")
        return value
    if kind in (list, tuple):
        return [plain_json(item, f"{path}[{index}]") for index, item in enumerate(value)]
    if kind is dict:
        result = {}
        for key, item in value.items():
            if type(key) is not str:
                raise NotJson(f"{path} has a key that is not a string ({key!r})")
            result[key] = plain_json(item, f"{path}.{key}")
        return result
    if kind in SEQUENCE_KINDS:
        # A map(), range() or iterator is the list it yields (consumed here, before the test's render).
        return [plain_json(item, f"{path}[{index}]") for index, item in enumerate(value)]
    if isinstance(value, tuple) and hasattr(kind, "_fields"):
        # A namedtuple the test made as a record: read by attribute, as a mapping is.
        return {key: plain_json(item, f"{path}.{key}") for key, item in value._asdict().items()}
    if is_record(value):
        # An object the test made only to hold attributes: Jinja2 reads `user.name` from a
        # mapping as it does from an object.
        return {key: plain_json(item, f"{path}.{key}") for key, item in vars(value).items()}
    raise NotJson(f"{path} is a Python {kind.__name__} object, not data")


SEQUENCE_KINDS = {
    map,
    filter,
    range,
    type(iter([])),
    type(reversed([])),
    type(item for item in []),
}


def is_record(value):
    """An instance of a class a test defines with nothing but an __init__ that sets attributes."""
    kind = type(value)
    if not kind.__module__.startswith("test") or kind.__bases__ != (object,) or not hasattr(value, "__dict__"):
        return False
    members = {name for name, member in vars(kind).items() if callable(member) or isinstance(member, property)}
    return members <= {"__init__"}


class Recorder:
    def __init__(self):
        import jinja2
        from jinja2 import nodes
        from jinja2.defaults import DEFAULT_NAMESPACE
        from jinja2.sandbox import SandboxedEnvironment

        self.jinja2 = jinja2
        self.nodes = nodes
        self.default_namespace = DEFAULT_NAMESPACE
        self.default_environment = SandboxedEnvironment()
        self.current_test = None
        self.counts = {}
        self.seen = set()
        self.cases = []

    # pytest hooks -------------------------------------------------------------------------

    def pytest_runtest_protocol(self, item, nextitem):
        self.current_test = item.nodeid
        return None

    # patching Jinja2 ------------------------------------------------------------------------

    def install(self):
        environment = self.jinja2.environment
        recorder = self
        original_from_string = environment.Environment.from_string
        original_load = environment.Environment._load_template

        def from_string(self, source, globals=None, template_class=None):
            try:
                template = original_from_string(self, source, globals, template_class)
            except recorder.jinja2.TemplateSyntaxError:
                # A test that expects a syntax error never renders: the case is the refusal.
                if isinstance(source, str):
                    recorder.note_source(self, source, None, {})
                raise
            if isinstance(source, str):
                template._orc_source = (self, source)
            return template

        def load_template(self, name, globals):
            template = original_load(self, name, globals)
            try:
                template._orc_source = (self, self.loader.get_source(self, name)[0])
            except Exception:
                pass
            return template

        environment.Environment.from_string = from_string
        environment.Environment._load_template = load_template
        for method in ("render", "render_async", "generate"):
            self.wrap_render(environment.Template, method, recorder)

    def wrap_render(self, template_class, method, recorder):
        original = getattr(template_class, method)

        def wrapped(self, *args, **kwargs):
            recorder.note(self, args, kwargs)
            return original(self, *args, **kwargs)

        setattr(template_class, method, wrapped)

    # recording ----------------------------------------------------------------------------

    def note(self, template, args, kwargs):
        if self.current_test is None or not hasattr(template, "_orc_source"):
            return
        environment, source = template._orc_source
        try:
            context = dict(*args, **kwargs)
        except Exception:
            return
        self.note_source(environment, source, template, context)

    def note_source(self, environment, source, template, context):
        if self.current_test is None:
            return
        case = self.case(environment, source, template, context)
        key = json.dumps([case["template"], case.get("context")], sort_keys=True)
        if key in self.seen:
            return
        self.seen.add(key)
        count = self.counts.get(self.current_test, 0) + 1
        self.counts[self.current_test] = count
        self.cases.append({"id": f"{self.current_test}#{count}", **case})

    def case(self, environment, source, template, context):
        reason = self.syntax_reason(environment, source)
        if reason is not None:
            return {"template": source, "outOfScope": reason}
        parsed = self.default_environment.parse(source) if self.parses(source) else None
        if parsed is not None:
            reason = self.feature_reason(environment, parsed)
            if reason is not None:
                return {"template": source, "outOfScope": reason}
        try:
            scope = self.context_for(template, context, parsed)
        except NotJson as error:
            return {"template": source, "outOfScope": f"the test gives the template Python objects: {error}"}
        return {"template": source, "context": scope}

    def parses(self, source):
        try:
            self.default_environment.parse(source)
            return True
        except Exception:
            return False

    def syntax_reason(self, environment, source):
        """The test changed Jinja2's syntax or added tags: the template means something else here."""
        settings = (
            "block_start_string",
            "block_end_string",
            "variable_start_string",
            "variable_end_string",
            "comment_start_string",
            "comment_end_string",
            "line_statement_prefix",
            "line_comment_prefix",
        )
        for setting in settings:
            if getattr(environment, setting) != getattr(self.default_environment, setting):
                return f"the test changes Jinja2's syntax ({setting})"
        if environment.extensions and not self.parses(source):
            names = ", ".join(sorted(type(extension).__name__ for extension in environment.extensions.values()))
            return f"the template needs a Jinja2 extension the test loads ({names})"
        return None

    def feature_reason(self, environment, parsed):
        nodes = self.nodes
        for node in parsed.find_all(nodes.Node):
            reason = OUT_OF_SCOPE_NODES.get(type(node).__name__)
            if reason is not None:
                return reason
        default = self.default_environment
        for node in parsed.find_all(nodes.Filter):
            if node.name in OUT_OF_SCOPE_FILTERS:
                return OUT_OF_SCOPE_FILTERS[node.name]
            if node.name not in default.filters and node.name in environment.filters:
                return f"the filter '{node.name}' is defined by the test itself"
        for node in parsed.find_all(nodes.Test):
            if node.name not in default.tests and node.name in environment.tests:
                return f"the test '{node.name}' is defined by the test itself"
        for node in parsed.find_all(nodes.Name):
            if node.ctx == "load" and node.name in OUT_OF_SCOPE_GLOBALS:
                return OUT_OF_SCOPE_GLOBALS[node.name]
        return None

    def context_for(self, template, context, parsed):
        """The names the template reads, from the render's context or the test's globals."""
        from jinja2 import meta

        values = {}
        for name, value in template.globals.items() if template is not None else ():
            if self.default_namespace.get(name, object()) is not value:
                values[name] = value
        values.update(context)
        if parsed is None:
            used = set(values)
        else:
            used = meta.find_undeclared_variables(parsed)
        return {name: plain_json(values[name], name) for name in sorted(used) if name in values}


def record(tests_dir):
    import pytest

    recorder = Recorder()
    recorder.install()
    # Their own outcome does not matter: a failing test still rendered its templates. pytest's
    # report goes to stderr, the cases to stdout.
    with contextlib.redirect_stdout(sys.stderr):
        pytest.main(["-q", "-p", "no:cacheprovider", tests_dir], plugins=[recorder])
    import jinja2

    write_cases({"recordedWith": jinja2.__version__, "cases": recorder.cases})


def write_cases(document):
    """JSON with one case a line, so that a change to one case is a one-line diff."""
    head = {key: value for key, value in document.items() if key != "cases"}
    lines = [json.dumps(case, ensure_ascii=False, sort_keys=False) for case in document["cases"]]
    sys.stdout.write(json.dumps(head, ensure_ascii=False, indent=1)[:-2])
    sys.stdout.write(',\n "cases": [\n  ' + ",\n  ".join(lines) + "\n ]\n}\n")


def render_case(environment_factory, case):
    environment = environment_factory()
    try:
        return {"expected": environment.from_string(case["template"]).render(case["context"])}
    except Exception as error:  # the error a user would meet, whatever its class
        return {"error": type(error).__name__, "message": str(error)}


def render():
    import jinja2
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    recorded = json.load(sys.stdin)

    def environment():
        return SandboxedEnvironment(
            undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True
        )

    cases = []
    for case in recorded["cases"]:
        entry = {key: value for key, value in case.items() if key not in ("expected", "error", "message")}
        if "outOfScope" not in case:
            entry.update(render_case(environment, case))
        cases.append(entry)
    document = {
        "about": "Jinja2's own tests (the Jinja2 3.1.2 sdist's tests/), rendered by real Jinja2 as py-orc "
        "configures it; made by test/lang/jinja2/jinja2-cases.py",
        "jinja2": jinja2.__version__,
        "settings": SETTINGS,
        "cases": cases,
    }
    write_cases(document)


def main(argv):
    if len(argv) == 3 and argv[1] == "record":
        return record(argv[2])
    if len(argv) == 2 and argv[1] == "render":
        return render()
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv) or 0)
