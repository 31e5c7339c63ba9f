"""Synthetic spreadsheets for the import benchmark, shaped like an LP2M's books."""
import datetime

from imports.resources import (
    GroupResource,
    LoanRepaymentHistoryResource,
    MemberResource,
    OpeningLoanResource,
    OpeningSavingsResource,
    RegionResource,
    SavingsHistoryResource,
)


def _csv(resource_class, rows):
    headers = resource_class.column_names()
    lines = [",".join(headers)] + [",".join(str(row.get(h, "")) for h in headers) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def bench_files(*, members, per_group, joined, loans, history=0, repayments=0):
    """Return [(kind, csv bytes)]: one region, enough groups, ``members`` members, their opening savings,
    ``loans`` loans outstanding at the cut-over (flat 2 %, 10 months, a few instalments paid, some partly) and,
    with ``history``, that many monthly wajib deposits of each member after the cut-over, and with
    ``repayments``, that many monthly instalments paid on each loan after the cut-over."""
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
    disbursed = joined + datetime.timedelta(days=300)  # after every member joined (within 300 days)
    outstanding = [{"Kode anggota": f"BM-{i * (members // max(loans, 1)):06d}",
                    "Tanggal cair": (disbursed + datetime.timedelta(days=i % 90)).isoformat(),
                    "Pokok pinjaman": 500_000 * (1 + i % 8), "Jangka waktu (bulan)": 10, "Metode bunga": "flat",
                    "Bunga (% per bulan)": "2", "Angsuran sudah dibayar": i % 3, "Tanggal saldo awal": cut_over}
                   for i in range(loans)]
    for i, row in enumerate(outstanding):
        if i % 5 == 4:  # a partly paid instalment: the principal of the first, nothing of its interest
            amount = row["Pokok pinjaman"]
            row.update({"Angsuran sudah dibayar": "", "Pokok sudah dibayar": amount // 10, "Bunga sudah dibayar": 0})
    after = joined + datetime.timedelta(days=410)
    deposits = [{"Kode anggota": f"BM-{i:06d}", "Tanggal": (after + datetime.timedelta(days=30 * m)).isoformat(),
                 "Jenis simpanan": "wajib", "Transaksi": "setoran", "Jumlah": 10_000, "No. bukti": f"B{i}-{m}"}
                for i in range(members) for m in range(history)]
    payments = [{"Kode anggota": row["Kode anggota"], "Tanggal cair": row["Tanggal cair"],
                 "Tanggal bayar": (after + datetime.timedelta(days=30 * m)).isoformat(),
                 "Jumlah": row["Pokok pinjaman"] * 12 // 100, "No. bukti": f"L{i}-{m}"}
                for i, row in enumerate(outstanding) for m in range(repayments)]
    return [("regions", _csv(RegionResource, regions)), ("groups", _csv(GroupResource, groups)),
            ("members", _csv(MemberResource, people)), ("opening_savings", _csv(OpeningSavingsResource, openings)),
            ("opening_loans", _csv(OpeningLoanResource, outstanding))] + (
        [("savings_history", _csv(SavingsHistoryResource, deposits))] if history else []) + (
        [("loan_repayments", _csv(LoanRepaymentHistoryResource, payments))] if repayments else [])
