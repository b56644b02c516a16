"""Forms of the account pages: a password reset, a second-factor code."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, StringField
from wtforms.validators import DataRequired, Length


class ResetForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])


class CodeForm(FlaskForm):
    # The secret being set up travels with the form (it is the user's own, shown to them
    # on this page); only a right code for it turns the second factor on.
    secret = HiddenField()
    code = StringField(_l("Code from your app"), validators=[DataRequired(), Length(max=10)],
                       description=_l("Six digits. A new code comes every 30 seconds."))
