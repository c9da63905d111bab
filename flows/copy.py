"""Every text the flows show, kept apart from the logic.

Prompts are keyed by state. A prompt is a template filled from ``flows.scripts.fields`` (the
user's own answers, with readable blanks where nothing is known yet).
"""

from __future__ import annotations

PREP_TITLES = {
    1: "Welcome",
    2: "Know yourself",
    3: "Career goal",
    4: "Who you are",
    5: "Organizations",
    6: "People you know",
    7: "Your plan",
    8: "Pick a contact",
}
SETUP_TITLES = {
    1: "Find the person",
    2: "Plan the call",
    3: "Your call card",
    4: "When you'll call",
    5: "How it went",
    6: "Date, time, place",
    7: "Afterwards",
}

TITLES = {"prep": PREP_TITLES, "setup": SETUP_TITLES}
# Step titles that read differently when the user writes instead of calling.
VARIANT_TITLES = {"message": {3: "Your message", 4: "When you'll write"}}

WELCOME = (
    "Hi! I'm your information-interview coach.\n\n"
    "An information interview is a short talk, 20 to 30 minutes, with someone who does work "
    "you're curious about. You go to learn, so you can make better career decisions.\n\n"
    "Why bother? You get to:\n"
    "• explore careers and sharpen your goal\n"
    "• grow your professional network\n"
    "• get confident for job interviews later\n"
    "• hear the latest about the field\n"
    "• find your own strengths and weak spots\n"
    "• see an organization from the inside\n\n"
    "Golden rule: never ask for a job in one of these talks. It can embarrass you and put off "
    "a person who might be an employer one day.\n\n"
    "I'll walk you through getting ready, then through setting up each talk."
)

