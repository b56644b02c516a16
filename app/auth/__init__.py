"""Facilitator accounts: who is logged in (session.py), the second factor
(second_factor.py), password resets by e-mail (reset.py, mail.py), the audit trail of
what facilitators did with data (audit.py), and their pages (views/)."""
