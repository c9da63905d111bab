import pytest

from flows.validators import (
    Invalid,
    choice,
    clean_text,
    duration_minutes,
    job_ask_reasons,
    job_ask_warning,
    job_title,
    long_text,
    organization,
    person_name,
    phone,
    short_text,
    yes_no,
)

FAMILY = "\U0001f469\u200d\U0001f469\u200d\U0001f467"  # 👩‍👩‍👧
FLAG_DE = "\U0001f1e9\U0001f1ea"  # 🇩🇪
FLAG_ENGLAND = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
RAINBOW_FLAG = "\U0001f3f3\ufe0f\u200d\U0001f308"  # 🏳️‍🌈
SQL = "Robert'); DROP TABLE students;--"


def _message(func, *args, **kwargs) -> str:
    with pytest.raises(Invalid) as excinfo:
        func(*args, **kwargs)
    message = str(excinfo.value)
    # never pydantic's own wording, always a short plain-text sentence
    assert "validation error" not in message.lower()
    assert "String should" not in message
    assert "*" not in message and "`" not in message
    assert message.endswith((".", "?"))
    return message


def test_invalid_is_a_value_error():
    assert issubclass(Invalid, ValueError)
    assert str(Invalid("Try again.")) == "Try again."


# ------------------------------------------------------------------ clean_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Maria   Lopez  ", "Maria Lopez"),
        ("Maria\tLopez", "Maria Lopez"),
        ("Maria\nLopez\r\n", "Maria Lopez"),
        ("Ma\x00ri\x07a\x1b Lopez", "Maria Lopez"),
        ("zero\u200bwidth\ufeff", "zerowidth"),
        ("\u202eevil", "evil"),
        ("no\u00a0break", "no break"),
        ("Cafe\u0301", "Caf\u00e9"),  # NFC
        (FAMILY, FAMILY),
        (FLAG_DE, FLAG_DE),
        (FLAG_ENGLAND, FLAG_ENGLAND),
        (RAINBOW_FLAG, RAINBOW_FLAG),
        (f"Hi {FAMILY} from {FLAG_DE}!", f"Hi {FAMILY} from {FLAG_DE}!"),
        ("Мария Иванова", "Мария Иванова"),
        ("王小明", "王小明"),
        ("محمد علي", "محمد علي"),
        ("می\u200cخواهم", "می\u200cخواهم"),  # Persian ZWNJ kept
        (SQL, SQL),
        ("", ""),
        ("   \t\n ", ""),
    ],
)
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


def test_clean_text_multiline_keeps_line_breaks():
    raw = "  First line  \r\nsecond\t\tline\x07\n\n\n\nthird  "
    assert clean_text(raw, multiline=True) == "First line\nsecond line\n\nthird"


def test_clean_text_survives_large_input():
    assert clean_text("a\x00 " * 5000) == " ".join(["a"] * 5000)


# ----------------------------------------------------------------- person_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Maria Lopez", "Maria Lopez"),
        ("  maria   lopez ", "maria lopez"),
        ("Jean-Luc O'Neil", "Jean-Luc O'Neil"),
        ("Dr. J.R. Smith", "Dr. J.R. Smith"),
        ("王伟", "王伟"),
        ("Мария Иванова", "Мария Иванова"),
        ("محمد علي", "محمد علي"),
        ("Henry VIII", "Henry VIII"),
        (f"Anna {FLAG_DE}", f"Anna {FLAG_DE}"),
        (SQL, SQL),
        ("A" * 80, "A" * 80),
    ],
)
def test_person_name_accepts(raw, expected):
    assert person_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "Please type the person's name, e.g. Maria Lopez."),
        ("   \n\x00", "Please type the person's name, e.g. Maria Lopez."),
        ("M", "full name"),
        ("A" * 81, "That's longer than a name usually is (80 characters at most)."),
        ("x" * 4096, "80 characters at most"),
        ("12345", "A name needs letters, e.g. Maria Lopez."),
        ("!!", "A name needs letters"),
        ("😀😀", "A name needs letters"),
        ("maria@example.com", "email address"),
        ("@maria", "@username"),
        ("https://linkedin.com/in/maria", "link"),
        ("www.maria.de", "link"),
        ("maria.com", "link"),
    ],
)
def test_person_name_rejects(raw, fragment):
    assert fragment in _message(person_name, raw)