PROMPTS = {
    # -- preparation -----------------------------------------------------------------
    "welcome": WELCOME,
    "self_check": (
        "Start with yourself: knowing your interests, values and skills makes you sound "
        "sharper and helps you pick work you'll enjoy.\n\n"
        "Have you already done a self-assessment (a workbook, a course, a career test)?"
    ),
    "assess_summary": (
        "Good. Sum it up in a few lines: your main interests, values and skills. "
        "I'll keep it with your plan."
    ),
    "assess_strengths": (
        "Let's do a quick one: three short questions.\n\n"
        "1 of 3. What are you good at? Name two or three skills or strengths."
    ),
    "assess_interests": "2 of 3. What do you enjoy doing or learning about?",
    "assess_values": (
        "3 of 3. What matters most to you in work? For example: helping people, security, "
        "creativity, independence."
    ),
    "career_goal": (
        "Which work are you curious about? Name the field you want to explore, so it fits "
        "\u201cI'm exploring work in \u2026\u201d, e.g. \u201cUX research\u201d or "
        "\u201chospital pharmacy\u201d."
    ),
    "identity": (
        "When you call, you'll say who you are. Which fits you best? Tap one, or type a few "
        "words of your own."
    ),
    "identity_other": "Describe yourself in a few words, e.g. \u201ca biology graduate\u201d.",
    "intro": (
        "Now say it your way. It follows \u201cI'm\u2026\u201d on every call card and message, "
        "and a little detail helps people picture you: e.g. \u201ca third-year biology "
        "student\u201d or \u201can accountant of 15 years moving into data engineering\u201d."
    ),
    "my_phone": (
        "Which number can people call you back on? It goes into the voicemail line on your "
        "call cards. (/skip to leave it off)"
    ),
    "organizations": "{org_prompt}",
    "clear_orgs": "Start the organization list over? {org_names} will go from your plan.",
    "people_kind": "{people_prompt}",
    "clear_people": "Start the list of people over? {people_names} will go from your plan.",
    "people_name": "What's your {relation}'s name?",
    "review": "{plan}",
    "edit_menu": "Which part would you like to change? Your other answers stay as they are.",
    "choose_contact": ("{contact_lead}{contact_hint}"),
    # -- set-up ----------------------------------------------------------------------
    "switchboard": (
        "First, find the right person at {org}. Call the main number and say something like:\n\n"
        "\u201cHello, I'm {identity_phrase}, exploring work in {work}. Who at {org} does that "
        "kind of work? Could I have their name, job title and phone number?\u201d\n\n"
        "Tap below once you have a name."
    ),
    "find_name": (
        "No name yet? That's normal; it often takes a few tries. Other ways to find the right "
        "person at {org}:\n\n"
        "\u2022 the staff or team pages of their website\n"
        "\u2022 LinkedIn: search for people at {org} whose job title fits {work}\n"
        "\u2022 your school's or university's alumni network\n"
        "\u2022 a professional association for {work}: member lists, events, newsletters\n\n"
        "I'll check in with you {find_name_at}. Found someone? Tap below."
    ),
    "person_name": "Who did they name? Type the person's full name.",
    "person_title": "What is {person}'s job title?",
    "person_phone": (
        "What's {person}'s phone number? It goes at the top of your call card, ready to dial. "
        "(/skip if you don't have it, or you'll write instead)"
    ),
    "work_type": (
        "What type of work do you want to learn about from {person}? It finishes the sentence "
        "\u201cI'm exploring work in \u2026\u201d."
    ),
    "work_type_check": "{guard_warning}",
    "reason": (
        "Why does that work interest you? One or two sentences; they go into your call script."
    ),
    "reason_check": "{guard_warning}",
    "duration": (
        "How much of {person}'s time will you ask for? Most information interviews take 20 "
        "to 30 minutes."
    ),
    "found_name": (
        "How did you get {person}'s name? You'll mention it first, so they know why you're "
        "getting in touch."
    ),
    "channel": (
        "How will you reach {person}? A phone call often works best: it's quick, personal and "
        "easy to say yes to. A short e-mail or LinkedIn message is fine too; I'll draft it."
    ),
    "call_card": "{call_card}",
    "message_card": "{message_card}",
    "own_script": (
        "Type your own version. Keep the essentials: who you are, how you found the name, the "
        "work, why, and how long it takes."
    ),
    "script_check": "{guard_warning}",
    "call_when": (
        "When will you call {person}? Call well before the day you'd like to meet. Type a time "
        "like \u201ctomorrow 3pm\u201d or \u201cnext Tue 10:30\u201d and I'll remind you. "
        "(/skip if you're calling right now)"
    ),
    "call_when_confirm": "I'll remind you to call on {call_at}. Is that right?",
    "outcome": ("How did the call with {person} go?{call_reminder_note}"),
    "no_answer": (
        "No answer is normal; busy people miss calls. Try a different time of day.\n\n"
        "If nothing comes back, I'll check in after 3 business days (try a second person at "
        "{org_or_their_place}), after 7 (one polite follow-up with {person}) and after 10 "
        "(time to move on)."
    ),
    "referral_name": ("Who did {person} suggest? Type one name; you can add more after."),
    "referral_phone": "Their phone number, if you got it. (/skip if not)",
    "referral_more": "Noted: {referral_names}. Any more names?",
    "referral_thanks": (
        "I've added {referral_names} to your contacts; each call card will say {person} sent "
        "you. Before you hang up, thank {person} warmly for the names.\n\n"
        "A short note afterwards is a kind touch too:\n\n{referral_thank_you}"
    ),
    "regret": (
        "Sorry this one didn't work out. Close kindly, something like:\n\n"
        "\u201cI'm sorry we can't meet. Thank you for taking my call all the same.\u201d\n\n"
        "Then on to the next contact."
    ),
    "meeting_when": (
        "When will you {meet_or_talk}? Type the date and time, e.g. \u201cDec 3 at 9\u201d or "
        "\u201c25.12 14:00\u201d."
    ),
    "meeting_place": "{place_question}",
    "meeting_confirm": (
        "Let's read it back to {person} before you hang up:\n\n"
        "{meeting_kind} with {person}\n"
        "When: {meeting_at}\n"
        "Where: {place}\n"
        "Length: {minutes} minutes\n\n"
        "Is everything right?"
    ),
    "meeting_set": (
        "It's in the diary. Open the calendar file to add it to your phone's calendar; I'll "
        "remind you the day before and an hour before.\n\n{checklist}\n\n"
        "Afterwards, tap \u201cIt happened\u201d."
    ),
    "happened_early": (
        "Your {meeting_kind_lower} with {person} is set for {meeting_at}, which hasn't come yet. "
        "Did you already talk?"
    ),
    "notes": (
        "How did it go? Jot down what you learned: advice, names, what to do next. If they "
        "suggested someone (\u201ctalk to Jo Park\u201d), write the name and I'll offer to add "
        "them. (/skip to leave it for now)"
    ),
    "thank_you": (
        "Send a thank-you within 24 hours. Here's a draft to adapt:\n\n{thank_you_draft}"
    ),
    "done": "{person} is done. Well done! Ready for the next one?",
    "closed": "{person} is closed. Every call you make is practice for the next one.",
}

