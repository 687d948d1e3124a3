"""The trial finder for families (`/<lang>/trials/finder/`, issue 16).

- `questions`: the questions, their answers and the `Answers` read from a query string;
- `forms`: one plain form per question (the no-JavaScript steps);
- `matching`: pure functions that judge one trial against the answers and explain why;
- `index`: the same judgements over a whole register at once, grouped by trial value;
- `views`: the steps and the results, served by `TrialIndexPage`;
- `handoff`: the trials and answers the contact form shows and sends
  (registered with `portal.inquiries.attachments` from `TrialsConfig.ready()`).

No account and no server-side session: the answers travel in the URL, and nothing
is written anywhere until the visitor sends the contact form.

May import `trials.models`, `trials.register`, `trials.eligibility`, `trials.countries`,
`portal.inquiries` (its attachment registry and choice values) and `portal.core`.
"""