# ------------------------------------------------------------ job_title / org


@pytest.mark.parametrize("raw", ["VP", "Product Manager", "Senior Engineer II", "Инженер"])
def test_job_title_accepts(raw):
    assert job_title(raw) == raw


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "Please type their job title"),
        ("Q", "full job title"),
        ("1234", "A job title needs letters"),
        ("x" * 101, "100 characters at most"),
    ],
)
def test_job_title_rejects(raw, fragment):
    assert fragment in _message(job_title, raw)


@pytest.mark.parametrize(
    "raw", ["3M", "IBM", "Café Müller", "7-Eleven", "株式会社 日立", SQL, "x" * 120]
)
def test_organization_accepts(raw):
    assert organization(raw) == raw


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "Please type the organization's name"),
        ("X", "full name"),
        ("--", "needs letters or digits"),
        ("x" * 121, "120 characters at most"),
    ],
)
def test_organization_rejects(raw, fragment):
    assert fragment in _message(organization, raw)


# ----------------------------------------------------------------------- phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+44 20 7946 0958", "+44 20 7946 0958"),
        ("020 7946 0958", "020 7946 0958"),
        ("(555) 123-4567", "(555) 123 4567"),
        ("555.123.4567", "555 123 4567"),
        ("+1-555-123-4567", "+1 555 123 4567"),
        ("0171 1234567", "0171 1234567"),
        ("+49 (0)30 123456", "+49 (0)30 123456"),
        ("  +44   20\t7946  0958 ", "+44 20 7946 0958"),
        ("+ 44 20 7946 0958", "+44 20 7946 0958"),
        ("020 7946 0958 ext. 123", "020 7946 0958 ext. 123"),
        ("020 7946 0958 ext 12", "020 7946 0958 ext. 12"),
        ("555-123-4567x123", "555 123 4567 ext. 123"),
        ("555-123-4567 X 9", "555 123 4567 ext. 9"),
        ("555-123-4567 extension 42", "555 123 4567 ext. 42"),
        ("123456", "123456"),
        ("+123456789012345", "+123456789012345"),  # 15 digits
        ("٠٢٠ ٧٩٤٦ ٠٩٥٨", "020 7946 0958"),  # Arabic-Indic digits
        ("＋４４ ２０ ７９４６ ０９５８", "+44 20 7946 0958"),  # fullwidth
    ],
)
def test_phone_accepts(raw, expected):
    assert phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "Please type a phone number"),
        ("call me", "A phone number can't contain letters. Type digits, e.g. +44 20 7946 0958."),
        ("1-800-FLOWERS", "can't contain letters"),
        ("020 7946 O958", "can't contain letters"),
        ("---", "A phone number needs digits"),
        ("12345", "That looks too short for a phone number (5 digits"),
        ("12 34", "(4 digits"),
        ("1234567890123456", "too long for a phone number (16 digits"),
        ("+44 20 +7946 0958", "with + only at the start"),
        ("020*7946*0958", "digits, spaces, dashes or brackets"),
        ("1" * 41, "too long for a phone number"),
        ("5" * 4096, "too long for a phone number"),
    ],
)
def test_phone_rejects(raw, fragment):
    assert fragment in _message(phone, raw)


# ---------------------------------------------------------- short / long text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Move into UX research", "Move into UX research"),
        ("Met at\nthe  meetup", "Met at the meetup"),
        ("ok", "ok"),
        (f"Data science 📊 {FAMILY}", f"Data science 📊 {FAMILY}"),
        ("Работа в IT", "Работа в IT"),
        (SQL, SQL),
        ("x" * 300, "x" * 300),
    ],
)
def test_short_text_accepts(raw, expected):
    assert short_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "kwargs", "expected"),
    [
        ("", {}, "Please type a few words."),
        ("  \n ", {}, "Please type a few words."),
        ("?!", {}, "Please type a few words, not only symbols or emoji."),
        ("\U0001f642", {}, "Please type a few words, not only symbols or emoji."),
        ("", {"field": "career goal"}, "Please type a few words (career goal)."),
        ("x" * 412, {}, "That's 412 characters; please keep it under 300."),
        ("x" * 4096, {}, "That's 4096 characters; please keep it under 300."),
        ("x" * 5000, {}, "That's 5000 characters; please keep it under 300."),
        ("x" * 51, {"max_len": 50}, "That's 51 characters; please keep it under 50."),
    ],
)
def test_short_text_rejects(raw, kwargs, expected):
    assert _message(short_text, raw, **kwargs) == expected


