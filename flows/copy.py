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
    "person_name": "Who did they name? Type the person's full name.",
    "person_title": "What is {person}'s job title?",
    "person_phone": (
        "And {person}'s phone number? A phone call gets better results than an e-mail or a "
        "letter. (/skip if you don't have it yet)"
    ),
    "work_type": (
        "What type of work do you want to learn about from {person}? It finishes the sentence "
        "\u201cI'm exploring work in \u2026\u201d."
    ),
    "reason": (
        "Why does that work interest you? One or two sentences; they go into your call script."
    ),
    "reason_check": "{guard_warning}",
    "duration": (
        "How much of {person}'s time will you ask for? Most information interviews take 20 "
        "to 30 minutes."
    ),
    "found_name": (
        "How did you get {person}'s name? You'll say it early in the call, so they know why "
        "you're calling them."
    ),
    "call_card": "{call_card}",
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
        "you. Before you hang up, thank {person} warmly for the names."
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
        "remind you the day before and an hour before. Afterwards, tap \u201cIt happened\u201d."
    ),
    "happened_early": (
        "Your {meeting_kind_lower} with {person} is set for {meeting_at}, which hasn't come yet. "
        "Did you already talk?"
    ),
    "notes": (
        "How did it go? Jot down what you learned: advice, names, what to do next. "
        "(/skip to leave it for now)"
    ),
    "thank_you": (
        "Send a thank-you within 24 hours. Here's a draft to adapt:\n\n{thank_you_draft}"
    ),
    "done": "{person} is done. Well done! Ready for the next one?",
    "closed": "{person} is closed. Every call you make is practice for the next one.",
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
    "rephrase": "Rephrase it",
    "keep_anyway": "Keep it as it is",
    "minutes_20": "20 minutes",
    "minutes_30": "30 minutes",
    "card_ready": "Ready to call",
    "card_own": "Write my own version",
    "yes_right": "Yes, that's right",
    "no_change": "No, change it",
    "outcome_meet": "Agreed to meet",
    "outcome_phone": "5 minutes by phone",
    "outcome_referral": "Gave me other names",
    "outcome_no": "No, and no names",
    "outcome_no_answer": "No answer yet",
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

CALLED_OFF = (
    "Sorry it fell through; that happens. I've cancelled its reminders. If there's another way "
    "forward with them, log it below."
)
STILL_AHEAD = "Fine, it's still ahead: I'll keep its reminders."
CALL_REMINDER_AHEAD = " Not called yet? Come back afterwards; I'll remind you on {when}."
CALL_NOT_YET = " Not called yet? Come back here once you have."
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
