"""/questions: the question bank by theme, with favourites the user stars.

Every screen is an aside: the step the user is at is shown again after it. Buttons are
``q|<user>|t|<theme>`` (open a theme), ``q|<user>|l|all`` (the theme list) and
``q|<user>|f|<question>`` (star or unstar); a press is refused unless the user in the data
is the one pressing and the theme or question exists. Stars are kept in SQLite
(``favourite_questions``) and read with the user, so the call card and the reminders see them.
"""

from __future__ import annotations

from bot import buttons, texts
from bot.replies import Reply, refused
from flows import questions as q

THEME, LIST, STAR = "t", "l", "f"
LABEL_MAX = 44


def bank(turn) -> Reply:
    """The theme list."""
    uid = turn.user.user_id
    text = q.INTRO.format(themes=len(q.THEMES))
    if turn.user.favourites:
        text += "\n\n" + q.FAVOURITES_LINE.format(count=len(turn.user.favourites))
    choices = [(buttons.bank(uid, THEME, theme.id), theme.title) for theme in q.THEMES]
    return Reply(text, choices)


def theme(turn, theme_id: str, notice: str = "") -> Reply:
    """One theme's questions, numbered and starred, with a button per question."""
    uid = turn.user.user_id
    found = q.BY_THEME[theme_id]
    starred = set(turn.user.favourites)
    lines, choices = [], []
    for number, (qid, text) in enumerate(found.questions, 1):
        star = q.STARRED if qid in starred else q.UNSTARRED
        lines.append(f"{star} {number}. {text}")
        label = q.STAR_LABEL.format(star=star, number=number, text=text)
        choices.append((buttons.bank(uid, STAR, qid), _short(label)))
    choices.append((buttons.bank(uid, LIST, "all"), q.ALL_THEMES))
    body = q.THEME_HEAD.format(title=found.title, lines="\n".join(lines))
    return Reply(f"{notice}\n\n{body}" if notice else body, choices)


@buttons.handles(buttons.BANK)
def press(engine, turn, button: buttons.Button) -> list[Reply]:
    """A question-bank button: open a theme or the list, or star a question."""
    user = turn.user
    if button.ref != user.user_id:
        return [refused(engine.current_reply(turn, texts.BAD_BUTTON))]
    if button.state == LIST:
        return engine.aside(turn, bank(turn))
    if button.state == THEME and button.value in q.BY_THEME:
        return engine.aside(turn, theme(turn, button.value))
    if button.state == STAR and button.value in q.BY_ID:
        qid = button.value
        starring = qid not in user.favourites
        engine.store.star_question(user.user_id, qid, starring, turn.stamp)
        if starring:
            user.favourites.append(qid)  # the same list the flows' context reads
        else:
            user.favourites.remove(qid)
        said = q.STAR_ADDED if starring else q.STAR_REMOVED
        notice = said.format(text=q.BY_ID[qid])
        return engine.aside(turn, theme(turn, q.THEME_OF[qid], notice))
    return [refused(engine.current_reply(turn, texts.BAD_BUTTON))]


def _short(text: str) -> str:
    return text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "\u2026"