# The set-up's steps after the call card, reworded for a user who writes instead of calling.
VARIANT_PROMPTS = {
    "message": {
        "call_when": (
            "When will you send your message to {person}? Write well before the day you'd like "
            "to meet. Type a time like \u201ctomorrow 9am\u201d or \u201cnext Tue 10:30\u201d "
            "and I'll remind you. (/skip if you're sending it right now)"
        ),
        "call_when_confirm": "I'll remind you to send it on {call_at}. Is that right?",
        "outcome": "Did {person} reply?{call_reminder_note}",
        "no_answer": (
            "No reply yet is normal; inboxes fill up fast. A phone call is a good next try.\n\n"
            "If nothing comes back, I'll check in after 3 business days (try a second person at "
            "{org_or_their_place}), after 7 (one short, friendly follow-up to {person}) and "
            "after 10 (time to move on)."
        ),
        "referral_thanks": (
            "I've added {referral_names} to your contacts; each card will say {person} sent "
            "you. Reply to thank {person} warmly for the names."
        ),
        "regret": (
            "Sorry this one didn't work out. Reply kindly, something like:\n\n"
            "\u201cThank you for getting back to me. I'm sorry we can't meet, and I appreciate "
            "your reply.\u201d\n\nThen on to the next contact."
        ),
        "meeting_confirm": (
            "Here's what you agreed. Repeat it in your reply, so you both have it in writing:"
            "\n\n{meeting_kind} with {person}\nWhen: {meeting_at}\nWhere: {place}\n"
            "Length: {minutes} minutes\n\nIs everything right?"
        ),
    }
}

LABELS = {
    "lets_start": "Let's start",
    "assessed_yes": "Yes, I have",
    "assessed_no": "Not yet",
    "identity_student": "A student",
    "identity_changer": "Changing jobs",
    "identity_returning": "Returning to work",
    "identity_other": "Something else",
    "list_done": "Done",
    "list_clear": "Start the list over",
    "clear_yes": "Yes, start over",
    "clear_no": "No, keep the list",
    "relation_professor": "Professor",
    "relation_employer": "Former employer",
    "relation_family": "Family",
    "relation_friend": "Friend",
    "relation_other": "Someone else",
    "people_done": "Done",
    "review_choose": "Set up a contact",
    "review_edit": "Change an answer",
    "edit_assessment": "Self-assessment",
    "edit_goal": "Career goal",
    "edit_identity": "Who I am",
    "edit_organizations": "Organizations",
    "edit_people": "People I know",
    "edit_cancel": "Nothing, go back",
    "add_more_orgs": "Add an organization",
    "add_more_people": "Add a person I know",
    "got_name": "I have a name",
    "not_yet_name": "Not yet",
    "got_name_now": "I have a name now",
    "show_script": "Show the switchboard script",
    "channel_call": "I'll call",
    "channel_write": "I'll write",
    "message_ready": "Ready to send",
    "rephrase": "Rephrase it",
    "keep_anyway": "Keep it as it is",
    "minutes_20": "20 minutes",
    "minutes_30": "30 minutes",
    "card_ready": "Ready to call",
    "card_own": "Write my own version",
    "card_rehearse": "Rehearse this call",
    "card_file": "Call card as a file",
    "yes_right": "Yes, that's right",
    "no_change": "No, change it",
    "outcome_meet": "Agreed to meet",
    "outcome_phone": "5 minutes by phone",
    "outcome_referral": "Gave me other names",
    "outcome_no": "No, and no names",
    "outcome_no_answer": "No answer yet",
    "message_meet": "They replied yes",
    "message_phone": "A short call instead",
    "message_referral": "They suggested others",
    "message_no": "They said no",
    "message_no_answer": "No reply yet",
    "write_again": "Plan a follow-up",
    "they_replied": "They replied",
    "pick_new_time": "Pick a new time to call",
    "log_reply": "They got back to me",
    "referral_another": "Add another name",
    "referral_that_all": "That's all",
    "thanked_them": "Done, I thanked them",
    "said_it": "Done",
    "yes_confirmed": "Yes, confirmed",
    "change_time": "Change the time",
    "change_place": "Change the place",
    "it_happened": "It happened",
    "early_yes": "Yes, we've talked",
    "early_no": "No, not yet",
    "move_meeting": "It moved",
    "called_off": "It was called off",
    "thanks_sent": "Sent it",
    "next_contact": "Next contact",
    "talked_now": "We talked just now",
    "debrief_first": "Debrief first",
}

