"""The user's contacts: the effects that add, change or drop them."""

from __future__ import annotations

from bot import limits
from bot.effects import handles
from flows.effects import AddContact, RemoveUntouchedContacts, UpdateContact


@handles(AddContact)
def add_contact(effect: AddContact, host) -> None:
    """A new contact, unless the same one is already in the plan (e.g. a list restarted)."""
    values = {
        "kind": effect.kind,
        "org": effect.org,
        "name": effect.name,
        "relation": effect.relation,
        "phone": effect.phone,
    }
    referrer = host.contact
    if effect.referred and referrer is not None:
        values["referred_by"] = referrer.name or referrer.label
        values["referred_by_id"] = referrer.id
        values["org"] = referrer.org
    key = (effect.kind, (values["org"] or "").casefold(), (values["name"] or "").casefold())
    for existing in host.store.contacts_of(host.user.user_id):
        if (
            existing.kind,
            (existing.org or "").casefold(),
            (existing.name or "").casefold(),
        ) == key:
            return
    limits.room_for_contact(host.store, host.user.user_id)
    host.store.insert_contact(host.user.user_id, host.stamp, **values)


@handles(RemoveUntouchedContacts)
def remove_untouched(effect: RemoveUntouchedContacts, host) -> None:
    """Drop the contacts of one kind that were never opened."""
    flow = host.registry.contact_flow
    host.store.delete_untouched_contacts(host.user.user_id, effect.kind, flow.name if flow else "")


@handles(UpdateContact)
def update_contact(effect: UpdateContact, host) -> None:
    """Note a name or number for the open contact."""
    contact = host.contact
    if contact is None:
        return
    values = {k: v for k, v in (("name", effect.name), ("phone", effect.phone)) if v}
    if values:
        host.store.update_contact(contact.id, host.stamp, **values)
        for key, value in values.items():
            setattr(contact, key, value)
