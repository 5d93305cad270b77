"""Publishers: who published the sources, their sources, and their track records."""
