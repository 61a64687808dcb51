"""PII redaction evaluation: a synthetic labelled dataset and the measure of the redactor on it."""
