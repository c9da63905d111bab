"""The question bank: questions worth asking in an information interview, by theme.

Texts only (the /questions screens are built in ``bot/questions.py``). Each theme and each
question has a short, stable id: favourites are stored by question id and buttons carry it,
so an id must never be reused for a different question.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    """One theme of the bank: its id, its title and its questions as (id, text)."""

    id: str
    title: str
    questions: tuple[tuple[str, str], ...]


THEMES: tuple[Theme, ...] = (
    Theme(
        "path",
        "Your path into the work",
        (
            ("path1", "How did you come to be doing this work?"),
            ("path2", "What did you do before this role, and what carried over?"),
            ("path3", "Was there a moment you knew this field was right for you?"),
            ("path4", "If you started again today, what would you do differently?"),
        ),
    ),
    Theme(
        "day",
        "A typical day or week",
        (
            ("day1", "What did yesterday look like, from the first task to the last?"),
            ("day2", "How is your time split between people, paperwork and the core work?"),
            ("day3", "Which tasks fill most of your week, and which do you wish filled more?"),
            ("day4", "How much do you work alone, and how much in a team?"),
        ),
    ),
    Theme(
        "hard",
        "Challenges and downsides",
        (
            ("hard1", "What is the hardest part of the job, honestly?"),
            ("hard2", "What surprised you, for better or worse, once you started?"),
            ("hard3", "What makes people leave this field?"),
            ("hard4", "What kind of stress comes with the role, and how do you handle it?"),
        ),
    ),
    Theme(
        "pay",
        "Pay, hours and progression",
        (
            ("pay1", "What range of pay is usual for someone starting out?"),
            ("pay2", "Are the hours steady, or are there busy seasons and late nights?"),
            ("pay3", "What does the next step up look like, and how long does it take?"),
            ("pay4", "Is part-time, remote or flexible work common here?"),
        ),
    ),
    Theme(
        "entry",
        "Training and ways in",
        (
            ("entry1", "Which qualifications matter, and which are only nice to have?"),
            ("entry2", "What are the usual first roles for newcomers?"),
            ("entry3", "Which courses, certificates or experience would you recommend?"),
            ("entry4", "How do people without the usual degree find a way in?"),
        ),
    ),
    Theme(
        "trend",
        "Where the field is going",
        (
            ("trend1", "How has the work changed since you started?"),
            ("trend2", "Which skills will matter more in five years, and which less?"),
            ("trend3", "How are new tools or automation changing the job?"),
            ("trend4", "Is demand for this work growing, steady or shrinking where you are?"),
        ),
    ),
    Theme(
        "org",
        "The organization",
        (
            ("org1", "How would you describe the culture here to a friend?"),
            ("org2", "How are decisions made, and how much say do you have?"),
            ("org3", "What sets this organization apart from others in the field?"),
            ("org4", "How does your team fit into the organization as a whole?"),
        ),
    ),
    Theme(
        "advice",
        "Advice for you",
        (
            ("advice1", "What do you wish someone had told you at my stage?"),
            ("advice2", "From what I've told you, what would you look into next?"),
            ("advice3", "Which groups, events or publications keep you up to date?"),
            ("advice4", "What could I do in the next six months to test if this suits me?"),
        ),
    ),
    Theme(
        "who",
        "Who else to ask",
        (
            ("who1", "Who else would be good to talk to about this work?"),
            ("who2", "Do you know someone who took a different route into the field?"),
            ("who3", "May I say that you suggested I contact them?"),
            ("who4", "Is there a related role I should learn about, and who does it?"),
        ),
    ),
    Theme(
        "change",
        "Changing careers",
        (
            ("change1", "Which of my past skills would be most useful here?"),
            ("change2", "What gaps would I need to fill first, and how would you fill them?"),
            ("change3", "How do people here see someone arriving from another field?"),
            ("change4", "Is there a bridge role that mixes my old work with this one?"),
        ),
    ),
)

BY_THEME = {theme.id: theme for theme in THEMES}
BY_ID = {qid: text for theme in THEMES for qid, text in theme.questions}
ORDER = {qid: n for n, qid in enumerate(BY_ID)}
THEME_OF = {qid: theme.id for theme in THEMES for qid, _ in theme.questions}

# -- the screens' copy ----------------------------------------------------------------------
INTRO = (
    "Questions worth asking, in {themes} themes. Pick four or five you really want answered: "
    "you won't have time for all. Tap a theme to see its questions and star your favourites; "
    "starred ones go on your call card and into the reminder the day before a talk."
)
FAVOURITES_LINE = "Starred so far: {count}."
THEME_HEAD = (
    "{title}\n\n{lines}\n\nTap a question below to star it; tap it again to take the star off."
)
STARRED = "\u2605"
UNSTARRED = "\u2606"
STAR_LABEL = "{star} {number}. {text}"
ALL_THEMES = "All themes"
STAR_ADDED = "Starred: \u201c{text}\u201d"
STAR_REMOVED = "Star removed: \u201c{text}\u201d"
CARD_HEAD = "Questions you starred:"
CARD_MORE = "\u2026 and {count} more in /questions."
REMINDER_HEAD = "Your starred questions:"
