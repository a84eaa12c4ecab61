"""The language-model layer: a model rewords the engine's decided reply within the facts it used.

`chain.ReplyWriter` runs Claude (`claude.py`), then Gemini (`gemini.py`), then the template, inside
time and cost budgets; `guards.py` checks every model reply; `ledger.py` records every call in
`app.model_calls`; `prompts/*.md` are the versioned prompts; `tools.py` the read-only tools.
"""
