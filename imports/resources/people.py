"""Regions, groups, their rules versions, field-officer assignments and members."""
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.instance_loaders import CachedInstanceLoader

from accounts.models import User
from books.periods import closed_message, closed_through, closed_through_by_group
from groups.models import FieldOfficerAssignment, Group, Region
from groups.rules import DueAt, GroupRules, InterestMethod
from groups.services import rules_add_version
from members.models import Member
from members.services import members_register_many

from ..widgets import (
    ChoiceWidget,
    CodeWidget,
    DateWidget,
    RateWidget,
    RupiahWidget,
    TextWidget,
    WholeNumberWidget,
    YesNoWidget,
    is_blank,
)
from .base import LkpResource, SameTermsMixin
from .base import cell_field as _field


class RegionResource(LkpResource):
    code = _field("code", "Kode wilayah", TextWidget())
    name = _field("name", "Nama wilayah", TextWidget())
    level = _field("level", "Tingkat", ChoiceWidget(Region.Level.choices))
    parent = _field("parent", "Kode wilayah induk", CodeWidget(
        Region, "code", required=False, unknown=gettext_lazy("'%(value)s' is not a known region code")))

    example = {"Kode wilayah": "CONTOH-KTG", "Nama wilayah": "Koto Tangah", "Tingkat": "Kecamatan",
               "Kode wilayah induk": ""}
    required_columns = ("Kode wilayah", "Nama wilayah", "Tingkat")

    class Meta:
        model = Region
        fields = ("code", "name", "level", "parent")
        import_id_fields = ("code",)
        instance_loader_class = CachedInstanceLoader


class GroupResource(LkpResource):
    code = _field("code", "Kode KPUK", TextWidget())
    name = _field("name", "Nama KPUK", TextWidget())
    region = _field("region", "Kode wilayah", CodeWidget(
        Region, "code", unknown=gettext_lazy("'%(value)s' is not a known region code")))
    village = _field("village", "Nagari / kelurahan", TextWidget())
    address = _field("address", "Alamat", TextWidget())
    founded_on = _field("founded_on", "Tanggal berdiri KPUK", DateWidget())
    lkp_founded_on = _field("lkp_founded_on", "Tanggal berdiri LKP", DateWidget())
    status = _field("status", "Status", ChoiceWidget(Group.Status.choices, default=Group.Status.ACTIVE))
    meeting_week = _field("meeting_week", "Minggu pertemuan", ChoiceWidget(
        Group.WeekOfMonth.choices, default=Group.WeekOfMonth.SECOND))
    meeting_weekday = _field("meeting_weekday", "Hari pertemuan", ChoiceWidget(
        Group.Weekday.choices, default=Group.Weekday.TUESDAY))
    meeting_place = _field("meeting_place", "Tempat pertemuan", TextWidget())

    example = {"Kode KPUK": "CONTOH-001", "Nama KPUK": "Anggrek", "Kode wilayah": "CONTOH-KTG",
               "Nagari / kelurahan": "Lubuk Buaya", "Alamat": "Jl. Adinegoro No. 5",
               "Tanggal berdiri KPUK": "2003-06-01", "Tanggal berdiri LKP": "2004-01-15", "Status": "Aktif",
               "Minggu pertemuan": "kedua", "Hari pertemuan": "Selasa", "Tempat pertemuan": "Rumah Ibu Ketua"}
    required_columns = ("Kode KPUK", "Nama KPUK", "Kode wilayah")

    class Meta:
        model = Group
        fields = ("code", "name", "region", "village", "address", "founded_on", "lkp_founded_on", "status",
                  "meeting_week", "meeting_weekday", "meeting_place")
        import_id_fields = ("code",)
        instance_loader_class = CachedInstanceLoader


