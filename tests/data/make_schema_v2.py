"""How tests/data/schema_v2.sql was made: run from the repository root with the code of
commit 5827494 (schema v2)."""

import os
import sqlite3
import sys

sys.path.insert(0, ".")
from tests.engine_helpers import (  # noqa: E402
    Chat,
    call_to_outcome,
    make_engine,
    org_person,
    plan_call,
    prep_to_review,
)

p = "/tmp/v2.db"
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(p + suffix):
        os.remove(p + suffix)
e = make_engine(p)
c = Chat(e, 1, first_name="Ann")
prep_to_review(c, orgs=("Acme Health", "Globex"), people=(("Friend", "Sam Berg"),))
c.click("Set up a contact")
c.click_starting("Acme Health")
org_person(c)
plan_call(c)
call_to_outcome(c)
c.click("Agreed to meet")
c.send("next friday")  # a day without a time: remembered as a partial answer
print(c.last)
d = Chat(e, 2, first_name="Bo")
d.send("/start")
d.click("Let's start")
d.click("Not yet")
for text in ("Writing and listening", "Health tech", "Autonomy", "Data journalism"):
    d.send(text)
d.click("Changing jobs")
for text in ("The Daily Planet", "Reuters"):
    d.send(text)
print(d.last)
e.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
conn = sqlite3.connect(p)
with open("tests/data/schema_v2.sql", "w") as f:
    for line in conn.iterdump():
        f.write(line + "\n")
