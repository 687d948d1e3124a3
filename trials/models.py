# Trial pages arrive with the trial-register issue (SPEC 2.C).
