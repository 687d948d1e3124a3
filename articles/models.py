# Article pages arrive with the articles issue (SPEC 2.B).