IDENTITY_PHRASES = {
    "student": "a student",
    "changer": "thinking about changing jobs",
    "returning": "getting ready to return to work",
}
RELATION_WORDS = {
    "professor": "professor",
    "employer": "former employer",
    "family": "family member",
    "friend": "friend",
    "other": "contact",
}

STAGE_NAMES = {
    "to_contact": "to contact",
    "person_found": "person found",
    "call_planned": "call planned",
    "waiting": "waiting to hear back",
    "called": "called",
    "meeting_set": "meeting set",
    "met": "met",
    "thanked": "thanked",
    "referred": "gave you names",
    "closed": "closed",
}

# -- the call card and the message (assembled in flows/scripts.py) ----------------------------
CARD_TITLE = "Your call card for {person}"
CARD_DIAL = "\u260e Dial {phone}"
CARD_NO_NUMBER = "\u260e No number yet: ask for it, or look it up"
CARD_SAY_FIRST = "Say first:"
CARD_IF_YES = "If they have a moment:"
CARD_BAD_TIME = "Bad time? Ask when you could call back, and thank them."
CARD_OWN = "Your words:"
CARD_OPEN_ORG = (
    "Hi {hi}, my name is {me}; I'm {about}. {found} Is now a good time for a quick question?"
)
CARD_OPEN_REFERRAL = (
    "Hi {hi}, {found} My name is {me}; I'm {about}. Is now a good time for a quick question?"
)
CARD_OPEN_KNOWN = "Hi {hi}, it's {me}. Is now a good time for a quick question?"
CARD_ASK = (
    "I'm exploring work in {work}, because {why} Could I ask you about your work for {minutes} "
    "minutes? I'm happy to come to you, or to talk by video or phone, whatever suits you."
)
CARD_ASK_KNOWN = (
    "As you may know, I'm {about}, and I'm exploring work in {work}, because {why} Could we "
    "talk about your work for {minutes} minutes? In person, by video or on the phone, "
    "whatever suits you."
)
CARD_ASK_CLOSE = (
    "I'm exploring work in {work}, because {why} Could we talk about your work for {minutes} "
    "minutes? Over coffee, by video or on the phone, whatever suits you."
)
CARD_FALLBACKS = (
    "If they can't meet:\n"
    "\u201cCould we talk for five minutes on the phone instead?\u201d\n\n"
    "If they're still too busy:\n"
    "\u201cIs there someone else doing similar work I could talk to?\u201d"
)
CARD_VOICEMAIL = (
    "If you get voicemail (say your number slowly):\n"
    "\u201cHi {hi}, this is {me}. {found} I'd love {minutes} minutes to hear about your work in "
    "{work}. My number is {my_phone}. I'll try you again {again}. Thank you!\u201d"
)
CARD_VOICEMAIL_KNOWN = (
    "If you get voicemail (say your number slowly):\n"
    "\u201cHi {hi}, it's {me}. I'd love to hear about your work in {work}, {minutes} minutes "
    "whenever suits you. My number is {my_phone}. I'll try you again {again}.\u201d"
)
CARD_NO_PHONE = "[your number]"
CARD_SUGGESTED_BY = "suggested by {name}"
CARD_AGAIN_SOON = "in a couple of days"
CARD_AGAIN_ON = "on {day}"
CARD_CLOSE = (
    "Either way: thank them, and if you agree on a talk, read back the date, time and place."
)
RELATION_TO_YOU = {
    "professor": "Your professor",
    "employer": "Your former employer",
    "family": "Family",
    "friend": "Your friend",
    "other": "Someone you know",
}

