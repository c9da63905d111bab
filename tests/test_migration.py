"""A database written by the previous schema (version 2, before the flow registry) opens with
today's code and every user carries on at the same step with every answer.

``tests/data/schema_v2.sql`` is a dump made by ``tests/data/make_schema_v2.py`` with the code
of that version: Ann is at a contact's meeting date with "next friday" half typed; Bo is
adding organizations in the preparation.
"""

import sqlite3

import pytest

from bot.storage import Store
from tests.engine_helpers import Chat, make_engine

DUMP = "tests/data/schema_v2.sql"


@pytest.fixture
def old_db(tmp_path):
    path = str(tmp_path / "v2.db")
    conn = sqlite3.connect(path)
    with open(DUMP, encoding="utf-8") as f:
        conn.executescript(f.read())
    conn.close()
    return path


def test_a_version_2_database_resumes_every_user_at_the_same_step(old_db):
    engine = make_engine(old_db)
    ann = Chat(engine, 1, first_name="Ann")
    ann.send("/start")
    assert "Welcome back" in ann.last
    ann.click("Use: Ann")  # the name is new since version 2: asked once, then the step
    assert "Step 6 of 7" in ann.last and "When will you meet?" in ann.last
    ann.send("3pm")  # joins the "next friday" she had typed before the upgrade
    assert "Where?" in ann.last
    ann.send("Acme Health, 3rd floor")
    assert "Fri" in ann.last and "15:00" in ann.last and "Maria Lopez" in ann.last

    bo = Chat(engine, 2, first_name="Bo")
    bo.send("/start")
    assert "Step 5 of 8" in bo.last and "So far: The Daily Planet, Reuters." in bo.last
    bo.click("Done")
    bo.send("/skip")  # no people she knows: on to the review of every answer
    for answer in ("Writing and listening", "Health tech", "Autonomy", "Data journalism"):
        assert answer in bo.last


def test_control_keys_move_out_of_the_answers_and_migrating_again_is_safe(old_db):
    Store(old_db).close()
    store = Store(old_db)  # a second start runs no migration twice
    rows = store.conn.execute("SELECT flow, ref, answers, flags FROM progress").fetchall()
    store.close()
    answers = " ".join(r["answers"] for r in rows)
    assert "_partial_when" not in answers and "_complete" not in answers
    assert "Maria Lopez" in answers and "Writing and listening" in answers
    flags = {(r["flow"], r["ref"]): r["flags"] for r in rows}
    assert "next friday" in flags[("setup", 1)]
