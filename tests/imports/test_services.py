import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from audit.models import AuditEvent
from books.models import Account
from groups.models import FieldOfficerAssignment, Group, Region
from imports.models import ImportRun
from imports.services import import_check, import_confirm
from members.models import Member, Membership
from tests.factories import MemberFactory, RegionFactory, UserFactory
from tests.imports.conftest import MEMBER_HEADERS, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


def check(kind, content, actor, file_name="data.csv"):
    return import_check(kind=kind, file_name=file_name, content=content, actor=actor)


def test_dry_run_previews_and_changes_nothing(manager, member_rows):
    run = check("members", csv_bytes(MEMBER_HEADERS, member_rows), manager)
    assert run.status == ImportRun.Status.PREVIEWED
    assert (run.rows, run.new, run.changed, run.unchanged, run.invalid) == (3, 3, 0, 0, 0)
    assert [p["row"] for p in run.preview] == [2, 3, 4]
    assert {p["type"] for p in run.preview} == {"new"}
    assert not Member.objects.exists()
    assert not Membership.objects.exists()


def test_confirm_registers_members_with_memberships_and_audit(manager, member_rows, group_a):
    run = check("members", xlsx_bytes(MEMBER_HEADERS, member_rows), manager, "anggota.xlsx")
    run = import_confirm(run=run, actor=manager)
    assert run.status == ImportRun.Status.IMPORTED and run.imported_at
    rosmaniar = Member.objects.get(code="A-001")
    assert (rosmaniar.group, rosmaniar.joined_on, rosmaniar.travel_minutes) == (group_a, datetime.date(2019, 2, 28), 15)
    assert Member.objects.get(code="A-002").joined_on == datetime.date(2019, 3, 15)
    assert Member.objects.get(code="B-001").travel_minutes is None
    assert Membership.objects.filter(left_on__isnull=True).count() == 3
    assert AuditEvent.objects.filter(action="member.register").count() == 3
    assert AuditEvent.objects.filter(action="imports.import", object_id=str(run.pk)).count() == 1


def test_reimporting_the_same_file_changes_nothing(manager, member_rows):
    content = csv_bytes(MEMBER_HEADERS, member_rows)
    import_confirm(run=check("members", content, manager), actor=manager)
    events = AuditEvent.objects.count()
    again = check("members", content, manager)
    assert (again.status, again.new, again.changed, again.unchanged) == (ImportRun.Status.PREVIEWED, 0, 0, 3)
    assert not again.can_confirm
    import_confirm(run=again, actor=manager)
    assert Member.objects.count() == 3 and Membership.objects.count() == 3
    assert AuditEvent.objects.count() == events + 1  # only the import itself


def test_a_changed_name_is_previewed_column_by_column(manager, group_a):
    MemberFactory(code="A-001", group=group_a, full_name="Rosmaniar", joined_on=datetime.date(2019, 2, 28),
                  travel_minutes=15)
    run = check("members", csv_bytes(MEMBER_HEADERS, [["A-001", group_a.code, "Rosmaniar Chan", "2019-02-28", "15"]]),
                manager)
    assert run.changed == 1
    assert run.preview[0]["changes"] == [{"column": "Nama lengkap", "before": "Rosmaniar", "after": "Rosmaniar Chan"}]
    import_confirm(run=run, actor=manager)
    assert Member.objects.get(code="A-001").full_name == "Rosmaniar Chan"


