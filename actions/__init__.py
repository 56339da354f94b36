"""Rasa SDK actions: a thin layer that reads the tracker, asks `bot/` and sends replies.

The action server imports every module in this package and registers each Action subclass.
"""
