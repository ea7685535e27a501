"""The manager console's refusals: halls, services, windows, staff accounts, devices, follow-ups."""

from __future__ import annotations

from server.domain.errors.base import DomainError, Kind


class NotYourHall(DomainError):
    """A manager acting on something of another hall."""

    code = "not_your_hall"
    kind = Kind.NOT_ALLOWED


class RoleNotAllowed(DomainError):
    """A manager may not make (or edit) an admin."""

    code = "role_not_allowed"
    kind = Kind.NOT_ALLOWED


class ServiceExists(DomainError):
    code = "service_exists"


class PrefixTaken(DomainError):
    code = "prefix_taken"


class ServiceInUse(DomainError):
    """Tickets of the service still wait today: re-route them before deactivating it."""

    code = "service_in_use"


class WindowNumberTaken(DomainError):
    code = "window_number_taken"


class UsernameTaken(DomainError):
    code = "username_taken"


class OwnAccount(DomainError):
    """A manager may not lock themselves out (deactivate or demote their own account)."""

    code = "own_account"


class UnknownUser(DomainError):
    code = "unknown_user"
    kind = Kind.NOT_FOUND


class UnknownDevice(DomainError):
    code = "unknown_device"
    kind = Kind.NOT_FOUND


class UnknownFollowUp(DomainError):
    code = "unknown_followup"
    kind = Kind.NOT_FOUND


class FollowUpClosed(DomainError):
    code = "followup_closed"