def test_a_bad_file_imports_nothing_and_names_every_problem(manager, group_a):
    rows = [
        ["A-001", group_a.code, "Rosmaniar", "2019-02-28", "15"],
        ["A-002", "PDG-999", "Yusnidar", "2019-03-01", "10"],
        ["A-003", group_a.code, "Nurhayati", "31-02-2019", "10"],
        ["A-004", group_a.code, "Upik", "2019-03-01", "-5"],
        ["A-005", group_a.code, "Ani", "2019-03-01", "lima belas"],
        ["A-001", group_a.code, "Rosmaniar lagi", "2019-02-28", "15"],
        ["A-006", group_a.code, "", "2019-03-01", "10"],
    ]
    run = check("members", csv_bytes(MEMBER_HEADERS, rows), manager)
    assert run.status == ImportRun.Status.REJECTED
    problems = "\n".join(run.problems)
    assert "Baris 3: kode KPUK 'PDG-999' bukan kode KPUK yang terdaftar" in problems
    assert "Baris 4: tanggal masuk '31-02-2019' bukan tanggal yang valid" in problems
    assert "Baris 5: waktu tempuh (menit) '-5' tidak boleh negatif" in problems
    assert "Baris 6: waktu tempuh (menit) 'lima belas' bukan bilangan bulat" in problems
    assert "Baris 7: kode anggota 'A-001' sudah ada di baris 2" in problems
    assert "Baris 8: nama lengkap:" in problems
    assert run.invalid >= 5
    assert not Member.objects.exists()
    with pytest.raises(ValidationError):
        import_confirm(run=run, actor=manager)
    assert not Member.objects.exists()


