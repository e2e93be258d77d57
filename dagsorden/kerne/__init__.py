"""Pure data and rules of the domain: no file is read or written here."""
