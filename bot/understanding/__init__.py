"""Understanding patients' words: the topic intent model (plain Python, no Rasa)."""
