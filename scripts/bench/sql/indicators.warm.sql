-- /reports/indicators/?start=2025-12-03&end=2026-12-02: 6 SELECTs (scripts/bench/sql_floor.py capture)
-- query 1
SELECT "django_session"."session_key", "django_session"."session_data", "django_session"."expire_date" FROM "django_session" WHERE ("django_session"."expire_date" > '2026-12-02T01:07:40.500015+00:00'::timestamptz AND "django_session"."session_key" = 'iduco1ckgv5k6kxi8065i37nhpfrri62') LIMIT 21;
-- query 2
SELECT "accounts_user"."id", "accounts_user"."password", "accounts_user"."last_login", "accounts_user"."is_superuser", "accounts_user"."username", "accounts_user"."first_name", "accounts_user"."last_name", "accounts_user"."email", "accounts_user"."is_staff", "accounts_user"."is_active", "accounts_user"."date_joined", "accounts_user"."role", "accounts_user"."phone", "accounts_user"."treasurer_of_id" FROM "accounts_user" WHERE "accounts_user"."id" = 6 LIMIT 21;
-- query 3
SELECT "groups_group"."id" AS "pk", (SELECT U0."event_id" AS "event_id" FROM "audit_groupversion" U0 WHERE U0."group_id" = ("groups_group"."id")) AS "v", (SELECT U0."id" AS "id" FROM "audit_auditevent" U0 WHERE U0."group_id" IS NULL ORDER BY 1 DESC LIMIT 1) AS "s" FROM "groups_group";
-- query 4
SELECT "groups_group"."id" AS "pk" FROM "groups_group" ORDER BY 1 ASC;
-- query 5
SELECT "cache_key", "value", "expires" FROM "lkp_cache" WHERE "cache_key" IN (':1:scope:indicators:facb5fac95b51ad8c11f471e315e51f1d7700de6');
-- query 6
SELECT DISTINCT "groups_group"."legal_form" AS "legal_form" FROM "groups_group";