def test_short_text_min_len():
    assert "at least 5 characters" in _message(short_text, "abcd", min_len=5)
    assert short_text("abcde", min_len=5) == "abcde"
    assert "Please type a little more" in _message(short_text, "a")


def test_long_text_keeps_lines_and_strips_controls():
    raw = "Intro:\n  Hi Maria,\x07 I'm Sam.\r\n\r\nQuestions:\n1. How?\x1b\n"
    assert long_text(raw) == "Intro:\nHi Maria, I'm Sam.\n\nQuestions:\n1. How?"


@pytest.mark.parametrize("raw", [SQL, "Заметки\n笔记\nملاحظات", "x" * 3000, f"Met them {FAMILY}"])
def test_long_text_accepts(raw):
    assert long_text(raw) == raw


@pytest.mark.parametrize(
    ("raw", "kwargs", "expected"),
    [
        ("", {}, "Please type your notes."),
        ("\n\n\x00", {"field": "script"}, "Please type your script."),
        ("x" * 3001, {}, "That's 3001 characters; please keep it under 3000."),
        ("x" * 4096, {}, "That's 4096 characters; please keep it under 3000."),
        ("ab\n" * 1667, {}, "That's 5000 characters; please keep it under 3000."),
        ("x" * 5000, {"max_len": 4000}, "That's 5000 characters; please keep it under 4000."),
        # the one rule of every free-text step: a letter or digit, two characters at least
        (FAMILY, {}, "Please type a few words, not only symbols or emoji."),
        ("\U0001f44d\U0001f44d", {}, "Please type a few words, not only symbols or emoji."),
        ("k", {}, "Please type a little more, at least 2 characters."),
    ],
)
def test_long_text_rejects(raw, kwargs, expected):
    assert _message(long_text, raw, **kwargs) == expected


# ---------------------------------------------------------------------- choice

OPTIONS = {"phone": "Phone call", "video": "Video call", "coffee": "Coffee ☕"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("phone", "phone"),
        ("VIDEO", "video"),
        ("Phone call", "phone"),
        ("  video   CALL ", "video"),
        ("1", "phone"),
        ("3", "coffee"),
        ("2.", "video"),
        ("coffee!", "coffee"),  # loose match ignores punctuation/emoji
        ("Coffee ☕", "coffee"),
    ],
)
def test_choice_accepts(raw, expected):
    assert choice(raw, OPTIONS) == expected


def test_choice_prefers_value_over_position():
    options = {"30": "30 minutes", "20": "20 minutes"}
    assert choice("20", options) == "20"
    assert choice("1", options) == "30"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0", "Please pick a number from 1 to 3, or tap a button."),
        ("4", "Please pick a number from 1 to 3, or tap a button."),
        ("email", "Please pick one of: Phone call, Video call, Coffee ☕."),
        ("", "Please pick one of: Phone call, Video call, Coffee ☕."),
        ("call", "Please pick one of:"),
    ],
)
def test_choice_rejects(raw, expected):
    assert _message(choice, raw, OPTIONS).startswith(expected)


def test_choice_needs_options():
    with pytest.raises(ValueError):
        choice("1", {})


# -------------------------------------------------------------------- duration

DURATION_MESSAGE = "Information interviews usually take 20 or 30 minutes. Please choose 20 or 30."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("20", 20),
        ("30", 30),
        ("20 min", 20),
        ("20 minutes", 20),
        ("30mins", 30),
        ("half an hour", 30),
        ("Half an hour.", 30),
        ("twenty", 20),
        ("twenty-five minutes", 25),
        ("about 45 minutes", 45),
        ("an hour", 60),
        ("1h", 60),
        ("0.5 hours", 30),
        ("10", 10),
        ("60", 60),
    ],
)
def test_duration_accepts(raw, expected):
    assert duration_minutes(raw) == expected


