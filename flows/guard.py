"""The job-ask guard: does a text the user drafted ask the contact for employment?

Rule-based. The text is split into words and marks; words one typo away from a word the
rules care about ("hirring", "vacancys", "postions") are read as that word; accents,
curly quotes and case are folded. Then phrase rules look for asks (to be hired, considered
or referred for a role, to join or work for them, open roles offered to the user, a CV
passed on, a good word, a foot in the door, "keep me in mind"), each rule written so that
the same words describing work ("what does your job involve", "how did you get hired",
"refer me to a colleague", "resume my career", "improve my CV") stay quiet.

``asks(text)`` returns the phrases that triggered, as the user typed them.
"""

from __future__ import annotations

import re
import string
import unicodedata
from functools import lru_cache

# -- words the rules care about, for typo tolerance ---------------------------------------
# Only words of five letters or more are corrected, and only into these words; real words
# that sit one letter away from one of them are left as they are.
KEYWORDS = (
    "hire hired hiring hires employ employed employment employer recruit recruiting "
    "recruited vacancy vacancies position positions opening openings internship "
    "internships placement placements apprenticeship apprenticeships traineeship "
    "consider considered consideration available application resume referral refer "
    "interview organisation organization department company opportunity opportunities "
    "forward recommend"
).split()
REAL_WORDS = frozenset(
    "firing wiring hiking airing tiring hiding hiving filing fired wired tired hirer hirers "
    "shire hides fires wires tires hikes postings posting opening openings "
    "employs refers refer deferral deferrals referrals resumes interviews positive "
    "position positional companion complains departments placed placement recruits "
    "consider considers recommend recommends forward forwards forwarded "
    "vacant vacancy vacancies defer aired hiked hider hided mired sired siring hiving "
    "positron".split()
)
LETTERS = string.ascii_lowercase


