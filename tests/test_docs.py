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
