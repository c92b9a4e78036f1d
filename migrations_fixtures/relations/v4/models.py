"""Every kind of relation between tables: a small publishing house (version 4)."""

from tortoise import fields
from tortoise.fields import Now
from tortoise.models import Model


class Author(Model):
    """A writer."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)

    class Meta:
        table = "author"


class Profile(Model):
    """Public details of an author: at most one per author again (pen names live here)."""

    id = fields.IntField(primary_key=True)
    author: fields.OneToOneRelation[Author] = fields.OneToOneField(
        "models.Author", related_name="profile", on_delete=fields.CASCADE
    )
    pen_name = fields.CharField(max_length=100, null=True)
    bio = fields.TextField(null=True)

    class Meta:
        table = "profile"


class Country(Model):
    """Referenced by its ISO code, not by its surrogate key."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=2, unique=True)
    name = fields.CharField(max_length=100)

    class Meta:
        table = "country"


class Publisher(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    #: ISO country code (the FK targets country.code)
    country: fields.ForeignKeyRelation[Country] = fields.ForeignKeyField(
        "models.Country", to_field="code", related_name="publishers", on_delete=fields.RESTRICT
    )

    class Meta:
        table = "publisher"


class Book(Model):
    """A published title."""

    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=200)
    # Books of a deleted author stay in the catalogue, anonymous.
    author: fields.ForeignKeyNullableRelation[Author] = fields.ForeignKeyField(
        "models.Author", related_name="books", null=True, on_delete=fields.SET_NULL
    )
    #: Unknown for books imported before publishers were tracked
    publisher: fields.ForeignKeyNullableRelation[Publisher] = fields.ForeignKeyField(
        "models.Publisher", related_name="books", null=True, on_delete=fields.SET_NULL
    )

    class Meta:
        table = "book"


class AuditEntry(Model):
    """What happened to a book. Entries outlive their book, so the FK has no constraint."""

    id = fields.BigIntField(primary_key=True)
    book: fields.ForeignKeyRelation[Book] = fields.ForeignKeyField(
        "models.Book", related_name="audit_entries", db_constraint=False
    )
    action = fields.CharField(max_length=20)
    at = fields.DatetimeField(db_default=Now())

    class Meta:
        table = "audit_entry"


class Team(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)

    class Meta:
        table = "team"


class Event(Model):
    """A book fair; teams take part through the membership table."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    teams: fields.ManyToManyRelation[Team] = fields.ManyToManyField(
        "models.Team",
        through="membership",
        backward_key="event_id",
        forward_key="team_id",
        related_name="events",
    )

    class Meta:
        table = "event"


class Membership(Model):
    """The through table of Event.teams, with a payload column of its own."""

    id = fields.IntField(primary_key=True)
    event: fields.ForeignKeyRelation[Event] = fields.ForeignKeyField(
        "models.Event", related_name="memberships", on_delete=fields.CASCADE
    )
    team: fields.ForeignKeyRelation[Team] = fields.ForeignKeyField(
        "models.Team", related_name="memberships", on_delete=fields.CASCADE
    )
    role = fields.CharField(max_length=20, db_default="member")
    joined_on = fields.DateField(null=True)

    class Meta:
        table = "membership"
        unique_together = (("event", "team"),)


class Person(Model):
    """A reader; readers befriend each other (a self many-to-many)."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    friends: fields.ManyToManyRelation["Person"] = fields.ManyToManyField(
        "models.Person", related_name="friend_of"
    )

    class Meta:
        table = "person"
