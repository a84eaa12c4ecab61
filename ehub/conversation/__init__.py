"""Understanding lead messages: intent, qualification slots and the one lead-scoring model.

Shared by the bots (live conversations) and the pipelines (scoring the CRM's history), so a lead
gets the same intent, slots and score wherever it is looked at.
"""
