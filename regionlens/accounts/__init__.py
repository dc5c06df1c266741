"""Accounts and who may see what: users' names and passwords, server-side sessions, login throttling and
the blind-coding policy. The web pages and the API import these rules; none of them is decided in web/."""
