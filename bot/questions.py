"""A short bank of questions to ask in an information interview, by theme."""

QUESTIONS = """Questions worth asking, by theme. Pick four or five; you won't have time for all.

The work itself
\u2022 What does a usual week look like for you?
\u2022 Which part of the work do you enjoy most, and which least?
\u2022 What problems are you working on right now?

Getting in
\u2022 How did you come into this work?
\u2022 Which skills or training matter most here?
\u2022 What would you do differently if you started again?

The field
\u2022 How is the field changing, and what will matter in five years?
\u2022 Which organizations or people should I know about?

The organization
\u2022 How would you describe the culture here?
\u2022 How do teams work together?

For you
\u2022 From what I've told you, what would you suggest I look into?
\u2022 Is there anyone else you think I should talk to?"""
