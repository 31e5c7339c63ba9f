"""The demo data and the benchmarks: ``seed_demo`` and the ``bench_*`` commands (issue #15).

The top layer: it builds every app's rows (through their services and bulk paths) and times their
pages, and no app imports it. Modules are named after what they build: ``foundation`` (regions,
groups, rules, users, members, from the names and places of ``names``), ``meeting_history`` (the
months of meetings through the sheet), ``bulk_history`` (the same at LP2M scale in bulk),
``loan_history`` (the bulk demo's loans), ``year_ends`` (the RATs), ``meeting_scene`` (the
throwaway group the meeting benchmarks time) and ``import_files`` (the import benchmark's sheets).
"""
