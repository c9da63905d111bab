# How tests/data/schema_v2.sql was made: run with the code of commit 5827494 (schema v2).
import sqlite3, sys
sys.path.insert(0, ".")
from tests.engine_helpers import Chat, make_engine, prep_to_review, org_person, plan_call, call_to_outcome
import os
p = "/tmp/v2.db"
for s in ("", "-wal", "-shm"):
    if os.path.exists(p + s): os.remove(p + s)
e = make_engine(p)
c = Chat(e, 1, first_name="Ann")
prep_to_review(c, orgs=("Acme Health", "Globex"), people=(("Friend", "Sam Berg"),))
c.click("Set up a contact"); c.click_starting("Acme Health")
org_person(c)
plan_call(c)
call_to_outcome(c)
c.click("Agreed to meet")
c.send("next friday")  # a day without a time: remembered as a partial answer
print(c.last)
d = Chat(e, 2, first_name="Bo")
d.send("/start"); d.click("Let's start"); d.click("Not yet")
d.send("Writing and listening"); d.send("Health tech"); d.send("Autonomy")
d.send("Data journalism"); d.click("Changing jobs"); d.send("The Daily Planet"); d.send("Reuters")
print(d.last)
e.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
conn = sqlite3.connect(p)
with open("tests/data/schema_v2.sql", "w") as f:
    for line in conn.iterdump():
        f.write(line + "\n")