class AssignmentResource(LkpResource):
    group = _field("group", "Kode KPUK", CodeWidget(
        Group, "code", unknown=gettext_lazy("'%(value)s' is not a known group code")))
    officer = _field("officer", "Nama pengguna pendamping", CodeWidget(
        User, "username", queryset=User.objects.filter(role=User.Role.FIELD_OFFICER),
        unknown=gettext_lazy("'%(value)s' is not the username of a field officer")))
    start = _field("start", "Mulai", DateWidget())
    end = _field("end", "Sampai", DateWidget())

    example = {"Kode KPUK": "CONTOH-001", "Nama pengguna pendamping": "pendamping1", "Mulai": "2020-01-01",
               "Sampai": ""}
    required_columns = ("Kode KPUK", "Nama pengguna pendamping", "Mulai")

    class Meta:
        model = FieldOfficerAssignment
        fields = ("group", "officer", "start", "end")
        import_id_fields = ("group", "officer", "start")


class MemberResource(LkpResource):
    code = _field("code", "Kode anggota", TextWidget())
    group = _field("group", "Kode KPUK", CodeWidget(
        Group, "code", unknown=gettext_lazy("'%(value)s' is not a known group code")))
    full_name = _field("full_name", "Nama lengkap", TextWidget())
    nickname = _field("nickname", "Nama panggilan", TextWidget())
    nik = _field("nik", "NIK", TextWidget())
    phone = _field("phone", "Telepon", TextWidget())
    contact_consent = _field("contact_consent", "Boleh dihubungi", YesNoWidget())
    address = _field("address", "Alamat", TextWidget())
    village = _field("village", "Nagari / kelurahan", TextWidget())
    birth_date = _field("birth_date", "Tanggal lahir", DateWidget())
    business_type = _field("business_type", "Usaha", ChoiceWidget(
        Member.Business.choices, default=Member.Business.OTHER))
    business_description = _field("business_description", "Keterangan usaha", TextWidget())
    joined_on = _field("joined_on", "Tanggal masuk", DateWidget())
    exited_on = _field("exited_on", "Tanggal keluar", DateWidget())
    travel_minutes = _field("travel_minutes", "Waktu tempuh (menit)", WholeNumberWidget())

    example = {"Kode anggota": "CONTOH-001-001", "Kode KPUK": "CONTOH-001", "Nama lengkap": "Siti Rahmah",
               "Nama panggilan": "Ami", "NIK": "", "Telepon": "0812 3456 7890", "Boleh dihubungi": "Ya",
               "Alamat": "Jl. Adinegoro No. 7", "Nagari / kelurahan": "Lubuk Buaya", "Tanggal lahir": "1975-04-17",
               "Usaha": "Rakik maco", "Keterangan usaha": "Dijual di pasar Lubuk Buaya",
               "Tanggal masuk": "2004-01-15", "Tanggal keluar": "", "Waktu tempuh (menit)": "15"}
    required_columns = ("Kode anggota", "Kode KPUK", "Nama lengkap", "Tanggal masuk")

    class Meta:
        model = Member
        fields = ("code", "group", "full_name", "nickname", "nik", "phone", "contact_consent", "address",
                  "village", "birth_date", "business_type", "business_description", "joined_on", "exited_on",
                  "travel_minutes")
        import_id_fields = ("code",)
        instance_loader_class = CachedInstanceLoader
        use_bulk = True
        batch_size = 500

    def after_init_instance(self, instance, new, row, **kwargs):
        # Remember what the books already say, so a changed group or exit date is refused below.
        instance._stored = None if new else (instance.group_id, instance.exited_on)

    def import_instance(self, instance, row, **kwargs):
        """Refuse moves and exits by spreadsheet: they have their own pages, which settle money."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if instance._stored is not None:
            group_id, exited_on = instance._stored
            if "group" not in errors and instance.group_id != group_id:
                errors["group"] = [ValidationError(
                    _("the member is in another group; move her on her member page"), code="moved")]
            if "exited_on" not in errors and instance.exited_on != exited_on:
                errors["exited_on"] = [ValidationError(
                    _("the exit date of a registered member is changed by her exit, not by an import"),
                    code="exit_changed")]
        if errors:
            raise ValidationError(errors)

    def before_import(self, dataset, **kwargs):
        # NIKs already taken, so uniqueness is checked in memory rather than by a query per row.
        self.nik_owner = dict(Member.objects.exclude(nik="").values_list("nik", "code"))
        # The groups' closed years, read once: a new member dated in one would change its figures.
        self.closed = closed_through_by_group()

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """Validate as ``full_clean`` would, with the per-row database queries done once for the file.

        The group was found by its code, the member code is unique by the instance loader and the
        duplicate check of the file, and NIK uniqueness is checked against ``nik_owner``.
        """
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=[*errors, "group"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if instance.nik and "nik" not in errors and self.nik_owner.get(instance.nik, instance.code) != instance.code:
            errors["nik"] = [ValidationError(_("NIK %(nik)s already belongs to member %(code)s"), code="nik_taken",
                                             params={"nik": instance.nik, "code": self.nik_owner[instance.nik]})]
        closed = self.closed.get(instance.group_id) if getattr(instance, "_stored", None) is None else None
        for field in ("joined_on", "exited_on"):
            day = getattr(instance, field)
            if closed and field not in errors and day and day <= closed:
                errors[field] = [ValidationError(closed_message(closed), code="period_closed")]
        if instance.exited_on and instance.joined_on and instance.exited_on < instance.joined_on:
            errors.setdefault("exited_on", []).append(
                ValidationError(_("the exit date is before the date she joined"), code="exit_before_join"))
        if errors:
            raise ValidationError(errors)
        if instance.nik:
            self.nik_owner[instance.nik] = instance.code

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Register the new members as ``members.services.member_register`` does, a batch at a time.

        Each gets her membership (closed on her exit date if she already left) and a
        ``member.register`` audit event by the person importing.
        """
        if not self.create_instances:
            return
        try:
            members_register_many(actor=self.actor, members=self.create_instances, data={"source": "import"})
        except Exception as exc:  # reported as a problem of the file; the import then rolls back
            self.handle_import_error(result, exc, raise_errors)
        finally:
            self.create_instances.clear()


