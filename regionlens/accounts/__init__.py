"""Accounts and who may see what: users and roles (`users`), API tokens (`tokens`), password rules
(`passwords`), folded user names (`names`), server-side sessions (`sessions`), login throttling
(`throttle`) and the blind-coding policy (`blind`).

The CLI (`regionlens user`, `regionlens token`), the web pages and the API all use these rules; none of
them is decided in `regionlens.web`, which only reads them for a request, and nothing here knows HTTP.
"""
