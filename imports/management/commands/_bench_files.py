"""Synthetic spreadsheets for the import benchmark, shaped like an LP2M's books."""
import datetime

from imports.resources import GroupResource, MemberResource, OpeningSavingsResource, RegionResource


def _csv(resource_class, rows):
    headers = resource_class.column_names()
    lines = [",".join(headers)] + [",".join(str(row.get(h, "")) for h in headers) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def bench_files(*, members, per_group, joined):
    """Return [(kind, csv bytes)] for one region, enough groups, ``members`` members and their opening savings."""
    n_groups = -(-members // per_group)
    regions = [{"Kode wilayah": "BENCH", "Nama wilayah": "Kecamatan Uji", "Tingkat": "subdistrict"}]
    groups = [{"Kode KPUK": f"BG-{g:04d}", "Nama KPUK": f"Uji {g}", "Kode wilayah": "BENCH",
               "Tanggal berdiri LKP": "2010-01-01"} for g in range(n_groups)]
    people = [{"Kode anggota": f"BM-{i:06d}", "Kode KPUK": f"BG-{i // per_group:04d}", "Nama lengkap": f"Anggota {i}",
               "Tanggal masuk": (joined + datetime.timedelta(days=i % 300)).isoformat(), "Boleh dihubungi": "Ya",
               "Usaha": "warung", "Waktu tempuh (menit)": i % 60} for i in range(members)]
    cut_over = (joined + datetime.timedelta(days=400)).isoformat()
    openings = [{"Kode anggota": f"BM-{i:06d}", "Tanggal saldo awal": cut_over, "Simpanan pokok": 50_000,
                 "Simpanan wajib": 10_000 * (12 + i % 24), "Simpanan sukarela": 25_000 * (i % 17)}
                for i in range(members)]
    return [("regions", _csv(RegionResource, regions)), ("groups", _csv(GroupResource, groups)),
            ("members", _csv(MemberResource, people)), ("opening_savings", _csv(OpeningSavingsResource, openings))]
