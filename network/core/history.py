"""Change history of every curated model (django-simple-history).

Registered from each app's ``translation.py``, after django-modeltranslation has added
the per-language columns, so that every version keeps both languages.
"""

import simple_history

# Not "history": Network has a text field of that name.
MANAGER = "revisions"


def track(*models):
    for model in models:
        simple_history.register(model, manager_name=MANAGER)
