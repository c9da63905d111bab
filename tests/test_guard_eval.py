"""The job-ask guard on the labelled texts: warns on real asks, quiet on talk about work."""

from tests.eval_guard import evaluate, load


def test_labelled_set_is_large_and_balanced():
    rows = load()
    asks = sum(r["ask"] for r in rows)
    assert len(rows) >= 150
    assert 0.45 <= asks / len(rows) <= 0.55
    assert len({r["text"] for r in rows}) == len(rows)
    assert {r["field"] for r in rows} == {"reason", "work_type", "script"}


def test_guard_meets_its_targets():
    score = evaluate(load())
    wrong = "\n".join(f"{'missed' if ask else 'false alarm'}: {t}" for ask, t, _ in score.wrong)
    assert score.precision >= 0.9, wrong
    assert score.recall >= 0.85, wrong


def test_the_issue_examples_are_in_the_set():
    texts = {r["text"]: r["ask"] for r in load()}
    assert texts["How did you get hired?"] is False
    assert texts["I want to learn what your job involves"] is False
    assert texts["Would you consider me for a role on your team?"] is True
    assert texts["Please keep me in mind if anything opens up."] is True
