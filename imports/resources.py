"""Spreadsheet resources (django-import-export) for regions, groups, assignments and members.

Column headers are fixed Indonesian words, not translated strings: they are a file format, and a
file exported by someone reading English must import for someone reading Indonesian. Rows are
found by natural keys (region code, group code, member code; group + username + start for an
assignment), so importing the same file twice changes nothing the second time.
"""
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources
from import_export.instance_loaders import CachedInstanceLoader

from accounts.models import User
from audit.models import AuditEvent
from core.dates import today
from core.money import format_rupiah
from groups.models import FieldOfficerAssignment, Group, Region
from groups.rules import GroupRules, InterestMethod
from loans.models import Loan, LoanStatus
from members.models import Member, Membership

from .opening import KINDS, Opening, existing_openings, write_openings
from .opening_loans import OpeningLoan, arrears_at, schedule_for, write_opening_loans
from .widgets import (
    ChoiceWidget,
    CodeWidget,
    DateWidget,
    RateWidget,
    RupiahWidget,
    TextWidget,
    WholeNumberWidget,
    YesNoWidget,
    cell_text,
)


def column_phrase(column):
    """Return a header as it reads inside a sentence: "Tanggal masuk" → "tanggal masuk", "NIK" stays."""
    if len(column) > 1 and column[1].isupper():
        return column
    return column[:1].lower() + column[1:]


def _field(attribute, column, widget):
    return fields.Field(attribute=attribute, column_name=column, widget=widget)


class LkpResource(resources.ModelResource):
    """What every import shares: natural keys, unchanged rows skipped, errors named by column."""

    #: column → value for the example row of the downloadable template
    example = {}
    #: columns a file must have
    required_columns = ()

    def __init__(self, *, actor=None):
        super().__init__()
        self.actor = actor

    class Meta:
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        use_transactions = True
        store_instance = True
        skip_html_diff = True

    @classmethod
    def column_names(cls):
        return [f.column_name for f in cls.fields.values()]

    @classmethod
    def key_columns(cls):
        return [cls.fields[name].column_name for name in cls._meta.import_id_fields]

    def get_instance(self, instance_loader, row):
        """Treat a row whose key cannot be read as new; import_instance then names the bad cell."""
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None

    def import_instance(self, instance, row, **kwargs):
        """Read every cell, turning a widget's complaint into "<column> <complaint>" for that field."""
        errors = {}
        for field in self.get_import_fields():
            try:
                self.import_field(field, instance, row, **kwargs)
            except ValueError as exc:
                errors[field.attribute] = ValidationError(
                    _("%(column)s %(problem)s") % {"column": column_phrase(field.column_name), "problem": exc},
                    code="cell",
                )
        if errors:
            raise ValidationError(errors)

    def column_for(self, attribute):
        for field in self.fields.values():
            if field.attribute == attribute:
                return field.column_name
        return None


