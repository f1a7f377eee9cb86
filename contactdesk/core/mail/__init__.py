"""Sending mail: SMTP submission (smtp.py), iMIP invitations (imip.py), settings (config.py)."""
