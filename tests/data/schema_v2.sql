BEGIN TRANSACTION;
CREATE TABLE contacts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL,
            kind TEXT NOT NULL,
            org TEXT,
            name TEXT,
            relation TEXT,
            phone TEXT,
            referred_by TEXT,
            referred_by_id INTEGER,
            state TEXT NOT NULL DEFAULT 'new',
            answers TEXT NOT NULL DEFAULT '{}',
            history TEXT NOT NULL DEFAULT '[]',
            stage TEXT NOT NULL DEFAULT 'to_contact',
            started INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
INSERT INTO "contacts" VALUES(1,1,'org','Acme Health',NULL,NULL,NULL,NULL,NULL,'meeting_when','{"person_name": "Maria Lopez", "person_title": "Lead UX Researcher", "person_phone": "+49 30 1234567", "work_type": "UX research", "reason": "I love understanding how people use tools", "minutes": "20", "found_name": "The front desk at Acme Health gave me your name", "call_at": "2026-11-26T14:00:00+00:00", "outcome": "meet", "_partial_when": {"state": "meeting_when", "text": "next friday"}}','["switchboard", "person_name", "person_title", "person_phone", "work_type", "reason", "duration", "found_name", "call_card", "call_when", "call_when_confirm", "outcome"]','called',1,'2026-11-25T10:00:00+00:00','2026-11-25T10:00:00+00:00');
INSERT INTO "contacts" VALUES(2,1,'org','Globex',NULL,NULL,NULL,NULL,NULL,'new','{}','[]','to_contact',0,'2026-11-25T10:00:00+00:00','2026-11-25T10:00:00+00:00');
INSERT INTO "contacts" VALUES(3,1,'known',NULL,'Sam Berg','friend',NULL,NULL,NULL,'new','{}','[]','to_contact',0,'2026-11-25T10:00:00+00:00','2026-11-25T10:00:00+00:00');
INSERT INTO "contacts" VALUES(4,2,'org','The Daily Planet',NULL,NULL,NULL,NULL,NULL,'new','{}','[]','to_contact',0,'2026-11-25T10:00:00+00:00','2026-11-25T10:00:00+00:00');
INSERT INTO "contacts" VALUES(5,2,'org','Reuters',NULL,NULL,NULL,NULL,NULL,'new','{}','[]','to_contact',0,'2026-11-25T10:00:00+00:00','2026-11-25T10:00:00+00:00');
CREATE TABLE migrations (number INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL);
INSERT INTO "migrations" VALUES(1,'users, contacts, processed updates','2026-12-03T18:54:22.959677+00:00');
INSERT INTO "migrations" VALUES(2,'reminders','2026-12-03T18:54:22.959882+00:00');
CREATE TABLE processed_updates (
            update_id INTEGER PRIMARY KEY,
            user_id INTEGER NOT NULL,
            replies TEXT,
            sent INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
CREATE TABLE reminders (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL,
            contact_id INTEGER,
            kind TEXT NOT NULL,
            due_ts INTEGER NOT NULL,
            event_ts INTEGER,
            expires_ts INTEGER NOT NULL,
            status TEXT NOT NULL DEFAULT 'pending',
            payload TEXT NOT NULL DEFAULT '{}',
            sent_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
INSERT INTO "reminders" VALUES(1,1,NULL,'nudge',1795773600,NULL,1796205600,'pending','{}',NULL,'2026-11-25T10:00:00+00:00','2026-11-25T10:00:00+00:00');
INSERT INTO "reminders" VALUES(2,1,1,'call',1795701600,NULL,1795744800,'cancelled','{"person": "Maria Lopez", "org": "Acme Health", "place": null, "what": "your information interview"}',NULL,'2026-11-25T10:00:00+00:00','2026-11-25T10:00:00+00:00');
INSERT INTO "reminders" VALUES(3,2,NULL,'nudge',1795773600,NULL,1796205600,'pending','{}',NULL,'2026-11-25T10:00:00+00:00','2026-11-25T10:00:00+00:00');
CREATE TABLE users (
            user_id INTEGER PRIMARY KEY,
            first_name TEXT,
            prep_state TEXT NOT NULL DEFAULT 'welcome',
            prep_answers TEXT NOT NULL DEFAULT '{}',
            prep_history TEXT NOT NULL DEFAULT '[]',
            active_contact INTEGER,
            overlay TEXT,
            tz TEXT,
            paused INTEGER NOT NULL DEFAULT 0,
            blocked INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
INSERT INTO "users" VALUES(1,'Ann','review','{"assessed": "yes", "assessment": "I like people and puzzles; I value autonomy; I write well.", "career_goal": "UX research", "identity": "student", "organizations": ["Acme Health", "Globex"], "person_kind": "done", "people": [{"relation": "friend", "name": "Sam Berg"}], "_complete": true}','["welcome", "self_check", "assess_summary", "career_goal", "identity", "organizations", "people_kind", "people_name", "people_kind", "review", "choose_contact"]',1,NULL,'Europe/Berlin',0,0,'2026-11-25T10:00:00+00:00','2026-11-25T10:00:00+00:00');
INSERT INTO "users" VALUES(2,'Bo','organizations','{"assessed": "no", "strengths": "Writing and listening", "interests": "Health tech", "values": "Autonomy", "career_goal": "Data journalism", "identity": "changer", "organizations": ["The Daily Planet", "Reuters"]}','["welcome", "self_check", "assess_strengths", "assess_interests", "assess_values", "career_goal", "identity"]',NULL,NULL,NULL,0,0,'2026-11-25T10:00:00+00:00','2026-11-25T10:00:00+00:00');
CREATE INDEX contacts_by_user ON contacts(user_id);
CREATE INDEX reminders_due ON reminders(status, due_ts);
CREATE INDEX reminders_by_user ON reminders(user_id, status);
DELETE FROM "sqlite_sequence";
INSERT INTO "sqlite_sequence" VALUES('reminders',3);
INSERT INTO "sqlite_sequence" VALUES('contacts',5);
COMMIT;
