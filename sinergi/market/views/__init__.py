"""The market pages: the office's (staff.py) and the public's, without sign-in (public.py)."""
