"""Registers every xc_* spaCy factory by importing the modules that define them."""
