"""Registers every xc_* spaCy factory by importing the modules that define them."""

import kg.extract.organizations  # noqa: F401, RUF100
import kg.extract.persons  # noqa: F401, RUF100
import kg.extract.places  # noqa: F401, RUF100
import kg.extract.problems  # noqa: F401, RUF100
import kg.extract.regulations  # noqa: F401
