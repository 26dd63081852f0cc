import re

from django import forms

CODE_FORMAT = re.compile(r"\d{6}")


class CodeForm(forms.Form):
    """The six digits an authenticator app shows, spaces allowed (`123 456`)."""

    code = forms.CharField(
        label="Code van 6 cijfers",
        help_text="De code uit de app verandert elke 30 seconden.",
        error_messages={"required": "Vul de code van 6 cijfers uit de app in."},
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
                "maxlength": 9,
                "size": 9,
            }
        ),
    )

    def clean_code(self):
        code = re.sub(r"[\s-]", "", self.cleaned_data["code"])
        if not CODE_FORMAT.fullmatch(code):
            raise forms.ValidationError(
                "Een code bestaat uit 6 cijfers, zoals 123456.", code="format"
            )
        return code
