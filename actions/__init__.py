"""Rasa SDK actions: a thin layer that reads the tracker, asks `bot/` and sends replies.

The action server imports every module in this package and registers each Action subclass.
Importing this package is also the action server's only start-up hook, so this is where it
keeps patient text out of its logs (log and warning filters only: no file, engine or client).
"""

from bot.log_privacy import install as _keep_patient_text_out_of_logs

_keep_patient_text_out_of_logs()
