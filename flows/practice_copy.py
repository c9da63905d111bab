"""Every text of the rehearsal (/practice), kept apart from its logic.

Prompts are keyed by the practice flow's states and filled from ``PracticeModel.text_field``.
"""

from __future__ import annotations

TITLES = {1: "Pick a round", 2: "The call", 3: "Score card"}

PROMPTS = {
    "menu": "{menu_text}",
    "switchboard": (
        "\u260e\ufe0f {org}, good morning, how can I help?\n\n"
        "You're on the main line. Ask who does {work} there, and for their name, job title and "
        "direct number."
    ),
    "switchboard_feedback": "{feedback}\n\nType a better version, or go on to the call.",
    "opening": "{opening_text}",
    "opening_feedback": "{feedback}\n\nType a better version, or go on to hear their answer.",
    "reply": "{answer_text}",
    "reply_feedback": "{feedback}{recap}\n\nType a better version, or see your score card.",
    "score": "{score_card}",
}

# -- buttons ---------------------------------------------------------------------------------
START_CALL = "Start the call"
START_SWITCHBOARD = "Start at the switchboard"
VOICEMAIL_ROUND = "Voicemail round"
DONE = "Done practising"
TRY_AGAIN = "Try again"
GO_ON_CALL = "Go on to the call"
HEAR_ANSWER = "Hear their answer"
SEE_SCORE = "See my score card"
PRACTISE_AGAIN = "Practise again"

# -- engine-facing ---------------------------------------------------------------------------
OPENED = "Rehearsal time. I'll play the person you're calling; nothing here touches your plan."
FINISHED = "Rehearsal over. Your plan is exactly as you left it."
AT_START = "This is the start of the rehearsal. Pick a round, or tap \u201cDone practising\u201d."
COMMAND = "Rehearse a call: I play the person you ring"

# -- the menu --------------------------------------------------------------------------------
MENU_GENERAL = (
    "Let's rehearse the call. I'll play {person} at {org}. You type your lines as you'd say "
    "them; I'll tell you what landed and what to add. They'll answer at random, the way real "
    "people do."
)
MENU_CONTACT = (
    "Let's rehearse your call to {person}{at_org}, with your own script. I'll play {first}."
)
AT_ORG = " at {org}"
MENU_PROGRESS = "So far: {covered} of 4 answers practised; voicemail {voicemail}."
MENU_NOTHING_YET = "Nothing practised yet: every answer is new."
MENU_LEFT = "Still to practise: {left}."
MENU_CALL_DRAWS = "The next call gives you one of the answers you haven't had."
MENU_ALL_DONE = "You've handled every answer. Another round keeps it fresh."
VOICEMAIL_DONE = "done"
VOICEMAIL_NOT_YET = "not yet"

BRANCH_NAMES = {
    "yes": "\u201cyes\u201d",
    "five": "\u201conly five minutes\u201d",
    "referral": "\u201ctry someone else\u201d",
    "no": "\u201cno\u201d",
    "voicemail": "voicemail",
}

# -- the call --------------------------------------------------------------------------------
PUT_THROUGH = (
    "\u201cThat'll be {person}, our {title}. The direct line is {line}. I'll put you through.\u201d"
)
SWITCH_GOOD = "Spot on: you asked for everything you need."
RING = "Ring, ring\u2026 \u201c{person} speaking.\u201d"
OPENING_ASK = (
    "Your turn: say your opening as you would on the phone. Who you are, how you found their "
    "name, the work, why, and how long (20 to 30 minutes)."
)
YOUR_SCRIPT = "Your script, to read from:\n{script}"
OPENING_GOOD = "A strong opening: all six parts are there."

ANSWERS = {
    "yes": "\u201cSure, happy to help. How about {day} at {time}, at {place}?\u201d",
    "five": (
        "\u201cI can't fit in a meeting, I'm afraid. But I have five minutes right now, if "
        "that helps?\u201d"
    ),
    "referral": (
        "\u201cIt's a packed month for me. You should talk to {referral}, though; they do "
        "much the same work.\u201d"
    ),
    "no": "\u201cSorry, I really can't help at the moment.\u201d",
}
VOICEMAIL = (
    "Ring\u2026 ring\u2026 \u201cHi, you've reached {person}. Leave a message after the "
    "tone.\u201d Beep.\n\nLeave your message."
)
REPLY_ASK = "{first} said:\n{line}\n\nHow do you answer?"
REPLY_GOOD = "Well handled."
RECAP = "\n\nAgain, {first} said:\n{line}"

