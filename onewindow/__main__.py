"""`python -m onewindow ...`: the `onewindow` command without its console script."""

from onewindow.cli import main

main()