@pytest.mark.parametrize(("content", "message"), [
    (b"", "Berkas kosong"),
    (b"Kode anggota,Kode KPUK,Nama lengkap,Tanggal masuk\n\n,,,\n", "tidak ada baris data"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bukan lembar kerja"),
    (b"PK\x03\x04 not really a workbook", "bukan lembar kerja"),
    (b"Nama,Alamat\nSiti,Padang\n", "Kolom yang tidak ada di berkas: Kode anggota, Kode KPUK, Nama lengkap, Tanggal"),
])
def test_files_that_are_not_member_lists_are_rejected(manager, content, message):
    run = check("members", content, manager)
    assert run.status == ImportRun.Status.REJECTED
    assert message in run.problems[0]
    assert not Member.objects.exists()


def test_semicolon_csv_and_blank_lines_keep_excel_row_numbers(manager, group_a):
    content = csv_bytes(MEMBER_HEADERS, [["A-001", group_a.code, "Rosmaniar", "2019-02-28", "15"], ["", "", "", "", ""],
                                         ["A-002", group_a.code, "Yusnidar", "30-02-2019", ""]], delimiter=";")
    run = check("members", content, manager)
    assert run.problems == ["Baris 4: tanggal masuk '30-02-2019' bukan tanggal yang valid"]


def test_confirm_finds_problems_that_appeared_since_the_check(manager, member_rows, group_a):
    run = check("members", csv_bytes(MEMBER_HEADERS, member_rows), manager)
    MemberFactory(code="X-1", group=group_a)
    Group.objects.filter(code=member_rows[2][1]).update(code="PDG-777")
    with pytest.raises(ValidationError) as exc:
        import_confirm(run=run, actor=manager)
    assert "Baris 4: kode KPUK 'PDG-002' bukan kode KPUK yang terdaftar" in exc.value.messages
    assert list(Member.objects.values_list("code", flat=True)) == ["X-1"]
    run.refresh_from_db()
    assert run.status == ImportRun.Status.PREVIEWED


def test_a_run_is_imported_only_once(manager, member_rows):
    run = import_confirm(run=check("members", csv_bytes(MEMBER_HEADERS, member_rows), manager), actor=manager)
    with pytest.raises(ValidationError) as exc:
        import_confirm(run=run, actor=manager)
    assert exc.value.code == "not_previewed"


def test_moving_or_exiting_a_registered_member_by_import_is_refused(manager, group_a, group_b):
    MemberFactory(code="A-001", group=group_a, joined_on=datetime.date(2019, 2, 28))
    headers = MEMBER_HEADERS + ["Tanggal keluar"]
    run = check("members", csv_bytes(headers, [["A-001", group_b.code, "Siti", "2019-02-28", "", "2024-01-31"]]),
                manager)
    assert run.problems == [
        "Baris 2: kode KPUK: anggota ini terdaftar di kelompok lain; pindahkan lewat halaman anggotanya",
        "Baris 2: tanggal keluar: tanggal keluar anggota yang sudah terdaftar diisi lewat proses keluar anggota, "
        "bukan lewat impor",
    ]


def test_a_member_who_already_left_gets_a_closed_membership(manager, group_a):
    headers = MEMBER_HEADERS + ["Tanggal keluar"]
    run = check("members", csv_bytes(headers, [["A-001", group_a.code, "Siti", "2019-02-28", "", "2022-06-30"]]),
                manager)
    import_confirm(run=run, actor=manager)
    membership = Membership.objects.get(member__code="A-001")
    assert membership.left_on == datetime.date(2022, 6, 30)


def test_regions_then_groups_with_their_chart_of_accounts(manager):
    regions = csv_bytes(["Kode wilayah", "Nama wilayah", "Tingkat", "Kode wilayah induk"], [
        ["1371", "Kota Padang", "Kota / kabupaten", ""],
        ["1371-KTG", "Koto Tangah", "subdistrict", "1371"],
    ])
    import_confirm(run=check("regions", regions, manager), actor=manager)
    assert Region.objects.get(code="1371-KTG").parent.code == "1371"
    assert Region.objects.get(code="1371").level == Region.Level.DISTRICT
    groups = csv_bytes(["Kode KPUK", "Nama KPUK", "Kode wilayah", "Hari pertemuan", "Tanggal berdiri LKP"], [
        ["PDG-010", "Melati", "1371-KTG", "Kamis", "15/01/2004"],
    ])
    import_confirm(run=check("groups", groups, manager), actor=manager)
    melati = Group.objects.get(code="PDG-010")
    assert (melati.meeting_weekday, melati.meeting_week, melati.lkp_founded_on) == (
        Group.Weekday.THURSDAY, Group.WeekOfMonth.SECOND, datetime.date(2004, 1, 15))
    assert Account.objects.filter(group=melati, key="opening_equity").exists()


def test_a_group_in_an_unknown_region_is_refused(manager):
    RegionFactory(code="1371")
    groups = csv_bytes(["Kode KPUK", "Nama KPUK", "Kode wilayah"], [["PDG-010", "Melati", "9999"]])
    run = check("groups", groups, manager)
    assert run.problems == ["Baris 2: kode wilayah '9999' bukan kode wilayah yang terdaftar"]


def test_assignments_by_username_only_for_field_officers(manager, group_a):
    UserFactory(username="yuni", role=User.Role.FIELD_OFFICER)
    content = csv_bytes(["Kode KPUK", "Nama pengguna pendamping", "Mulai", "Sampai"], [
        [group_a.code, "yuni", "2018-01-01", "2019-12-31"],
        [group_a.code, "manager", "2020-01-01", ""],
    ])
    run = check("assignments", content, manager)
    assert run.problems == [
        "Baris 3: nama pengguna pendamping 'manager' bukan nama pengguna seorang pendamping"]
    content = csv_bytes(["Kode KPUK", "Nama pengguna pendamping", "Mulai", "Sampai"], [
        [group_a.code, "yuni", "2018-01-01", "2019-12-31"]])
    import_confirm(run=check("assignments", content, manager), actor=manager)
    assert FieldOfficerAssignment.objects.get(officer__username="yuni").end == datetime.date(2019, 12, 31)
    assert check("assignments", content, manager).unchanged == 1


def test_an_unknown_kind_is_refused(manager):
    with pytest.raises(ValidationError):
        check("loans", b"x", manager)


def test_nik_and_exit_date_are_checked_like_the_member_form(manager, group_a):
    MemberFactory(code="X-1", group=group_a, nik="1371010101700001")
    headers = MEMBER_HEADERS + ["NIK", "Tanggal keluar"]
    run = check("members", csv_bytes(headers, [
        ["A-001", group_a.code, "Siti", "2019-02-28", "", "1371010101700001", ""],
        ["A-002", group_a.code, "Ani", "2019-02-28", "", "1371010101700002", ""],
        ["A-003", group_a.code, "Upik", "2019-02-28", "", "1371010101700002", ""],
        ["A-004", group_a.code, "Nur", "2019-02-28", "", "12345", "2018-01-01"],
    ]), manager)
    assert run.problems == [
        "Baris 2: NIK: NIK 1371010101700001 sudah dipakai anggota X-1",
        "Baris 4: NIK: NIK 1371010101700002 sudah dipakai anggota A-002",
        "Baris 5: NIK: NIK terdiri dari tepat 16 angka.",
        "Baris 5: tanggal keluar: tanggal keluar sebelum tanggal masuk",
    ]