class RegionResource(LkpResource):
    code = _field("code", "Kode wilayah", TextWidget())
    name = _field("name", "Nama wilayah", TextWidget())
    level = _field("level", "Tingkat", ChoiceWidget(Region.Level.choices))
    parent = _field("parent", "Kode wilayah induk", CodeWidget(
        Region, "code", required=False, unknown=gettext_lazy("'%(value)s' is not a known region code")))

    example = {"Kode wilayah": "1371-KTG", "Nama wilayah": "Koto Tangah", "Tingkat": "Kecamatan",
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

    example = {"Kode KPUK": "PDG-001", "Nama KPUK": "Anggrek", "Kode wilayah": "1371-KTG",
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

    example = {"Kode KPUK": "PDG-001", "Nama pengguna pendamping": "pendamping1", "Mulai": "2020-01-01",
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

    example = {"Kode anggota": "PDG-001-001", "Kode KPUK": "PDG-001", "Nama lengkap": "Siti Rahmah",
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
            members = Member.objects.bulk_create(self.create_instances, batch_size=batch_size)
            Membership.objects.bulk_create(
                [Membership(member=m, group_id=m.group_id, joined_on=m.joined_on, left_on=m.exited_on)
                 for m in members], batch_size=batch_size)
            AuditEvent.objects.bulk_create(
                [AuditEvent(actor=self.actor, action="member.register", group_id=m.group_id,
                            object_type=Member._meta.label_lower, object_id=str(m.pk), data={"source": "import"})
                 for m in members], batch_size=batch_size)
        except Exception as exc:  # reported as a problem of the file; the import then rolls back
            self.handle_import_error(result, exc, raise_errors)
        finally:
            self.create_instances.clear()


class OpeningSavingsResource(LkpResource):
    """Opening savings balances by kind at the cut-over date, one row per member (see ``imports.opening``)."""

    code = _field("code", "Kode anggota", TextWidget())
    opening_date = _field("opening_date", "Tanggal saldo awal", DateWidget())
    opening_pokok = _field("opening_pokok", "Simpanan pokok", RupiahWidget())
    opening_wajib = _field("opening_wajib", "Simpanan wajib", RupiahWidget())
    opening_sukarela = _field("opening_sukarela", "Simpanan sukarela", RupiahWidget())

    example = {"Kode anggota": "PDG-001-001", "Tanggal saldo awal": "2024-12-31", "Simpanan pokok": "50000",
               "Simpanan wajib": "1200000", "Simpanan sukarela": "350000"}
    required_columns = ("Kode anggota", "Tanggal saldo awal", "Simpanan pokok", "Simpanan wajib",
                        "Simpanan sukarela")

    class Meta:
        model = Member
        fields = ("code", "opening_date", "opening_pokok", "opening_wajib", "opening_sukarela")
        import_id_fields = ("code",)
        instance_loader_class = CachedInstanceLoader
        use_bulk = True  # no savepoint per row: save_instance only queues, after_import posts in bulk

    def before_import(self, dataset, **kwargs):
        codes = [cell_text(c) for c in dataset[self.fields["code"].column_name]]
        # Lock the members before reading what they already have, as every savings service does.
        list(Member.objects.select_for_update().filter(code__in=codes).values_list("pk", flat=True))
        self.existing = existing_openings(codes)
        self.pending = []

    def after_init_instance(self, instance, new, row, **kwargs):
        have = self.existing.get(instance.code, {}) if not new else {}
        instance.opening_date = have.get("date")
        for kind in KINDS:
            setattr(instance, f"opening_{kind}", have.get(kind, 0))
        instance._has_opening = bool(have)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        nothing = (instance.pk is not None and not import_validation_errors
                   and not any(getattr(instance, f"opening_{k}") for k in KINDS))
        return nothing or super().skip_row(instance, original, row, import_validation_errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if instance.pk is None:
            errors["code"] = [ValidationError(_("'%(code)s' is not a known member code"), code="cell_member",
                                              params={"code": instance.code})]
        elif instance._has_opening:
            errors["code"] = [ValidationError(
                _("this member's opening balances were already imported; correct them with a reversal"),
                code="opening_exists")]
        elif "opening_date" not in errors:
            day = instance.opening_date
            if day is None:
                errors["opening_date"] = [ValidationError(_("is empty"), code="cell_empty")]
            elif day > today():
                errors["opening_date"] = [ValidationError(_("the date is in the future"), code="future")]
            elif day < instance.joined_on:
                errors["opening_date"] = [ValidationError(_("the date is before she joined the group"),
                                                          code="before_join")]
            elif instance.exited_on and instance.exited_on <= day:
                errors["opening_date"] = [ValidationError(_("she had already left the group on that date"),
                                                          code="exited")]
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        """Keep the member as she is; queue her opening balances, posted together after the last row."""
        self.pending.extend(Opening(member=instance, kind=kind, amount=getattr(instance, f"opening_{kind}"),
                                    date=instance.opening_date)
                            for kind in KINDS if getattr(instance, f"opening_{kind}"))

    def after_import(self, dataset, result, **kwargs):
        write_openings(self.pending, actor=self.actor)


class OpeningLoanResource(LkpResource):
    """Loans outstanding at the cut-over date with their original terms (see ``imports.opening_loans``)."""

    member = _field("member", "Kode anggota", CodeWidget(
        Member, "code", unknown=gettext_lazy("'%(value)s' is not a known member code")))
    disbursed_on = _field("disbursed_on", "Tanggal cair", DateWidget())
    amount = _field("amount", "Pokok pinjaman", RupiahWidget())
    term = _field("term", "Jangka waktu (bulan)", WholeNumberWidget())
    method = _field("method", "Metode bunga", ChoiceWidget(InterestMethod.choices))
    rate = _field("rate", "Bunga (% per bulan)", RateWidget())
    paid_instalments = _field("paid_instalments", "Angsuran sudah dibayar", WholeNumberWidget())
    arrears = _field("arrears", "Tunggakan", RupiahWidget())
    cut_over = _field("cut_over", "Tanggal saldo awal", DateWidget())
    purpose = _field("purpose", "Keperluan", TextWidget())

    example = {"Kode anggota": "PDG-001-001", "Tanggal cair": "2024-08-13", "Pokok pinjaman": "2000000",
               "Jangka waktu (bulan)": "10", "Metode bunga": "flat", "Bunga (% per bulan)": "2",
               "Angsuran sudah dibayar": "3", "Tunggakan": "240000", "Tanggal saldo awal": "2024-12-31",
               "Keperluan": "Modal rakik maco"}
    required_columns = ("Kode anggota", "Tanggal cair", "Pokok pinjaman", "Jangka waktu (bulan)", "Metode bunga",
                        "Bunga (% per bulan)", "Angsuran sudah dibayar", "Tanggal saldo awal")
    TERMS = ("amount", "term", "method", "rate")

    class Meta:
        model = Loan
        fields = ("member", "disbursed_on", "amount", "term", "method", "rate", "paid_instalments", "arrears",
                  "cut_over", "purpose")
        import_id_fields = ("member", "disbursed_on")
        use_bulk = True  # no savepoint per row: save_instance only queues, after_import posts in bulk

    def before_import(self, dataset, **kwargs):
        """Read the members, their loans and their groups' rules once for the whole file."""
        self.pending = []
        member_widget = self.fields["member"].widget
        member_widget.warm(dataset[self.fields["member"].column_name],
                           queryset=Member.objects.select_related("group"))
        members = list(member_widget.cache.values())
        self.loans = {(loan.member_id, loan.disbursed_on): loan
                      for loan in Loan.objects.filter(member__in=members)}
        self.rules = {}
        for rules in GroupRules.objects.filter(group_id__in={m.group_id for m in members}).order_by(
                "-effective_from"):
            self.rules.setdefault(rules.group_id, []).append(rules)

    def get_instance(self, instance_loader, row):
        try:
            member = self.fields["member"].clean(row)
            disbursed_on = self.fields["disbursed_on"].clean(row)
        except ValueError:
            return None
        return self.loans.get((member.pk, disbursed_on))

    def _rules_on(self, group_id, day):
        return next((r for r in self.rules.get(group_id, []) if r.effective_from <= day), None)

    def after_init_instance(self, instance, new, row, **kwargs):
        instance.paid_instalments = instance.arrears = instance.cut_over = None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """An imported loan with the same terms is unchanged; its payments since then are its own."""
        if import_validation_errors or instance._state.adding:
            return False
        return all(getattr(instance, f) == getattr(original, f) for f in self.TERMS)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        if not instance._state.adding:
            errors["member"] = [ValidationError(
                _("a loan of this member disbursed on this date was already imported with other terms"),
                code="loan_exists")]
            raise ValidationError(errors)
        errors.update(self._terms_errors(instance, errors))
        if errors:
            raise ValidationError(errors)

    def _terms_errors(self, loan, errors):
        found = {}

        def refuse(field, message, **params):
            found.setdefault(field, []).append(ValidationError(message, code="terms", params=params or None))

        for field in ("disbursed_on", "amount", "term", "method", "rate", "paid_instalments", "cut_over"):
            if field not in errors and getattr(loan, field) in (None, ""):
                refuse(field, _("is empty"))
        if "amount" not in errors and "amount" not in found and loan.amount <= 0:
            refuse("amount", _("the loan must be at least Rp 1"))
        if "term" not in errors and "term" not in found and loan.term <= 0:
            refuse("term", _("the term must be at least one month"))
        if errors or found:
            return found
        member = loan.member
        if not loan.disbursed_on < loan.cut_over <= today():
            refuse("cut_over", _("the cut-over date must be after the disbursement and not in the future"))
        if loan.disbursed_on < member.joined_on:
            refuse("disbursed_on", _("the loan was disbursed before she joined the group"))
        if loan.paid_instalments >= loan.term:
            refuse("paid_instalments", _("every instalment is paid: the loan is not outstanding"))
        loan.rules = self._rules_on(member.group_id, loan.disbursed_on)
        if loan.rules is None:
            refuse("disbursed_on", _("the group has no rules in force on that date"))
        if found:
            return found
        try:
            schedule = schedule_for(loan)
        except ValidationError as exc:
            refuse(NON_FIELD_ERRORS, "; ".join(exc.messages))
            return found
        arrears = arrears_at(schedule, loan.paid_instalments, loan.cut_over)
        if loan.arrears and loan.arrears != arrears:
            refuse("arrears", _("the file says %(given)s but the schedule gives %(computed)s"),
                   given=format_rupiah(loan.arrears), computed=format_rupiah(arrears))
        return found

    def save_instance(self, instance, is_create, row, **kwargs):
        """Queue the loan with its terms; every loan of the file is written together after the last row."""
        loan = instance
        loan.group_id = loan.member.group_id
        loan.applied_on = loan.decided_on = loan.disbursed_on
        loan.status, loan.created_by = LoanStatus.ACTIVE, self.actor
        loan.purpose = loan.purpose or _("Opening balance")
        loan.business = loan.member.get_business_type_display()
        self.pending.append(OpeningLoan(loan=loan, cut_over=loan.cut_over, paid=loan.paid_instalments))

    def after_import(self, dataset, result, **kwargs):
        write_opening_loans(self.pending, actor=self.actor)


RESOURCES = {
    "regions": RegionResource,
    "groups": GroupResource,
    "assignments": AssignmentResource,
    "members": MemberResource,
    "opening_savings": OpeningSavingsResource,
    "opening_loans": OpeningLoanResource,
}
