"""The custom user and the roles that decide what each person may see."""
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who signs in: an LP2M manager, a field officer, a treasurer or an admin."""

    class Role(models.TextChoices):
        MANAGER = "manager", _("Manager")
        FIELD_OFFICER = "field_officer", _("Field officer")
        TREASURER = "treasurer", _("Treasurer")
        ADMIN = "admin", _("Administrator")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.FIELD_OFFICER)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # A treasurer keeps the books of exactly one group.
    treasurer_of = models.ForeignKey(
        "groups.Group",
        verbose_name=_("treasurer of group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="treasurer_users",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="treasurer") | models.Q(treasurer_of__isnull=False),
                name="accounts_user_treasurer_has_group",
            ),
        ]

    @property
    def sees_all_groups(self):
        return self.is_superuser or self.role in (self.Role.MANAGER, self.Role.ADMIN)

    @property
    def is_manager(self):
        return self.is_superuser or self.role in (self.Role.MANAGER, self.Role.ADMIN)

    @property
    def is_field_officer(self):
        return self.role == self.Role.FIELD_OFFICER

    @property
    def is_treasurer(self):
        return self.role == self.Role.TREASURER

    def __str__(self):
        return self.get_full_name() or self.username
