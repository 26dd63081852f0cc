"""The one domain error: what the rules of a module do not allow, in Dutch, per field.

Service modules raise `RuleError`; a page turns it into form errors with
`add_rule_errors(form, error)`, and the API's exception handler (core/api_errors.py)
answers it with a 400 that names the fields. It is Django's ValidationError, so model
`clean()` methods and form validation speak the same language.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class RuleError(ValidationError):
    """`RuleError("message")`, `RuleError("message", field="x")` or `RuleError({"x": "..."})`."""

    def __init__(self, message, field: str | None = None):
        if field is not None and not isinstance(message, dict):
            message = {field: message}
        super().__init__(message)

    @property
    def field(self) -> str | None:
        """The first field the error is about (None: about the whole)."""
        if hasattr(self, "error_dict"):
            first = next(iter(self.error_dict), None)
            return None if first == NON_FIELD_ERRORS else first
        return None

    def __str__(self) -> str:
        return " ".join(self.messages)


def add_rule_errors(form, error: ValidationError) -> None:
    """Show a domain error on a form: next to the fields it names that the form has,
    above the form for the rest."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, errors in error.message_dict.items():
        known = field in form.fields and field != NON_FIELD_ERRORS
        form.add_error(field if known else None, errors)
