"""Writes of the trials app.

- `imports`: create or update trials from ClinicalTrials.gov study records;
- `sync`: fetch a trial's record from the registry API and import it.
"""