MESSAGE_TITLE = "Your message to {person}"
MESSAGE_FOR = "For e-mail or LinkedIn. Subject line: {subject}"
MESSAGE_SUBJECT_ORG = "Your work in {work}"
MESSAGE_SUBJECT_REFERRAL = "{referrer} suggested I get in touch"
MESSAGE_SUBJECT_KNOWN = "A question about {work}"
MESSAGE_OPEN_ORG = "{found} I'm {me}, {about}, and I'm exploring work in {work}, because {why}"
MESSAGE_OPEN_KNOWN = "I hope you're well! I'm exploring work in {work}, because {why}"
MESSAGE_OPEN_KNOWN_FORMAL = (
    "I hope you're well. As you may know, I'm {about}, and I'm exploring work in {work}, "
    "because {why}"
)
MESSAGE_ASK = (
    "Could I ask you about your work for {minutes} minutes? A video call is fine, or I can "
    "come to you, whenever suits you."
)
MESSAGE_ASK_CLOSE = (
    "Could we talk about your work for {minutes} minutes? A video call is fine, or a coffee, "
    "whenever suits you."
)
MESSAGE_SIGN = "Thank you,\n{me}"
MESSAGE_SIGN_CLOSE = "Thanks,\n{me}"
MESSAGE_COUNT = "{words} words."
MESSAGE_TOO_LONG = (
    "{words} words: under 100 reads best. /back to shorten your reason, or trim it as you paste."
)
MESSAGE_TIPS = (
    "Keep it this short, attach nothing, and send it from your own account. No reply in a few "
    "days? I'll help you follow up."
)

FIND_NAME_ON = "on {day}"
FIND_NAME_SOON = "in a few days"
# Before the user's time zone is known: no weekday or hour that would pretend to be theirs.
FIND_NAME_UNZONED = "in {days} working days, around the time of day you tapped \u201cNot yet\u201d"

# -- before the interview --------------------------------------------------------------------
CHECKLIST = (
    "Before you talk:\n"
    "\u2610 {research}\n"
    "\u2610 Practise your 30-second introduction: who you are, what you're exploring, why\n"
    "\u2610 Choose four or five questions (/questions)\n"
    "\u2610 Keep to the {minutes} you agreed\n"
    "\u2610 Take light notes\n"
    "\u2610 At the end, ask who else you could talk to\n"
    "\u2610 If they mention a job: thank them, and keep it a conversation"
)
CHECKLIST_RESEARCH_ORG = "Look up {person} and {org}: their role, recent news, what they do"
CHECKLIST_RESEARCH = "Read up on {person}'s work and the field"
CHECKLIST_MINUTES = "{minutes} minutes"
CHECKLIST_TIME = "time"

