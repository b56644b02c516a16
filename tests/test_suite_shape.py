"""The suite's own shape: helpers live in helper modules (tests/browser.py, factories.py,
routes.py, ...), never in a test module another one imports; a Chromium test is marked
`browser` (conftest.py refuses it otherwise); and no test waits a fixed time where it
could wait for the event."""

import ast
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
WAITS = {"sleep", "wait_for_timeout"}  # time.sleep(s), page.wait_for_timeout(ms)


def is_test_module(name: str) -> bool:
    """tests.test_x or tests.conftest (pytest loads these; nothing else should)."""
    parts = name.split(".")
    return parts[0] == "tests" and len(parts) > 1 and (parts[1].startswith("test_") or parts[1] == "conftest")


def imported_modules(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module) of every import in a module of tests/, in functions too."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ("tests." * (node.level > 0) + (node.module or "")).rstrip(".")
            if base == "tests":  # from tests import test_x
                found += [(node.lineno, f"tests.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, base))
    return found


def bad_imports(source: str) -> list[str]:
    """The imports of test modules in a module's source."""
    return [f"line {line}: {name}" for line, name in imported_modules(ast.parse(source))
            if is_test_module(name)]


def fixed_waits(source: str) -> list[int]:
    """Lines that sleep a constant time outside a polling loop (a `while`, or a `for`
    that returns or breaks once its condition holds)."""
    tree = ast.parse(source)
    polls = [loop for loop in ast.walk(tree) if isinstance(loop, ast.While) or (
        isinstance(loop, ast.For) and any(isinstance(n, ast.Return | ast.Break) for n in ast.walk(loop)))]
    in_loop = {id(inner) for loop in polls for inner in ast.walk(loop)}
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in WAITS
            and node.args and isinstance(node.args[0], ast.Constant) and id(node) not in in_loop]


def test_no_module_of_the_suite_imports_a_test_module():
    found = {path.name: bad for path in sorted(TESTS.glob("*.py")) if (bad := bad_imports(path.read_text()))}
    assert found == {}, "move shared helpers to a helper module (tests/browser.py, factories.py, ...)"


def test_the_import_check_finds_every_form():
    assert bad_imports("from tests.test_presenter import log_in") == ["line 1: tests.test_presenter"]
    assert bad_imports("def f():\n    from tests import test_push") == ["line 2: tests.test_push"]
    assert bad_imports("import tests.conftest") == ["line 1: tests.conftest"]
    assert bad_imports("from .conftest import Client") == ["line 1: tests.conftest"]
    assert bad_imports("from tests.browser import log_in\nfrom tests import factories") == []


def test_no_test_waits_a_fixed_time():
    found = {path.name: lines for path in sorted(TESTS.glob("*.py"))
             if (lines := fixed_waits(path.read_text()))}
    assert found == {}, "wait for the event (expect, wait_for_function, tests/browser.py), not for a time"


def test_the_wait_check_tells_a_fixed_wait_from_a_poll():
    assert fixed_waits("page.wait_for_timeout(1500)\ntime.sleep(0.3)") == [1, 2]
    assert fixed_waits("while not done():\n    time.sleep(0.1)") == []
    assert fixed_waits("for _ in range(9):\n    if done():\n        return\n    time.sleep(0.1)") == []
    assert fixed_waits("for page in pages:\n    page.wait_for_timeout(150)") == [2]
    assert fixed_waits("time.sleep(service.delay)") == []


def test_an_unmarked_chromium_test_stops_the_run(tmp_path):
    """conftest.py refuses a test that asks for Chromium without @pytest.mark.browser,
    also when the run leaves browser tests out."""
    (tmp_path / "test_unmarked.py").write_text(
        "def test_marked_nowhere(phone):\n    pass\n\n\ndef test_no_browser():\n    pass\n")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "tests.conftest",
         "-c", str(ROOT / "pyproject.toml"), "--collect-only", "-m", "not browser", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode != 0, run.stdout
    assert "test_unmarked.py::test_marked_nowhere" in run.stdout + run.stderr
    assert "lack @pytest.mark.browser" in run.stdout + run.stderr
