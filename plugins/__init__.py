"""Rasa server plugins (NLU components, input channels): thin wrappers over `bot/`."""