@pytest.mark.parametrize(
    "raw", ["", "5", "9", "61", "90", "2 hours", "soon", "20-30", "1.3 hours", "9" * 50]
)
def test_duration_rejects(raw):
    assert _message(duration_minutes, raw) == DURATION_MESSAGE


# ---------------------------------------------------------------------- yes/no


@pytest.mark.parametrize(
    "raw",
    [
        "yes",
        "Y",
        "Yeah",
        "yep",
        "OK",
        "sure",
        "Correct",
        "right",
        "👍",
        "👍🏽",
        "yes!",
        "Yes please",
    ],
)
def test_yes(raw):
    assert yes_no(raw) is True


@pytest.mark.parametrize("raw", ["no", "N", "Nope", "not yet", "Not yet.", "👎", "no thanks"])
def test_no(raw):
    assert yes_no(raw) is False


@pytest.mark.parametrize("raw", ["", "maybe", "yes no", "later", "🤷"])
def test_yes_no_rejects(raw):
    assert _message(yes_no, raw) == "Please answer yes or no."


# --------------------------------------------------------------- job-ask guard


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Do you have any job for me?", ["Do you have any job for me"]),
        ("Could you hire me?", ["hire me"]),
        ("Are you hiring?", ["Are you hiring"]),
        ("Are you hirring at the moment?", ["Are you hirring"]),  # a typo
        ("Any vacancys?", ["Any vacancys"]),
        ("Is there a position available?", ["Is there a position available"]),
        ("Would you consider me for a role?", ["consider me"]),
        ("I'd love to join your team", ["love to join your"]),
        ("Keep me in mind if anything opens up.", ["Keep me in mind", "if anything opens up"]),
        ("Could you put in a good word for me?", ["put in a good word"]),
        ("It could be my foot in the door", ["foot in the door"]),
        ("Could you pass on my CV?", ["pass on my CV"]),
        ("Here is my re\u0301sume\u0301", ["Here is my résumé"]),  # decomposed accents
        ("Are you hi\u200bring?", ["Are you hiring"]),  # zero-width space doesn't hide it
        ("Could you refer me for the analyst role?", ["refer me"]),
        ("Are you hiring? Could I send my CV?", ["Are you hiring", "send my CV"]),
        ("Do you offer placements? Do you offer placements?", ["Do you offer placements"]),
    ],
)
def test_job_ask_reasons_flags(text, expected):
    assert job_ask_reasons(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "How did you get hired?",  # a fair question about their path
        "I want to learn what your job involves",
        "What do hiring managers look for?",
        "Could you refer me to a colleague who does similar work?",
        "I look after the cron jobs at work",
        "I'd like to resume my nursing career",
        "How could I improve my CV for this field?",
        "I'm thinking about changing jobs.",
        "What is your job title?",
        "Could I do some job shadowing?",
        "I picked up my prescription at CVS pharmacy",
        "We drove through the shire",
        "The firing range is near the office",
        "What does a typical day look like for you?",
        "Who else would you suggest I talk to?",
        "Thanks for your time, Maria!",
        SQL,
    ],
)
def test_job_ask_reasons_negatives(text):
    assert job_ask_reasons(text) == []


def test_job_ask_reasons_long_text_is_read_whole():
    text = "I enjoy my work. " * 200 + "Do you have any openings?"
    assert job_ask_reasons(text[:4096]) == ["Do you have any openings"]


def test_job_ask_warning_names_matches_and_asks():
    warning = job_ask_warning(["hiring", "CV"])
    assert '"hiring" and "CV"' in warning
    assert "job" in warning
    assert "embarrass" in warning
    assert warning.endswith("?")
    assert "*" not in warning and "_" not in warning
    assert 2 <= warning.count(". ") + warning.count("? ") + 1 <= 3


def test_job_ask_warning_lists():
    assert '"job"' in job_ask_warning(["job"])
    assert '"a", "b" and "c"' in job_ask_warning(["a", "b", "c"])
    assert job_ask_warning([]).endswith("?")
