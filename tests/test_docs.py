"""The docs tell the truth: diagrams match the machines, every command is listed."""

from pathlib import Path

from bot.commands import COMMANDS, CONSOLE_ONLY
from flows.diagrams import all_diagrams

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_diagrams_match_the_flows():
    start = README.index("<!-- diagrams:start -->") + len("<!-- diagrams:start -->")
    end = README.index("<!-- diagrams:end -->")
    assert README[start:end].strip() == all_diagrams().strip(), (
        "README's diagrams are stale: run python -m flows.diagrams and paste the output"
    )


def test_readme_lists_every_command():
    for name, _ in COMMANDS + CONSOLE_ONLY:
        assert f"/{name}" in README, f"/{name} is missing from README.md"


def test_ci_runs_exactly_the_readme_test_command():
    test_command = README.split("Run the tests:", 1)[1].split("```sh", 1)[1].split("```")[0]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command.strip() in ci


def test_env_example_names_every_setting():
    from bot.config import Settings

    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"{name.upper()}=" in example


def test_readme_sqlite_utils_examples_read_a_real_database(tmp_path):
    import subprocess
    import sys

    from bot.replies import Input
    from tests.engine_helpers import make_engine

    db = str(tmp_path / "coach.db")
    engine = make_engine(db)
    engine.handle(1, Input("text", "/start"))
    engine.store.close()
    block = README.split("### Reading the database", 1)[1].split("```sh", 1)[1].split("```")[0]
    bindir = Path(sys.executable).parent
    outputs = []
    for line in block.strip().splitlines():
        line = line.replace(".venv/bin/", f"{bindir}/").replace("data/coach.db", db)
        done = subprocess.run(line, shell=True, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert "progress" in outputs[0] and "prep" in outputs[1]
