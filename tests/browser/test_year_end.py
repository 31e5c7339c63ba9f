"""The treasurer closes her group's year on a phone: preview, RAT package, the RAT's decision, posted once."""
from tests.yearend.scenarios import build_small
from yearend.models import YearEnd


def test_treasurer_posts_the_year_end_from_her_phone(open_page, users, manager):
    group = build_small(users["bendahara1"].treasurer_of, manager)["group"]
    page = open_page(users["bendahara1"], path=f"/groups/{group.pk}/")
    page.get_by_role("link", name="Tutup buku (SHU, RAT)").click()
    page.locator("tr", has_text="2024").get_by_role("link", name="Pratinjau dan bukukan").click()
    assert page.get_by_text("Rp 277.778").first.is_visible()
    page.get_by_role("link", name="Paket RAT").first.click()
    assert page.get_by_role("heading", name="Laporan perubahan ekuitas 2024").is_visible()
    page.go_back()
    page.get_by_label("Tanggal RAT").fill("2025-02-15")
    page.get_by_label("Yang menyetujui").fill("RAT: 4 dari 4 anggota hadir, setuju bulat")
    page.get_by_role("button", name="Bukukan tutup buku").click()
    page.wait_for_load_state()
    assert page.get_by_text("Tutup buku 2024 sudah dibukukan").is_visible()
    year_end = YearEnd.objects.get()
    assert (year_end.posted_by, year_end.surplus, str(year_end.decided_on)) == (users["bendahara1"], 1_000_000,
                                                                                "2025-02-15")
    assert page.get_by_role("button", name="Batalkan dan buka kembali tahun itu").is_visible()
