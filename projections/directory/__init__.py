"""The directory: people, organizations, sources, their names and aliases, merges of duplicate
people, and search by any alias. The other read models ask it who survives a merge, which people
were merged into whom, and the organizations' tree."""
