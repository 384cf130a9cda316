"""The training game as pure rules: decks, link checks, scoring, rounds and the debrief.

Teams build chains between the enterprises dealt to them; each link is checked with the
matcher's rules, each chain scored with the dashboard's own assessment and the policy rules.
Nothing here touches Streamlit or the database.
"""
