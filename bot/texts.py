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

DELETE_ASK = (
    "This deletes everything I keep about you: your answers, contacts, notes and reminders. "
    "Nothing stays behind and it can't be undone. (/export first if you'd like a copy.) "
    "Delete it all?"
)
DELETE_YES = "Yes, delete everything"
DELETE_NO = "No, keep it"
DELETE_DONE = (
    "Done: everything I kept about you is deleted, reminders included. "
    "If you write to me again, we'll start from scratch."
)
DELETE_TAP = "To be sure it's you, please tap one of the buttons."
DELETE_KEPT = "Nothing was deleted. Here's where you are:"

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

STATUS_HEAD = "Your plan at a glance"
STATUS_PREP_DONE = "Getting ready: done."
STATUS_PREP_STEP = "Getting ready: step {step} of {total}."
STATUS_PREP_DONE_LIST = "\u2713 Done: {steps}."
STATUS_PREP_OPEN_LIST = "\u2610 Still to do: {steps}."
STATUS_NO_CONTACTS = "Contacts: none yet."
STATUS_CONTACT = "Contact"
STATUS_INDENT = "   "
STATUS_REFERRAL_INDENT = "   \u21b3 "  # a referral, under the contact who gave the name
STATUS_STEPS = {
    "call": "call",
    "meeting": "meeting",
    "phone_talk": "phone talk",
    "follow_up": "follow up",
    "thank_you": "thank-you note",
}
STATUS_OVERDUE = "{what} was due {when}"
STATUS_NEXT = "Next: {when}, {what}."
STATUS_NEXT_STEPS = {
    "call": "call {who}",
    "meeting": "meeting with {who}",
    "phone_talk": "phone talk with {who}",
    "follow_up": "follow up with {who}",
    "thank_you": "thank-you note to {who}",
}
STATUS_NEXT_NONE = "Next: carry on with the step below."
STATUS_PAGE = "Page {page} of {pages}."
STATUS_PREVIOUS = "\u2039 Back"
STATUS_MORE = "More \u203a"
STATUS_WORKING_ON = "Working on: {label}."
STATUS_PAUSED = "Reminders are on hold (/resume)."

EXPORT_JSON = "Everything I keep about you, as JSON (the format is described in my README)."
EXPORT_MD = "Your plan as a readable summary."
EXPORT_DONE = (
    "Those two files hold all I store about you. /delete erases it all from my side, if you wish."
)

NOT_ALLOWED = "Sorry, this coach is open to invited people only, so I can't help you here."
PRIVATE_ONLY = (
    "I only work in private chats. Open a chat with me directly to get started; "
    "I keep nothing from this one."
)
SLOW_DOWN = (
    "That's a lot of messages at once, so I let the last few go by unread. "
    "Give me a few seconds, then send your answer again."
)
