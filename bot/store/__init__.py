"""Storage for Recovery Guide: the only package that talks SQL."""

from bot.store.repository import Store, StoreUnavailable, user_key

__all__ = ["Store", "StoreUnavailable", "user_key"]