def _one_away(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    changes = {a + c + b[1:] for a, b in splits if b for c in LETTERS}
    inserts = {a + c + b for a, b in splits for c in LETTERS}
    return deletes | swaps | changes | inserts


def _typo_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for word in KEYWORDS:
        for variant in _one_away(word):
            if len(variant) >= 5 and variant not in REAL_WORDS and variant not in KEYWORDS:
                table.setdefault(variant, word)
    # plurals and spellings people really type, more than one letter away
    table.update(
        {
            "vacancys": "vacancies",
            "vacansies": "vacancies",
            "vacancie": "vacancies",
            "hirring": "hiring",
            "hireing": "hiring",
            "hiering": "hiring",
            "oppertunity": "opportunity",
            "opertunity": "opportunity",
            "intership": "internship",
            "interships": "internships",
            "internhips": "internships",
        }
    )
    return table


TYPOS = _typo_table()

# -- tokens ---------------------------------------------------------------------------------
_TOKEN_RE = re.compile(r"[a-z0-9'\-]+|[.!?;:,()\"]")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u2013": "-", "\u2014": "-"})


def _fold(text: str) -> str:
    """Lower case, no accents, straight quotes; same length as the input."""
    if text.isascii():
        return text.lower().translate(_QUOTES)
    out = []
    for ch in text.translate(_QUOTES):
        base = unicodedata.normalize("NFKD", ch)
        base = "".join(c for c in base if not unicodedata.combining(c)) or ch
        out.append(base[0].lower() if len(base[0].lower()) == 1 else ch)
    return "".join(out)


def _normal(folded: str) -> str:
    """The folded text as words and marks, one space apart, typos read as meant."""
    return " ".join([TYPOS.get(word, word) for word in _TOKEN_RE.findall(folded)])


def _spans(folded: str) -> list[tuple[int, int, int, int]]:
    """Per token of :func:`_normal`: (start, end) there and (start, end) in the text."""
    spans: list[tuple[int, int, int, int]] = []
    at = 0
    for match in _TOKEN_RE.finditer(folded):
        size = len(TYPOS.get(match.group(0), match.group(0)))
        spans.append((at, at + size, match.start(), match.end()))
        at += size + 1
    return spans


# -- the rules --------------------------------------------------------------------------------
ORG = (
    r"(?:company|team|firm|organi[sz]ation|department|dept|group|business|office|agency|"
    r"practice|studio|lab|hospital|school|charity|unit|clinic|council|ward|newsroom|"
    r"start-?up|place|branch|store|shop|site|workplace|org|consultancy|programme|program|"
    r"crew|squad|kitchen|restaurant|salon|garage|factory|plant|station|paper|magazine|"
    r"publication|project|board|ministry|authority|library|museum|gallery|theatre|theater)"
)
YOU = rf"(?:your (?:\w+ )?{ORG}\b|you guys|you all|y'all|yours|you\b(?! know))"
ROLE = (
    r"(?:jobs?|roles?|positions?|posts?|vacanc(?:y|ies)|openings?|internships?|"
    r"placements?(?: years?)?|"
    r"apprenticeships?|traineeships?|intakes?|work experience|employment|contracts?|gigs?|"
    r"graduate (?:schemes?|programmes?|programs?|roles?|jobs?)|trial shifts?|shifts?)"
)
ROLE_ADJ = (
    r"(?:(?:open|available|current|upcoming|new|free|paid|unpaid|summer|junior|senior|"
    r"entry-level|entry level|graduate|part-time|full-time|temporary|temp|permanent|"
    r"remote|work|trainee|research|internal|analyst|design|designer|developer|data|"
    r"marketing|nursing|sales|\w+ing) )*"
)
MODAL = r"(?:can|could|would|will|might|may|do|does|did|are|is|'d|d)"
WANT = (
    r"(?:want|wanted|wanting|like|love|loved|hope|hoping|hoped|keen|eager|desperate|dying|"
    r"dream(?:ing)?|wish|aim|aiming|plan|planning|intend|intending|try|trying|chance|"
    r"opportunity|possible|able|ready|interested in|looking)"
)
IMPROVE = re.compile(
    r"\b(?:improv\w*|feedback|advice|tips?|look over|looking over|read over|review|"
    r"critique|stand out|strengthen|better|missing|comments?|transfer\w*|highlight|"
    r"what's wrong|how to|format\w*|tailor\w*)\b"
)
WH = re.compile(r"\b(?:how|what|what's|why|which|who|whom|whose|whether)\b")

WANT_WORDS = (
    "want wanted wanting like love loved hope hoping hoped keen eager desperate dying dream "
    "dreaming wish aim aiming plan planning intend intending try trying chance opportunity "
    "possible able ready interested looking thrilled happy glad delighted excited honoured "
    "honored privilege"
)
R = ROLE_WORDS = (
    "job jobs role roles position positions post posts vacancy vacancies opening openings "
    "internship internships placement placements apprenticeship apprenticeships traineeship "
    "traineeships intake intakes experience employment contract contracts gig gigs scheme schemes "
    "programme programmes program programs shift shifts"
)
PEOPLE = (
    "interns intern apprentices apprentice trainees trainee juniors junior graduates volunteers"
)

# Each rule: (needed words, pattern, question-sensitive). Needed words come in groups split
# by "|"; a clause must hold a word of every group before the pattern is tried, which keeps
# a check fast. A question-sensitive rule stays quiet in a clause with a wh-word before the
# match ("how often do you hire juniors?" asks about the field).
RULES: list[tuple[str, str, bool]] = [
    # asking to be hired, taken on, considered, interviewed
    (
        "hire employ recruit onboard interview shortlist fast-track hiring employing recruiting "
        "interviewing",
        r"\b(?:hire|employ|recruit|onboard|interview|shortlist|fast-track|hiring|employing|"
        r"recruiting|interviewing|taking on) me\b",
        False,
    ),
    (
        "take get sign",
        r"\btake me on\b|\bget me (?:hired|in|on board)\b|\bsign me up\b(?= (?:as|for) )",
        False,
    ),
    (
        "like my",
        r"\b(?:hire|hiring|employ|employing|recruit|recruiting|take on|taking on|consider|"
        r"considering|interview|interviewing)\b(?: \w+){0,3} (?:like me|with my (?:background|"
        r"experience|profile|skills))\b",
        True,
    ),
    (
        "hired employed taken considered recruited interviewed shortlisted",
        r"(?<!how )\b(?:can|could|would|will|might|may) i (?:\w+ )?(?:get|be) (?:hired|"
        r"employed|taken on|considered|recruited|interviewed|shortlisted)\b",
        True,
    ),
    (
        "hired employed taken considered recruited",
        r"\bi (?:could|might|can|would) (?:\w+ )?(?:get|be) (?:hired|employed|taken on|"
        r"considered|recruited)\b",
        True,
    ),
    (
        "getting being",
        r"\bme (?:getting|being) (?:hired|employed|taken on|considered|recruited|interviewed)\b",
        False,
    ),
    (
        "consider",
        r"\bconsider (?:me|my (?:cv|resume|application|profile|name))\b",
        False,
    ),
    (
        "consideration considered",
        r"\bfor (?:your )?consideration\b|\bto be considered\b|"
        r"\b(?:be|being|get|getting) considered for\b",
        False,
    ),
    (
        "hired",
        r"\b(?:like|love|want|hope|hoping|wish|keen) to (?:be|get) hired\b",
        False,
    ),
    # joining them, working there
    (
        "join joining part work working intern interning start|" + WANT_WORDS,
        rf"\b(?:{WANT}|thrilled|happy|glad|delighted|excited|honou?red|privilege)\b(?: \w+)"
        rf"{{0,3}} (?:to |of |in |for )?(?:join|joining|be part of|being part of|become part of|"
        rf"be a part of|work(?: for| at| with| in| on| alongside| under)?|working(?: for|"
        rf" at| with| in| on| alongside)?|intern (?:for|at|with)|interning (?:for|at|with)"
        rf"|come (?:and )?work (?:for|at|with)|start (?:at|with))\b(?: \w+){{0,1}} (?:you(?! know)"
        rf"|your|there|here|yours)\b",
        True,
    ),
    (
        "join work intern|can could may might",
        r"(?<!how )\b(?:can|could|may|might) i (?:\w+ ){0,2}(?:join|work (?:for|at|with|in|"
        r"on)|intern (?:at|with|for)|come (?:and )?work (?:for|at|with)) (?:you(?! know)"
        r"|your)\b",
        False,
    ),
    (
        "join work intern|could might can",
        r"\bi (?:could|might|can) (?:\w+ )?(?:join|work (?:for|at|with|in|on)|intern (?:at|"
        r"with|for)) (?:you(?! know)|your)\b",
        True,
    ),
    (
        "join into work|how",
        r"\bhow (?:can|could|do|would|might|should) i (?:\w+ )?(?:join|get into|get a (?:job|"
        r"role|position) (?:at|with|in)|work (?:for|at)) (?:your|you)\b",
        False,
    ),
    (
        "part team room",
        r"\bbe part of your\b|\bto be on your team\b|\broom (?:on|in|for me (?:on|in)) your\b",
        False,
    ),
    # open roles offered to the user
    (
        R + " " + PEOPLE + " help",
        rf"\b(?:do|does|did|would|will|could|can|might) (?:you|your (?:\w+ )?{ORG}|they)"
        rf"(?: \w+)? (?:have|has|got|offer|offering|run|running|take on|taking on|need|"
        rf"needs) (?:any |an |a |some |more )?(?:\w+ )?{ROLE_ADJ}(?:{ROLE}|interns?|apprentices?|"
        rf"trainees?|juniors?|graduates?|volunteers? (?:who|to)|(?:any |extra |some )?help (?:in|"
        rf"on|at|with) (?:the|your) (?:lab|team|office|studio|clinic|ward|shop))\b",
        True,
    ),
    (
        R,
        rf"\b(?:have you got|got|you got|you have) (?:any |an |a )?{ROLE_ADJ}{ROLE}\b",
        True,
    ),
    (
        R,
        rf"\b(?:are there|is there|any) (?:any |an |a |some )?{ROLE_ADJ}{ROLE}(?:(?: \w+)"
        rf"? (?:at|on|in|with|within) (?:{YOU}|the (?:\w+ )?{ORG})\b| (?:going|available|"
        rf"open|free|vacant|coming up|"
        rf"right now|at the moment|currently|this (?:summer|year|month|spring|autumn|fall|"
        rf"winter)|for me|i could)\b|(?= ?[?.!]| ?$))",
        True,
    ),
    (
        R,
        rf"^(?:any|some) {ROLE_ADJ}{ROLE}\b",
        False,
    ),
    (
        R,
        rf"\b{ROLE} (?:available|open|going|vacant|free) (?:at|on|in|with) {YOU}\b",
        False,
    ),
    (
        R,
        rf"\b(?:is|are) there (?:an? |any )?{ROLE_ADJ}{ROLE} (?:available|open|going|vacant)\b",
        True,
    ),
    (
        "me|" + R + " place spot opening",
        rf"\b(?:a|an|any|the) {ROLE_ADJ}(?:{ROLE}|place|spot|opening) for me\b",
        False,
    ),
    ("work room|me", r"\b(?:be|is|any|some) (?:paid )?(?:work|room) for me\b", False),
    (
        R,
        rf"\bif (?:a|an|any) (?:\w+ ){{0,2}}{ROLE} (?:\w+ )?(?:opens?|comes? up|becomes? "
        r"(?:available|free|vacant)|is advertised|appears)\b",
        False,
    ),
    (
        "hire intern employee trainee apprentice junior colleague recruit",
        r"\bbe your (?:\w+ )?(?:hire|intern|employee|trainee|apprentice|junior|colleague|"
        r"recruit)\b",
        False,
    ),
    (
        "introduction",
        r"\bintroduction to (?:your |the )?(?:hr|recruit\w*|hiring manager|talent team|boss)\b",
        False,
    ),
    (
        "joining join working",
        r"\b(?:interested in|keen on|hoping to|like to|love to|want to) (?:joining|join|"
        r"working there|working here)(?= ?[?.!]| ?$)",
        True,
    ),
    (
        R,
        rf"(?:^|\b(?:a|an) )(?:an? )?{ROLE_ADJ}{ROLE} (?:with|at|on|in|within) (?:{YOU}|there)",
        True,
    ),
    (
        "job position role post internship placement",
        r"^(?:a|an) (?:\w+ )?(?:job|position|role|post|internship|placement) (?:at|with) [a-z]",
        True,
    ),
    (
        "opening openings vacancy vacancies",
        rf"\b(?:your|you've|you have|you've got) (?:\w+ )?{ROLE_ADJ}(?:opening|openings|"
        rf"vacancy|vacancies)\b",
        True,
    ),
    (
        "opening openings vacancy vacancies",
        rf"\b(?:opening|openings|vacancy|vacancies)(?: \w+)? (?:in|on|at|with|within) {YOU}",
        True,
    ),
    (
        "up",
        r"\bany (?:\w+ )?(?:roles?|positions?|openings?|jobs?|vacanc\w+|spots?) (?:come|"
        r"comes|coming|open|opens|opening) up\b",
        False,
    ),
    (
        "open",
        r"\bopen (?:positions?|roles?|jobs?|spots?|posts?|vacancies|internships?)\b(?! (?:in|"
        r"to) (?:this|the|my|these|people|someone|graduates))",
        True,
    ),
    (
        "saw",
        r"\bsaw (?:the|your) (?:vacancy|opening|job (?:ad|advert|post|posting|listing)"
        r"|advert|job)\b",
        False,
    ),
    # hiring or recruiting now, asked of them
    (
        "hiring recruiting taking looking",
        rf"\b(?:are|is) (?:you|your|your (?:\w+ )?{ORG}|they|you guys|the team)(?: \w+)"
        rf"? (?:hiring|recruiting|taking on|looking for (?:an? |new |more |any |another )?"
        rf"(?:\w+ )?(?:people|staff|interns?|someone|anyone|graduates?|juniors?|trainees?|help|"
        rf"hires?|\w+(?:er|ist|yst|ant|or|ian|ee)s?))\b",
        True,
    ),
    (
        "hiring recruiting taking",
        rf"\b(?:you're|you are|your (?:\w+ )?{ORG} (?:is|are)) (?:\w+ )?(?:hiring|recruiting|"
        rf"taking on (?:new )?(?:staff|people|interns|graduates|apprentices|juniors))\b",
        True,
    ),
    (
        "need needs looking want wants",
        rf"\bif (?:you|your (?:\w+ )?{ORG}) (?:ever )?(?:need|needs|are looking for|is looking for|"
        rf"want|wants)(?: \w+)? (?:someone|anyone|an extra|extra|help|a hand|another|more (?:staff|"
        rf"people|hands)|a junior|an intern|a new)\b",
        False,
    ),
    # a job for me, with them
    (
        "me|give offer find get land secure arrange set",
        rf"\b(?:give|offer|find|get|land|secure|arrange|set up) me (?:a |an |any |the |"
        rf"some )?{ROLE_ADJ}(?:{ROLE}|work|interview|job interview|trial|position)\b",
        False,
    ),
    (
        R + " work spot place|get getting find finding land landing secure securing want need "
        "seeking seek after apply applying looking searching interested chance offer do doing",
        rf"\b(?:get|getting|find|finding|land|landing|secure|securing|want|need|seeking|"
        rf"seek|after|apply for|applying for|looking for|searching for|interested in|chance of|"
        rf"offer|do|doing) (?:a |an |any |the |some |a paid |paid )?{ROLE_ADJ}(?:{ROLE}|"
        rf"work|spot|place)(?: (?:with|at|on|in|for) (?:{YOU}|there|here)| there| here)"
        rf"\b",
        True,
    ),
    (
        "help helping",
        rf"\b(?:help|helping) me (?:to )?(?:get|find|land|secure) (?:a |an |any |the |some )"
        rf"?{ROLE_ADJ}(?:{ROLE}|work)\b",
        False,
    ),
    (
        "job position role post employment internship placement",
        r"\b(?:want|need|(?:would|'d|d|i) (?:really |very much |so )?like|hoping for|looking for|"
        r"seeking|after) (?:a |an )?(?:job|position|role|post|employment|internship|placement)"
        r" (?:at|with) [a-z]",
        True,
    ),
    (
        "looking searching hunting applying",
        r"\b(?:i'm|i am|i've been|we're|currently|actively) (?:currently |actively |now |"
        r"still )?(?:looking|searching|hunting|applying) for (?:a |an )?(?:new |paid |"
        r"full-time |part-time )?(?:job|jobs|role|roles|position|positions|employment|"
        r"internship|internships|placement|placements)\b",
        True,
    ),
    (
        "hunting job-hunting seeking job-seeking",
        r"\b(?:i'm|i am|currently|actively) (?:currently |actively |now )?(?:job hunting|"
        r"job-hunting|job seeking|job-seeking|seeking employment|seeking work|"
        r"out of work and looking)"
        r"\b",
        False,
    ),
    (
        "employment",
        r"\bseeking employment\b",
        False,
    ),
    # referred for a role (a referral to a colleague is fine)
    (
        "refer",
        r"\brefer me\b(?! to (?:a |an |another |any |some |other |one of |your |the )?(?:\w+ )"
        r"?(?:colleagues?|persons?|people|someone|somebody|anyone|anybody|others|friends?|"
        r"contacts?|experts?|peers?|mentors?|specialists?|practitioners?|professionals?|"
        r"[a-z]+ who))",
        False,
    ),
    (
        "referral",
        rf"\b(?:internal|employee|job) referral\b|\breferral (?:for|to|into) (?:a |an |"
        rf"the |any |your )?{ROLE_ADJ}(?:{ROLE}|hiring|recruit\w*|hr)\b",
        False,
    ),
    (
        "recommend nominate suggest put",
        rf"\b(?:recommend|nominate|suggest|put) me (?:for|to) (?:a |an |the |any |your )"
        rf"?(?:\w+ )?(?:{ROLE}|hiring|recruit\w*|hr|boss|manager)\b",
        False,
    ),
    (
        "tell mention introduce",
        r"\b(?:tell|telling) (?:your |the )?(?:hr|recruiters?|recruitment|hiring manager|"
        r"talent team|boss) about me\b|\b(?:mention|introduce|recommend) me to (?:your |"
        r"the )?(?:hr|recruit\w*|hiring manager|talent team|boss)\b",
        False,
    ),
    (
        "put",
        r"\bput me (?:forward|up for)\b|\bput my name (?:forward|in)\b",
        False,
    ),
    # a CV passed on
    (
        "cv resume application details letter",
        r"\b(?:pass|passing|forward|forwarding|submit|submitting|hand|handing|circulate|"
        r"put) (?:on |along )?(?:my|our|a copy of my) (?:cv|resume|cover letter|application|"
        r"details)\b",
        False,
    ),
    (
        "cv resume application details name portfolio",
        r"\b(?:my|the) (?:cv|resume|details|application|name|portfolio) (?:\w+ ){0,3}"
        r"(?:to|with) (?:your )?(?:hr|the hiring|your hiring|hiring|recruit\w*|people team|"
        r"talent team|your manager|"
        r"your boss)\b",
        False,
    ),
    (
        "cv resume details name number file|keep file",
        r"\b(?:cv|resume|details) on file\b|\bkeep my (?:cv|resume|details|name|number)\b",
        False,
    ),
    (
        "cv resume",
        r"\bmy (?:cv|resume) (?:is )?(?:attached|enclosed|below|here)\b|\bhere(?:'s| is)"
        r" my (?:cv|resume)\b|\b(?:attached|enclosed|attach|enclose) (?:is )?my (?:cv|"
        r"resume)\b",
        False,
    ),
    (
        "pass",
        r"\bpass (?:it|this|them) (?:on|along)\b",
        False,
    ),
    # a good word, a foot in the door, keep me in mind
    (
        "word vouch",
        r"\b(?:put|say|give|drop) (?:in )?a (?:good |kind |nice )?word\b|\bgood word for me\b|"
        r"\bput in a word\b|\bvouch for me\b",
        False,
    ),
    (
        "door",
        r"\bfoot in (?:the |your )?door\b|\bget me in the door\b|\bin the door at\b",
        False,
    ),
    (
        "mind think radar remember",
        r"\b(?:keep|bear|have) me in mind\b|\bthink of me\b(?! as)|\bon your radar\b|"
        r"\bremember me\b(?! to)",
        False,
    ),
    (
        "posted updated informed",
        rf"\bkeep me (?:posted|updated|informed) (?:on|about) (?:any )?{ROLE_ADJ}{ROLE}\b",
        False,
    ),
    (
        "know",
        rf"\blet me know (?:if|when|about|of) (?:any|anything|something|a|an)\b(?: \w+)"
        rf"{{0,4}} (?:opens up|open up|comes up|come up|becomes available|become available|"
        rf"{ROLE})\b",
        False,
    ),
    (
        "up available free vacant",
        r"\bif (?:anything|something|a (?:role|job|position|post|spot|place|vacancy)|"
        r"an? (?:opening|"
        r"internship|placement|vacancy)|any (?:\w+ )?(?:roles?|jobs?|positions?|posts?|"
        r"openings?|vacancies|internships?|placements?))(?: \w+){0,3} (?:ever )?(?:opens? up|"
        r"comes? up|becomes? (?:available|free|vacant))\b",
        False,
    ),
    # starting with them, a way in, an offer
    (
        "start",
        r"\b(?:start|begin) (?:as|like) (?:an? |your )?(?:\w+ )?(?:intern|apprentice|trainee|"
        r"junior|volunteer|assistant|employee|member of staff)\b",
        True,
    ),
    (
        "start",
        r"\bavailable to start\b|\bcan start (?:immediately|right away|straight away|"
        r"tomorrow|next week|next month|on monday|whenever)\b",
        False,
    ),
    (
        "hear know",
        r"\bif you (?:ever )?(?:hear|know) (?:of|about) (?:an? |any )?(?:\w+ )?"
        rf"(?:{ROLE}|anything|something)\b",
        False,
    ),
    (
        "something anything place spot way",
        r"\b(?:find|get|give|offer) me (?:something|anything|a place|a spot|a way in)\b",
        False,
    ),
    (
        "lead leads turn turns result",
        r"\b(?:lead|leads|turn|turns|result) (?:in|to|into) (?:a |an )?(?:job|role|position|"
        r"job offer|offer|interview|internship|placement)\b",
        True,
    ),
    (
        "offer",
        r"\b(?:hope|hoping|want|get|land|receive) (?:a |an )?(?:job|employment) offer\b",
        True,
    ),
    ("reference referee", r"\b(?:be|act as) my (?:reference|referee)\b", False),
    (
        "know",
        r"\blet (?:your |the )?(?:hr|recruit\w*|hiring manager|boss|manager|talent team) "
        r"know\b",
        False,
    ),
    (
        PEOPLE + " graduate",
        r"\btake (?:an? |any |some )?(?:\w+ )?(?:graduates?|interns?|"
        r"apprentices?|trainees?|juniors?|volunteers?) on\b",
        True,
    ),
    (
        "interview",
        r"\bcome in for (?:an? )?(?:job |formal )?interview\b|\binvite me (?:in )?"
        r"(?:for|to) (?:an? )?interview\b",
        False,
    ),
    (R, rf"\bapply(?:ing)? for (?:the|your|this|that) (?:\w+ )?{ROLE}\b", True),
    (
        R,
        rf"\b(?:the|that) (?:\w+ )?{ROLE} (?:you|your (?:\w+ )?{ORG}) (?:advertised|posted|"
        r"listed|put up|have open)\b",
        True,
    ),
    (
        "anything something place spot room",
        r"\b(?:anything|something|a place|a spot|room) for "
        r"(?:me|someone like me|(?:a|an) (?:\w+ ){0,2}like me)\b",
        True,
    ),
    (
        "portfolio",
        r"\b(?:send|share|show) (?:you )?my (?:portfolio|work samples)\b(?: \w+){0,4} "
        rf"(?:{ROLE}|opening)",
        True,
    ),
    (
        "view",
        rf"\bwith a view to (?:a |an )?(?:\w+ )?(?:{ROLE}|being hired|joining|working)",
        False,
    ),
    (
        "list shortlist books register",
        r"\bput me on (?:your|the) (?:\w+ )?(?:list|shortlist|"
        r"books|register)\b",
        False,
    ),
    # job interview asked for, applying to them
    (
        "interview",
        r"\b(?:count|treat|turn|make|consider|be|become)(?: this| it| our (?:chat|talk|"
        r"call|meeting))?(?: \w+){0,2} (?:as |into )?(?:a |an )(?:job|employment|formal)"
        r" interview\b",
        False,
    ),
    (
        "interview",
        r"\b(?:like|love|want|get|have|arrange|hoping for) (?:a |an )(?:job|employment)"
        r" interview\b|\bemployment interview\b",
        True,
    ),
    (
        "apply applying applied",
        rf"\bappl(?:y|ying|ied) (?:directly )?(?:to|for|at|with) (?:{YOU}|your)\b",
        True,
    ),
    (
        "apply",
        r"\b(?:could|can|should|may) i apply\b(?! (?:to|for) (?:a |an |the )?(?:master|"
        r"course|degree|programme|program|university|college|school|training|scholarship|"
        r"grant))",
        True,
    ),
    (
        "application",
        r"\b(?:look at|review|support|help with|fast-track|speed up|push) (?:my|our) application\b",
        False,
    ),
    (
        "work shifts hours|any some",
        rf"\b(?:any|some) (?:paid |unpaid )?(?:work|shifts|hours|freelance work) (?:with|"
        rf"for|at) {YOU}\b",
        False,
    ),
]
# A word starts after a space, an apostrophe or a hyphen; as a lookbehind this runs faster
# than a leading \b in CPython's engine.
_WORD_START = r"(?<![^ '\-])"


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(_WORD_START + pattern[2:] if pattern.startswith(r"\b") else pattern)


_COMPILED = [
    (tuple(frozenset(group.split()) for group in needs.split("|")), _compile(p), sensitive)
    for needs, p, sensitive in RULES
]
# word -> the rules whose first word group holds it, so a clause only tries its candidates
_BY_WORD: dict[str, list[int]] = {}
for _index, (_needs, _, _) in enumerate(_COMPILED):
    for _word in _needs[0]:
        _BY_WORD.setdefault(_word, []).append(_index)
_KEYS = frozenset(_BY_WORD) | {"cv", "resume", "letter"}
_CLAUSE_SPLIT = re.compile(r"(?<=[.!?;]) ")
# CV phrases that are about improving it, not passing it on
_CV_WORD = re.compile(r"\b(?:cv|resume)\b")
_CV_SEND = re.compile(
    r"\b(?:send|sending|email|e-mail|mail|give|share|drop|drop off|leave|bring|show|post|"
    r"see|seeing|read|pass|passing)"
    r"(?: \w+){0,3}? (?:my|a copy of my) (?:cv|resume|cover letter)\b"
)


# The last resort, for asks no phrase rule knows: a request that names the user, the contact
# and a role in one clause, with no question word and no sign of asking for information.
_ME = frozenset("i me my i'm i'd i've i'll myself".split())
_YOU_WORDS = frozenset("you your you're yours".split())
_ROLE_ISH = frozenset(
    (ROLE_WORDS + " " + PEOPLE + " hiring recruiting hire hires opportunity opportunities").split()
)
_INFO = re.compile(
    r"\b(?:tell me|about|learn|hear|understand|describe|explain|advice|advise|like in|"
    r"usually|typically|in general|people|someone who|others)\b"
)
_REQUEST = re.compile(
    r"\b(?:could|would|can|please|let me know|hoping|hope|wonder|grateful|any chance|"
    r"is there|are there|do you have)\b"
)


def _names_all_three(clause: str, words: frozenset[str]) -> bool:
    return bool(
        words & _ME
        and words & _YOU_WORDS
        and words & _ROLE_ISH
        and _REQUEST.search(clause)
        and not WH.search(clause)
        and not _INFO.search(clause)
    )


def _hits(norm: str) -> list[tuple[int, int]]:
    """Spans of ``norm`` that ask for a job, rule by rule, clause by clause."""
    found: list[tuple[int, int]] = []
    at = 0
    for clause in _CLAUSE_SPLIT.split(norm):
        _clause_hits(clause, at, found)
        at += len(clause) + 1
    return found


def _clause_hits(clause: str, at: int, found: list[tuple[int, int]]) -> None:
    """Add the spans of one clause (``at``: where it starts in the whole text)."""
    words = frozenset(clause.split())
    keys = words & _KEYS
    if not keys:
        return
    before = len(found)
    candidates = sorted({i for word in keys for i in _BY_WORD[word]})
    for index in candidates:
        needs, pattern, sensitive = _COMPILED[index]
        if len(needs) > 1 and needs[1].isdisjoint(words):
            continue
        for match in pattern.finditer(clause):
            if match.end() == match.start():
                continue
            if sensitive and WH.search(clause, 0, match.start()):
                continue
            found.append((at + match.start(), at + match.end()))
    if not words.isdisjoint(("cv", "resume", "letter")) and not IMPROVE.search(clause):
        found.extend((at + m.start(), at + m.end()) for m in _CV_SEND.finditer(clause))
    if len(found) == before and _names_all_three(clause, words):
        found.append((at, at + len(clause.rstrip(" .!?;"))))


def _raw(text: str, spans: list[tuple[int, int, int, int]], start: int, end: int) -> str:
    inside = [s for s in spans if s[1] > start and s[0] < end]
    if not inside:
        return ""
    return " ".join(text[inside[0][2] : inside[-1][3]].split())


@lru_cache(maxsize=256)
def asks(text: str) -> tuple[str, ...]:
    """The phrases of ``text`` that ask for employment, as typed, in order; () if none."""
    folded = _fold(text)
    hits = sorted(_hits(_normal(folded)))
    if not hits:
        return ()
    spans = _spans(folded)
    merged: list[list[int]] = []
    for start, end in hits:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    phrases: list[str] = []
    seen: set[str] = set()
    for start, end in merged:
        phrase = _raw(text, spans, start, end)
        if phrase and phrase.casefold() not in seen:
            seen.add(phrase.casefold())
            phrases.append(phrase)
    return tuple(phrases)