REFERRAL_ADVICE = "They suggested you talk to {names}."
CALLED_OFF = (
    "Sorry it fell through; that happens. I've cancelled its reminders. If there's another way "
    "forward with them, log it below."
)
STILL_AHEAD = "Fine, it's still ahead: I'll keep its reminders."
CALL_NOTE_DONE = {"call": "called", "message": "sent"}  # "Not ... yet?" by channel
CALL_REMINDER_AHEAD = " Not {done} yet? Come back afterwards; I'll remind you on {when}."
CALL_NOT_YET = " Not {done} yet? Come back here once you have."
ORGS_ASK = (
    "Which organizations interest you? Your research is the best source. Send one name per "
    "message and add as many as you like, then tap Done."
)
PEOPLE_ASK = (
    "People you already know are contacts too: professors, former employers, family, "
    "friends. Who do you want to add? Pick a kind, or tap Done."
)
ADDED = "Added {name}."
ALREADY_LISTED = "{name} is already on your list, so I didn't add it twice."
LIST_CLEARED = "The list is empty again."
SO_FAR = "So far: {names}."
ANOTHER_ORG = "Another one, or tap Done?"
ANOTHER_PERSON = "Someone else? Pick a kind, or tap Done."
BACK_AT_START = "This is the first step here; there's nothing before it."
BACK_SETUP_START = (
    "This is the first step for this contact. Send /plan to see your whole plan and switch contact."
)
CONTACT_OPENED = "Now working on: {label}."
CONTACT_FINISHED = "That's {label} wrapped up."
PLAN_FIRST = "Finish getting ready first; your plan comes together at step 7."

NOTHING_TO_KEEP = "There's no earlier answer here yet; please type one."
KEEP_LABEL = "Keep: {value}"
USE_LABEL = "Use: {value}"
STEP_HEADER = "Step {number} of {total} \u00b7 {title}"

_BLOCKED = {
    ("people_kind", "done"): (
        "Your plan needs at least one organization or person to contact. Pick a kind of person "
        "to add, or /back to add an organization."
    ),
    (
        "review",
        "choose",
    ): "Add an organization or a person first: tap \u201cChange an answer\u201d.",
    ("*", "show_plan"): PLAN_FIRST,
}

_NO_SKIP = {
    "welcome": "There's nothing to skip here; tap \u201cLet's start\u201d.",
}


def label(key: str) -> str:
    """The text of a button; a key not in the table is already the text."""
    return LABELS.get(key, key)


def blocked(state: str, trigger: str) -> str:
    """Why a move is not possible right now."""
    found = _BLOCKED.get((state, trigger)) or _BLOCKED.get(("*", trigger))
    return found or "That doesn't work at this step. Please pick a button."


def cannot_skip(state: str) -> str:
    """Why this step cannot be skipped."""
    return _NO_SKIP.get(
        state,
        "This step can't be skipped. Type an answer, or send /back to go back a step.",
    )


def pick_one(labels: list[str]) -> str:
    """A re-ask for a step answered by buttons."""
    if not labels:
        return "Please type your answer."
    if len(labels) == 1:
        return f"Tap \u201c{labels[0]}\u201d to go on."
    quoted = ", ".join(f"\u201c{text}\u201d" for text in labels)
    return f"Please pick one: {quoted}. Tap a button or type its number."


# -- after the interview: the debrief (flows/debrief.py) ---------------------------------------
DEBRIEF_TITLES = {
    1: "What you learned",
    2: "How it fits you",
    3: "Still to find out",
    4: "Wrapping up",
}
DEBRIEF_PROMPTS = {
    "debrief_learned": (
        "You've had the talk: the hard part is behind you. A short debrief while it's "
        "fresh, then your thank-you note.\n\n"
        "What did you learn from {first}? The one or two things you most want to remember."
        "{notes_hint}"
    ),
    "debrief_fit": (
        "{self_view}\n\nHow does what you heard fit you? Which parts of the work would suit "
        "you, and which wouldn't? (/skip if you're not sure yet)"
    ),
    "debrief_open": (
        "What do you still need to know before you decide? A question for your next talk, "
        "or something to look up. (/skip if nothing comes to mind)"
    ),
    "debrief_name": (
        "Your notes mention {offered_name}. Add them to your contacts? Their call card will "
        "say {first} suggested them."
    ),
    "debrief_wrap": "{wrap}",
}
DEBRIEF_LABELS = {
    "debrief_pass_name": "No, skip",
    "debrief_look_back": "Look back now",
    "debrief_to_thanks": "On to the thank-you",
}
DEBRIEF_ADD_NAME = "Yes, add {name}"
DEBRIEF_NOTES_HINT = " Tap \u201cUse\u201d to keep your notes as they are."
DEBRIEF_SELF_GUIDED = (
    "You told me you're good at \u201c{strengths}\u201d, you enjoy \u201c{interests}\u201d and "
    "you value \u201c{values}\u201d."
)
DEBRIEF_SELF_SUMMARY = "You summed yourself up as \u201c{assessment}\u201d."
DEBRIEF_SELF_NONE = "Think of what you're good at, what you enjoy and what matters to you."
DEBRIEF_SAVED = "Saved with your plan:"
DEBRIEF_LINES = {
    "learned": "\u2022 You learned: {text}",
    "fit": "\u2022 How it fits you: {text}",
    "still_open": "\u2022 Still to find out: {text}",
}
DEBRIEF_NOTHING = "Nothing noted this time, and that's fine."
DEBRIEF_ADDED = "Added to your contacts: {names}, with {first} as the one who suggested them."
DEBRIEF_STAY_IN_TOUCH = (
    "In about five weeks ({on}) I'll remind you to tell {first} what you did with the advice."
)
DEBRIEF_LOOK_BACK = (
    "That's {count} talks now: a good moment to step back. Does \u201c{goal}\u201d still fit "
    "you? It takes two minutes."
)
DEBRIEF_NEXT = "Next: your thank-you note."
DEBRIEF_AT_START = (
    "This is the first debrief question; your notes are saved. Type an answer or /skip."
)

