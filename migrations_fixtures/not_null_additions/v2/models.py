"""Profiles with notes, events and tickets (version 2)."""

from tortoise import fields
from tortoise.models import Model


class UserProfile(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=50)
    points = fields.BigIntField(default=0)

    class Meta:
        table = "user_profiles"


class Note(Model):
    id = fields.IntField(primary_key=True)
    text = fields.CharField(max_length=100)
    profile: fields.ForeignKeyRelation[UserProfile] = fields.ForeignKeyField(
        "models.UserProfile", related_name="notes", on_delete=fields.CASCADE
    )


class Event(Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=100)


class Ticket(Model):
    id = fields.IntField(primary_key=True)
    label = fields.CharField(max_length=40)