# What a good reply does, shown with the feedback (one line a branch).
REPLY_SHAPE = {
    "yes": "The shape of it: thanks, then the day, time and place read back.",
    "five": "The shape of it: a glad yes, then your single most important question.",
    "referral": "The shape of it: the name repeated, may I mention you, thank you.",
    "no": "The shape of it: sorry it won't work, and thanks for the call all the same.",
    "voicemail": "The shape of it: name, number (slowly), why you called, when you'll call back.",
}

FEEDBACK_HEAD = "Nearly there. One thing to add:"
FEEDBACK_HEAD_MANY = "A good start. What to add:"

# -- the parts checked -----------------------------------------------------------------------
PART_NAMES = {
    "who": "who you are",
    "found": "how you found their name",
    "work": "the type of work",
    "why": "why it interests you",
    "time": "how long (20 to 30 minutes)",
    "no_job": "no job ask",
    "who_does": "who does the work",
    "name": "their name",
    "title": "their job title",
    "phone": "their number",
    "thanks": "thanks",
    "date": "the day",
    "place": "the place",
    "accept": "took the five minutes",
    "one_question": "one question that matters",
    "take_name": "took the name",
    "mention": "asked how to mention them",
    "regret": "regret, kindly said",
    "vm_name": "your name",
    "number": "your number",
    "purpose": "why you called",
    "callback": "when you'll call back",
}
# "time" means the length in the opening and the hour in a "yes" reply.
REPLY_PART_NAMES = {"time": "the time"}

MISSING = {
    "who": "Say who you are: your name and a word about you, e.g. \u201ca second-year nursing "
    "student\u201d.",
    "found": "Say how you found their name, e.g. \u201cYour colleague Ana suggested I call\u201d.",
    "work": "Name the work you're exploring, e.g. \u201cI'm exploring work in data "
    "journalism\u201d.",
    "why": "Add why it interests you, in a few words: \u201cbecause \u2026\u201d.",
    "time": "Say how long you'd need: 20 to 30 minutes.",
    "no_job": "Keep it about learning; don't ask for a job.",
    "who_does": "Ask who does that kind of work there.",
    "name": "Ask for the person's name.",
    "title": "Ask for their job title, so you know who you're calling.",
    "phone": "Ask for their direct number.",
    "thanks": "Thank them.",
    "date": "Read back the day you agreed.",
    "place": "Read back where you'll meet (or the link, or who calls whom).",
    "accept": "Say yes to the five minutes, gladly.",
    "one_question": "Ask one question: the one that matters most to you.",
    "take_name": "Repeat the name back, or ask how to spell it.",
    "mention": "Ask if you may say they suggested you call.",
    "regret": "Say you're sorry it can't work out.",
    "vm_name": "Start with your name.",
    "number": "Leave your number, said slowly.",
    "purpose": "Say in a few words why you're calling.",
    "callback": "Say when you'll call back.",
}
REPLY_MISSING = {"time": "Read back the time you agreed."}

WEAK = {
    "who": "Add a word about yourself.",
    "work": "Name the field itself, not just \u201cyour work\u201d: e.g. \u201chospital "
    "pharmacy\u201d.",
    "time": "Give a length: 20 to 30 minutes.",
    "one_question": "Pick just one question; five minutes go fast.",
    "number": "Say the number itself, slowly, digit by digit.",
    "callback": "Say when you'll try again, e.g. \u201con Thursday morning\u201d.",
}
WHO_NO_ROLE = "You gave your name; add a word about you, e.g. \u201cI'm changing careers\u201d."
WHO_NO_NAME = "Give your name too, so they know who's calling."
TIME_TOO_LONG = "{minutes} minutes is a lot to ask; 20 to 30 is the usual."
TIME_TOO_SHORT = "{minutes} minutes is too short for a real talk; ask for 20 to 30."
JOB_ASK_NOTE = "Drop {phrases}: this call is for learning, not for asking for a job."

# -- the score card --------------------------------------------------------------------------
SCORE_HEAD = "Score card \u00b7 round {number}"
SCORE_THEY_SAID = "They said: {branch}"
SCORE_OPENING = "Your opening"
SCORE_SWITCHBOARD = "At the switchboard"
SCORE_REPLY = "Your reply"
SCORE_MESSAGE = "Your message"
MARK_OK = "\u2713"
MARK_WEAK = "\u2248"
MARK_MISSING = "\u2717"
SCORE_TRIES = "Tries: {tries}."
WENT_WELL = "Went well: {parts}."
TO_ADD = "To add: {parts}."
NOTHING_TO_ADD = "Nothing to add: a clean round."
SCORE_PROGRESS = "Progress: {covered} of 4 answers practised."
SECTION_SCORE = "{section} ({ok} of {total})"
SCORE_LEFT = "Still to practise: {left}."
SCORE_ALL = "Every answer and the voicemail are covered. You're ready for the real call."
HISTORY = "Rounds so far: {rounds}."
