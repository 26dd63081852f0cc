from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length check with a Dutch message.

    Django 5.2 rephrased this message and its Dutch translation has not followed yet,
    so a too short password would be refused in English.
    """

    def get_error_message(self):
        return f"Dit wachtwoord is te kort. Het moet minstens {self.min_length} tekens bevatten."
