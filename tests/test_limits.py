"""Per-user caps: 200 contacts, about 1 MB of stored text. Over a cap the user is told so and
nothing of that input is stored."""

from __future__ import annotations

from bot import limits
from bot.storage import Progress
from tests.engine_helpers import START, Chat, dump_db, prep_until_orgs, user_row


def contact_count(engine, user_id: int = 1) -> int:
    return engine.store.count_contacts(user_id)


def test_the_contact_cap_answers_with_its_message_and_stores_nothing_over_it(engine):
    chat = Chat(engine, 1, "Ann")
    prep_until_orgs(chat)
    with engine.store.transaction():
        for n in range(limits.MAX_CONTACTS - 1):
            engine.store.insert_contact(1, START.isoformat(), kind="known", name=f"Person {n}")
    chat.send("Acme Health")  # the 200th
    assert contact_count(engine) == limits.MAX_CONTACTS
    before = dump_db(engine.store.path)
    chat.send("Globex")  # the 201st
    assert chat.replies[0].refused
    assert chat.last.startswith(
        "Your plan already holds 200 contacts, the most I can keep for one person"
    )
    assert "Step 5 of 8" in chat.last  # still at the organizations step
    assert dump_db(engine.store.path) == before  # not the answer, not the contact
    assert "Globex" not in user_row(engine, 1)["answers"]["organizations"]
    chat.click("Done")  # the plan carries on
    assert "Step 6 of 8" in chat.last


def test_the_text_cap_answers_with_its_message_and_stores_nothing_over_it(engine):
    chat = Chat(engine, 1, "Ann")
    prep_until_orgs(chat)
    with engine.store.transaction():
        cid = engine.store.insert_contact(1, START.isoformat(), kind="known", name="Ola")
    chat.send("Acme Health")  # under the cap
    assert "Acme Health" in user_row(engine, 1)["answers"]["organizations"]
    # notes fill all but 50 bytes of the cap
    room = limits.MAX_TEXT_BYTES - engine.store.text_bytes(1) - 50
    with engine.store.transaction():
        notes = Progress(1, "setup", cid, "notes", {"notes": "x" * (room - 30)})
        engine.store.save_progress(notes, START.isoformat())
    assert limits.MAX_TEXT_BYTES - 100 < engine.store.text_bytes(1) <= limits.MAX_TEXT_BYTES
    before = dump_db(engine.store.path)
    chat.send("The Institute for Very Long Organization Names of Greater Berlin")
    assert chat.replies[0].refused
    assert chat.last.startswith("You've stored about as much text with me as I can keep")
    assert "Step 5 of 8" in chat.last
    assert dump_db(engine.store.path) == before
    chat.click("Done")  # buttons store no text: the plan carries on
    assert "Step 6 of 8" in chat.last
    chat.send("/export")  # commands still work, so the user can take their data and go
    assert len(chat.documents) == 2


def test_caps_are_per_user(engine):
    with engine.store.transaction():
        for n in range(limits.MAX_CONTACTS):
            engine.store.insert_contact(2, START.isoformat(), kind="known", name=f"P{n}")
    chat = Chat(engine, 1, "Ann")
    prep_until_orgs(chat)
    chat.send("Acme Health")
    assert not chat.replies[0].refused and contact_count(engine) == 1
