"""The composition root of the onewindow programs: the one package that may import both the
hall server (server/) and the kiosk program (kiosk/), to offer their commands under one name
(onewindow/cli.py). Nothing imports it back.
"""
