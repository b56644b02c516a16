"""Forms of the network pages."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp

from app.meetings.forms import choice_list, strip

KIND_LABELS = {"police_zone": _l("Police zone"), "youth_work": _l("Youth work"), "city": _l("City"),
               "other": _l("Other")}
ROLE_LABELS = {"facilitator": _l("Facilitator"), "org_admin": _l("Organisation admin"),
               "network_admin": _l("Network admin")}


class OrganisationForm(FlaskForm):
    name = StringField(_l("Name"), [DataRequired(), Length(max=120)], filters=[strip])
    kind = SelectField(_l("Kind of organisation"), choices=choice_list(KIND_LABELS.items()),
                       default="police_zone")
    region = StringField(_l("Region or zone"), [Optional(), Length(max=80)], filters=[strip],
                         description=_l("For example: Dender. The network dashboard filters on it."))


class UserForm(FlaskForm):
    name = StringField(_l("Name"), [DataRequired(), Length(max=120)], filters=[strip])
    email = EmailField(_l("E-mail"), [DataRequired(), Length(max=254),
                        Regexp(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", message=_l("Not an e-mail address."))],
                       filters=[strip])
    role = SelectField(_l("Role"), choices=[])
    organisation_id = SelectField(_l("Organisation"), coerce=int, choices=[])


class PasswordForm(FlaskForm):
    password = PasswordField(_l("New password"), [DataRequired(), Length(min=10, max=200)],
                             description=_l("At least 10 characters."))
    confirm = PasswordField(_l("The same password again"),
                            [DataRequired(), EqualTo("password", message=_l("The passwords differ."))])


class SeriesForm(FlaskForm):
    name = StringField(_l("Name"), [DataRequired(), Length(max=120)], filters=[strip],
                       description=_l("For example: Buurtwild/t × Politie Aalst, monthly"))
    description = TextAreaField(_l("Description"), [Optional(), Length(max=2000)], filters=[strip])


class PracticeForm(FlaskForm):
    title = StringField(_l("Title"), [DataRequired(), Length(max=160)], filters=[strip])
    meeting_id = SelectField(_l("Meeting"), coerce=int, choices=[], default=0)
    learned = TextAreaField(_l("What we learned"), [DataRequired(), Length(max=10000)], filters=[strip],
                            description=_l("What worked, what did not, what surprised you."))
    futures = TextAreaField(_l("Futures: what we will do"), [Optional(), Length(max=5000)], filters=[strip],
                            description=_l("Commitments for the next meetings."))
    tags = StringField(_l("Tags"), [Optional(), Length(max=400)], filters=[strip],
                       description=_l("Separated by commas, for example: football, first meeting, respect"))
