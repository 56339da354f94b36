"""Plain-Python core of the back-pain assistant: content, safety, citations, clients.

Nothing in this package imports Rasa, so all of it can be tested on its own.
"""
