"""Texts the engine itself shows (commands, buttons, errors); the flows' texts are in flows/copy."""

from __future__ import annotations

WELCOME_BACK = "Welcome back! Here's where you left off."
UNKNOWN_COMMAND = "I don't know the command /{name}. Send /help to see what I understand."
HELP_HEAD = (
    "I'm your information-interview coach. I walk you through getting ready, then through "
    "setting up each talk, and remind you at the right moments. Answer by tapping a button or "
    "typing. Your answers are saved as you go, so you can stop at any time.\n\nCommands:"
)
BACK_DONE = "Back one step. Your earlier answer is kept: tap \u201cKeep\u201d or type a new one."
BACK_PLAIN = "Back one step. Your earlier answers are all kept."
BACK_AT_START = "This is the first step here; there's nothing before it."
STALE_BUTTON = "That button belongs to an earlier step, so I changed nothing. Here's where you are:"
BAD_BUTTON = "I can't use that button, so nothing was changed. Here's where you are:"
EMPTY = "I got an empty message. Please type your answer, or tap a button."
NO_SUCH_CONTACT = "That contact isn't in your plan, so nothing was changed."

MEDIA = {
    "photo": "a photo",
    "sticker": "a sticker",
    "voice": "a voice message",
    "audio": "an audio file",
    "video": "a video",
    "video_note": "a video message",
    "animation": "a GIF",
    "document": "a file",
    "location": "a location",
    "venue": "a place",
    "contact": "a contact card",
    "poll": "a poll",
    "dice": "a dice roll",
}
MEDIA_ANSWER = "Thanks, but I can't read {what} here. {wanted}"
WANTS_TEXT = "Please type your answer as a text message."
WANTS_BUTTON = "Please tap one of the buttons, or type its number."
WANTS_CONTACT_CARD = "Type the answer, or share a contact card from your phone's address book."
CONTACT_CARD_USED = "Took {what} from the contact card."
CARD_PARTS = {"name": "the name", "phone": "the number"}

NAME_ASK = (
    "Before your first call: what name do you give when you phone someone? "
    "I'll put it on your call cards and thank-you notes."
)
NAME_CHANGE = "Your call cards say you're {name}. Type another name to change it."
NAME_USE = "Use: {name}"
NAME_KEEP = "Keep: {name}"
NAME_SET = "Thanks, {name}. Your cards will use that name (/name changes it)."
NAME_NEEDS_LETTERS = "A name needs letters. Please type the name you give on the phone."

RESET_ASK = (
    "This erases your whole plan: answers, contacts and reminders. It can't be undone. Start over?"
)
RESET_YES = "Yes, erase and start over"
RESET_NO = "No, keep my plan"
RESET_DONE = "Everything is erased. Let's start fresh."
RESET_KEPT = "Nothing was erased. Here's where you are:"

TIMEZONE_ASK = (
    "First, which time zone are you in? Type a city (e.g. Berlin, New York) or an offset "
    "(e.g. UTC+2). I'll read every time you type in that zone."
)
TIMEZONE_CHANGE = (
    "Your time zone is {tz}. To change it, type a city (e.g. Lisbon) or an offset (e.g. UTC-5)."
)
TIMEZONE_SET = "Time zone set: {tz}. It's {local} there now."
TIMEZONE_KEEP = "Keep {tz}"

PAUSED = "Reminders are on hold. Send /resume to turn them back on; nothing is lost meanwhile."
ALREADY_PAUSED = "Reminders are already on hold. Send /resume to turn them back on."
RESUMED = "Reminders are back on."
NOT_PAUSED = "Reminders are already on."

SKIP_OVERLAY = "This question can't be skipped, but /back leaves it as it is."
EDIT_NOT_READ = (
    "I only read new messages, so your edit changed nothing. To change an answer, send /back"
    " to step back to it, or change it in the review of your plan (/plan)."
)
