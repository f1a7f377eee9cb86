"""One adapter module per foreign format; the only place its library is used."""
