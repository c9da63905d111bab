"""Lines a user types in a rehearsal, and which answer the bot gave, for every front end's tests.

The bot's answer is read from what it says (as a user would), never from its state.
"""

from __future__ import annotations

import re

GOOD_OPENING = (
    "Hello, my name is Ann Lee, a final-year design student. Professor Kim gave me your name. "
    "I'm exploring work in UX research because I love finding out why people get stuck. Could "
    "I ask you about your work for 20 minutes, at a time that suits you?"
)
# Lacks how the name was found, why, and how long.
THIN_OPENING = "Hi, I'm Ann, a design student. I'd like to hear about UX research."
JOB_OPENING = (
    "Hello, my name is Ann Lee, a design student. Professor Kim gave me your name. I'm exploring "
    "UX research because I love it. Could I have 20 minutes? Are you hiring at the moment?"
)
GOOD_SWITCHBOARD = (
    "Hello, I'm a student exploring UX research. Who there does that kind of work? Could I "
    "have their name, job title and direct number?"
)
GOOD_VOICEMAIL = (
    "Hi, this is Ann Lee on 0171 555 0199. I'm exploring UX research and would value 20 "
    "minutes to learn about your work. I'll call you back on Thursday morning."
)

SIGNS = {
    "yes": "happy to help",
    "five": "five minutes right now",
    "referral": "You should talk to",
    "no": "really can't help",
}


def branch_of(text: str) -> str:
    """Which answer the contact gave, from the words the bot showed."""
    found = [branch for branch, sign in SIGNS.items() if sign in text]
    assert len(found) == 1, text
    return found[0]


def good_reply(text: str) -> str:
    """The right reply to the answer in ``text``, using the details the contact gave."""
    branch = branch_of(text)
    if branch == "yes":
        day, time, place = re.search(r"How about (\w+) at (\S+), at (.+?)\?", text).groups()
        return f"Thank you so much! So that's {day} at {time}, at {place}. See you then."
    if branch == "five":
        return "Yes please, that's kind. What do you wish you'd known when you started?"
    if branch == "referral":
        name = re.search(r"talk to ([A-Z]\w+ [A-Z]\w+)", text).group(1)
        return f"{name}, thank you! May I say you suggested I call?"
    return "I understand, I'm sorry it won't work. Thank you for taking my call all the same."
