"""`python -m kg` runs the command line, as the `kg` script does."""

from kg.cli import main

if __name__ == "__main__":
    main()
