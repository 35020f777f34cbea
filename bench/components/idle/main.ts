// idle: the unit of the spawn bench: does nothing at its start and stays alive, holding no session.
