"""Municipalities, organisations, their people, and who may do what for whom."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def user_reference(verbose_name) -> models.ForeignKey:
    """Who did something (submitted, reviewed, wrote): the record stays when the user is deleted."""
    return models.ForeignKey(
        "partners.User",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class User(AbstractUser):
    """A person who signs in. What they may see follows from their memberships."""

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")


class Municipality(models.Model):
    slug = models.SlugField(_("sleutel"), max_length=80, unique=True)
    name = models.CharField(_("naam"), max_length=255)
    cbs_code = models.CharField(_("CBS-gemeentecode"), max_length=4, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """A contractor (opdrachtnemer) or partner: welfare organisation, GGD, police, a municipal department."""

    class Kind(models.TextChoices):
        MUNICIPAL_DEPARTMENT = "gemeentelijke_afdeling", _("gemeentelijke afdeling")
        WELFARE = "welzijnsorganisatie", _("welzijnsorganisatie")
        HEALTH_SERVICE = "ggd", _("GGD")
        POLICE = "politie", _("politie")
        LIBRARY = "bibliotheek", _("bibliotheek")
        ASSOCIATION = "vereniging", _("vereniging")
        CARE_PROVIDER = "zorgaanbieder", _("zorgaanbieder")
        EDUCATION = "onderwijs", _("onderwijs")
        PARTNERSHIP = "samenwerkingsverband", _("samenwerkingsverband")
        OTHER = "overig", _("overig")

    slug = models.SlugField(_("sleutel"), max_length=80, unique=True)
    name = models.CharField(_("naam"), max_length=255)
    short_name = models.CharField(_("korte naam"), max_length=255, blank=True)
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices, default=Kind.OTHER)
    municipalities = models.ManyToManyField(
        Municipality,
        verbose_name=_("werkt voor gemeenten"),
        related_name="organisations",
        blank=True,
    )
    notes = models.TextField(_("toelichting"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords(m2m_fields=[municipalities])

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ContactPerson(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("naam"), max_length=255)
    function = models.CharField(_("functie"), max_length=255, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")
        ordering = ["organisation", "position", "pk"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """One role of one user for one municipality (staff, aldermen) or one organisation."""

    class Role(models.TextChoices):
        POLICY_OFFICER = "beleidsmedewerker", _("beleidsmedewerker")
        ORGANISATION_USER = "opdrachtnemer", _("medewerker opdrachtnemer")
        ALDERMAN = "bestuurder", _("wethouder / raadslid")
        FUNCTIONAL_ADMIN = "beheerder", _("functioneel beheerder")

    user = models.ForeignKey(
        User, verbose_name=_("gebruiker"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rol"), max_length=20, choices=Role.choices)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="memberships",
        null=True,
        blank=True,
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="memberships",
        null=True,
        blank=True,
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            # An organisation user acts for an organisation; everyone else for a municipality.
            models.CheckConstraint(
                condition=(
                    Q(role="opdrachtnemer", organisation__isnull=False, municipality__isnull=True)
                    | (~Q(role="opdrachtnemer") & Q(municipality__isnull=False, organisation__isnull=True))
                ),
                name="membership_scope_matches_role",
                violation_error_message=_(
                    "Een medewerker opdrachtnemer hoort bij een organisatie; "
                    "alle andere rollen horen bij een gemeente."
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "municipality"],
                condition=Q(municipality__isnull=False),
                name="membership_unique_per_municipality",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                condition=Q(organisation__isnull=False),
                name="membership_unique_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        scope = self.organisation or self.municipality
        return f"{self.user} – {self.get_role_display()} – {scope}"


class Notification(models.Model):
    """An in-app notice for one user (the same text also goes out by e-mail)."""

    recipient = models.ForeignKey(
        User, verbose_name=_("ontvanger"), on_delete=models.CASCADE, related_name="notifications"
    )
    subject = models.CharField(_("onderwerp"), max_length=255)
    message = models.TextField(_("bericht"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("gemaakt op"), default=timezone.now)
    read_at = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("melding")
        verbose_name_plural = _("meldingen")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.subject


class AuditEvent(models.Model):
    """One security-relevant event: a sign-in (or a failed one), a second step, a report download.

    Written once and never changed; the admin shows it read-only."""

    class Action(models.TextChoices):
        SIGNED_IN = "aangemeld", _("aangemeld")
        SIGN_IN_FAILED = "aanmelden_mislukt", _("aanmelden mislukt")
        SIGNED_OUT = "afgemeld", _("afgemeld")
        LOCKED_OUT = "geblokkeerd", _("geblokkeerd na te veel pogingen")
        SECOND_FACTOR_PASSED = "tweede_stap", _("tweede stap gelukt")
        SECOND_FACTOR_FAILED = "tweede_stap_mislukt", _("tweede stap mislukt")
        SECOND_FACTOR_SET_UP = "tweede_stap_ingesteld", _("tweede stap ingesteld")
        REPORT_DOWNLOADED = "rapport_gedownload", _("rapport gedownload")
        ATTACHMENT_DOWNLOADED = "bijlage_gedownload", _("bijlage gedownload")

    created_at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    action = models.CharField(_("gebeurtenis"), max_length=30, choices=Action.choices)
    user = user_reference(_("gebruiker"))
    # As typed or as it was: kept when the user is renamed or deleted, and for unknown usernames.
    username = models.CharField(_("gebruikersnaam"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    object_type = models.CharField(_("soort object"), max_length=100, blank=True)
    object_id = models.CharField(_("object-id"), max_length=100, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    detail = models.CharField(_("details"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"], name="audit_user_time")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.username}"
