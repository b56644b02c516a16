"""`flask create-user`: how a facilitator account comes to exist."""

from sqlalchemy import func, select

from app.auth.session import authenticate
from app.extensions import db
from app.models import Organisation, User


def create(runner, email="Jo@Example.org", organisation="Buurtwild/t", password="a long secret"):
    return runner.invoke(args=["create-user", "--email", email, "--name", "Jo",
                               "--organisation", organisation, "--password", password])


def test_create_user_makes_a_facilitator_who_can_log_in(runner, app, client):
    result = create(runner)
    assert result.exit_code == 0, result.output
    assert "Created facilitator Jo@Example.org in Buurtwild/t." in result.output
    with app.app_context():
        user = authenticate("jo@example.org", "a long secret")
        assert user is not None and user.role == "facilitator" and user.organisation.name == "Buurtwild/t"
        assert authenticate("jo@example.org", "wrong") is None
    response = client.post_form("/login", {"email": "jo@example.org", "password": "a long secret"})
    assert response.status_code == 302 and response.location == "/f/"


def test_a_second_user_joins_the_existing_organisation(runner, app):
    create(runner)
    result = runner.invoke(args=["create-user", "--email", "an@example.org", "--name", "An", "--organisation",
                                 "Buurtwild/t", "--role", "org_admin", "--password", "another secret"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Organisation)) == 1
        assert db.session.scalar(select(User.role).where(User.email == "an@example.org")) == "org_admin"


def test_an_e_mail_address_is_used_once(runner, app):
    create(runner)
    again = create(runner, email="jo@example.org", organisation="Elsewhere")
    assert again.exit_code != 0 and "exists already" in again.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1
        assert db.session.scalar(select(func.count()).select_from(Organisation)) == 1


def test_an_unknown_role_is_refused(runner, app):
    result = runner.invoke(args=["create-user", "--email", "x@example.org", "--name", "X", "--organisation",
                                 "O", "--role", "superuser", "--password", "secret"])
    assert result.exit_code == 2 and "superuser" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 0