class RulesResource(SameTermsMixin, LkpResource):
    """A group's rules versions: the savings and loan terms each version sets; the rest is carried over.

    A version is never edited: a row for an existing group and date must match it, and a new one goes
    through ``groups.services.rules_add_version`` (dates in the past allowed: this is history).
    A column the file leaves out is carried over from the group's previous version, not reset to the
    default (a group's first version takes the default); so is an empty cell of the columns of
    :attr:`CARRY_WHEN_BLANK`, the settings added later (an empty cell of an older column keeps its
    meaning: no fee, no interest).
    """

    group = _field("group", "Kode KPUK", CodeWidget(
        Group, "code", unknown=gettext_lazy("'%(value)s' is not a known group code")))
    effective_from = _field("effective_from", "Berlaku mulai", DateWidget())
    pokok_amount = _field("pokok_amount", "Simpanan pokok", RupiahWidget())
    wajib_amount = _field("wajib_amount", "Simpanan wajib per bulan", RupiahWidget())
    sukarela_interest_rate = _field("sukarela_interest_rate", "Bunga sukarela (% per bulan)", RateWidget())
    loan_interest_method = _field("loan_interest_method", "Metode bunga pinjaman", ChoiceWidget(
        InterestMethod.choices, default=InterestMethod.FLAT))
    loan_interest_rate = _field("loan_interest_rate", "Bunga pinjaman (% per bulan)", RateWidget())
    loan_terms = _field("loan_terms", "Jangka waktu yang boleh (bulan)", TextWidget())
    loan_max_amount = _field("loan_max_amount", "Plafon pinjaman", RupiahWidget())
    loan_rounding = _field("loan_rounding", "Pembulatan angsuran", WholeNumberWidget())
    loan_due_at = _field("loan_due_at", "Angsuran jatuh tempo", ChoiceWidget(DueAt.choices))
    loan_first_due_min_days = _field("loan_first_due_min_days", "Hari minimal sampai angsuran pertama",
                                     WholeNumberWidget())
    loan_dues_follow_meeting = _field("loan_dues_follow_meeting", "Angsuran ikut pertemuan yang pindah hari",
                                      YesNoWidget())
    decision_note = _field("decision_note", "Keputusan", TextWidget())

    example = {"Kode KPUK": "CONTOH-001", "Berlaku mulai": "2004-01-15", "Simpanan pokok": "50000",
               "Simpanan wajib per bulan": "10000", "Bunga sukarela (% per bulan)": "0,5",
               "Metode bunga pinjaman": "flat", "Bunga pinjaman (% per bulan)": "2",
               "Jangka waktu yang boleh (bulan)": "5,10,12", "Plafon pinjaman": "5000000",
               "Pembulatan angsuran": "100", "Angsuran jatuh tempo": "meeting",
               "Hari minimal sampai angsuran pertama": "14", "Angsuran ikut pertemuan yang pindah hari": "Tidak",
               "Keputusan": "Rapat anggota tahunan 2004"}
    required_columns = ("Kode KPUK", "Berlaku mulai", "Simpanan pokok", "Simpanan wajib per bulan",
                        "Bunga pinjaman (% per bulan)", "Jangka waktu yang boleh (bulan)")
    TERMS = ("pokok_amount", "wajib_amount", "sukarela_interest_rate", "loan_interest_method", "loan_interest_rate",
             "loan_terms", "loan_max_amount", "loan_rounding", "loan_due_at", "loan_first_due_min_days",
             "loan_dues_follow_meeting")
    CARRY_WHEN_BLANK = ("loan_due_at", "loan_first_due_min_days", "loan_dues_follow_meeting")
    terms_refusal = ("effective_from", gettext_lazy(
        "the group already has rules from this date with other terms; rules are never edited"), "rules_exist")

    class Meta:
        model = GroupRules
        fields = ("group", "effective_from", "pokok_amount", "wajib_amount", "sukarela_interest_rate",
                  "loan_interest_method", "loan_interest_rate", "loan_terms", "loan_max_amount", "loan_rounding",
                  "loan_due_at", "loan_first_due_min_days", "loan_dues_follow_meeting", "decision_note")
        import_id_fields = ("group", "effective_from")

    def _given(self, field, row):
        """True when ``row`` sets ``field``: its column is in the file (and, for the later settings, not empty)."""
        if field.column_name not in row:
            return False
        return not (field.attribute in self.CARRY_WHEN_BLANK and is_blank(row[field.column_name]))

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if field.column_name in row and not self._given(field, row):
            return  # an empty cell of a later setting: carried over, as if the column were left out
        super().import_field(field, instance, row, is_m2m, **kwargs)

    def import_instance(self, instance, row, **kwargs):
        instance.given_terms = {f.attribute for f in self.get_import_fields() if self._given(f, row)}
        super().import_instance(instance, row, **kwargs)

    def validate_new(self, instance, errors):
        closed = closed_through(instance.group_id) if instance.group_id else None
        if "effective_from" not in errors and closed and instance.effective_from and instance.effective_from <= closed:
            # The rules of a closed year decided its SHU: a version dated in it would rewrite that year.
            errors["effective_from"] = [ValidationError(closed_message(closed), code="period_closed")]
        try:
            instance.full_clean(exclude=[*errors, "group", "created_by"], validate_unique=False,
                                validate_constraints=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        return errors

    def save_instance(self, instance, is_create, row, **kwargs):
        # Only what the file gives: the service carries the rest over from the previous version.
        values = {name: getattr(instance, name) for name in self.TERMS if name in instance.given_terms}
        rules_add_version(group=instance.group, actor=self.actor, effective_from=instance.effective_from,
                          allow_past=True, decision_note=instance.decision_note, **values)