# -- back to the decision: the look back at the goal (flows/goal.py) -------------------------
GOAL_TITLES = {1: "Look back", 2: "Your goal"}
GOAL_PROMPTS = {
    "goal_none": (
        "You haven't named a career goal yet. Finish getting ready first (/plan); after a "
        "few talks, come back here to see if it still fits."
    ),
    "goal_look": (
        "Your goal: \u201c{goal}\u201d.\n\n{look_back}\n\n"
        "Does it still fit? Keep it, adjust it, or explore another field."
    ),
    "goal_adjust": (
        "How would you put your goal now? A narrower field, or another role in the same one, "
        "e.g. \u201cUX research in healthcare\u201d."
    ),
    "goal_explore": ("Which field will you explore next? Your talks so far stay in your plan."),
    "goal_done": "{goal_result}",
}
GOAL_LABELS = {
    "goal_keep": "Keep my goal",
    "goal_adjust": "Adjust it",
    "goal_explore": "Explore another field",
    "goal_carry_on": "Carry on",
}
GOAL_NO_DEBRIEFS = "No talks debriefed yet, so this is a quick check of how it feels today."
GOAL_FROM_TALKS = "What you noted after your talks, latest first:"
GOAL_QUOTE = {
    "learned": "learned {text}",
    "fit": "fit {text}",
    "open": "still open {text}",
}
GOAL_RECURRING = "Keeps coming up: {words}."
GOAL_RESULT = {
    "keep": (
        "Good: you're keeping \u201c{goal}\u201d. Each talk makes it sharper. I'll ask again "
        "after a couple more."
    ),
    "adjust": (
        "Your goal is now \u201c{goal}\u201d. New call plans start from it; contacts under way "
        "keep what you planned."
    ),
    "explore": (
        "New direction: \u201c{goal}\u201d. Add organizations or people in that field from "
        "/plan when you're ready."
    ),
}
GOAL_EARLIER = "Goals before this one: {goals}."
GOAL_UNTIL = "\u201c{goal}\u201d (until {on})"
GOAL_AT_START = "This is the start of the look back. Pick one of the buttons below."


# -- the call card as a file ---------------------------------------------------------------
FILE_QUESTIONS_DEFAULT = "QUESTIONS TO ASK"
FILE_MEETING = "THE MEETING"
FILE_MEETING_SET = "{kind}, {when}, {minutes} minutes. Where: {place}"
FILE_MEETING_NONE = (
    "Not set yet. When they agree, write it here and read it back: day, time, place."
)
FILE_CAPTION = "Your call card for {person}: keep it open while you call."
DEFAULT_QUESTIONS = (
    "What does a usual week look like for you?",
    "How did you come into this work?",
    "What do you wish you'd known when you started?",
    "From what I've told you, what would you look into next?",
    "Who else would you suggest I talk to?",
)
