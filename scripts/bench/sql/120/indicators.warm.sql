-- /reports/indicators/?start=2025-12-04&end=2026-12-03: 6 SELECTs (scripts/bench/sql_floor.py capture)
-- query 1
SELECT "django_session"."session_key", "django_session"."session_data", "django_session"."expire_date" FROM "django_session" WHERE ("django_session"."expire_date" > '2026-12-03T09:47:29.662452+00:00'::timestamptz AND "django_session"."session_key" = 'if6x73c23ukzk3deccf0rq1glyt9kwfv') LIMIT 21;
-- query 2
SELECT "accounts_user"."id", "accounts_user"."password", "accounts_user"."last_login", "accounts_user"."is_superuser", "accounts_user"."username", "accounts_user"."first_name", "accounts_user"."last_name", "accounts_user"."email", "accounts_user"."is_staff", "accounts_user"."is_active", "accounts_user"."date_joined", "accounts_user"."role", "accounts_user"."phone", "accounts_user"."treasurer_of_id" FROM "accounts_user" WHERE "accounts_user"."id" = 1 LIMIT 21;
-- query 3
SELECT "groups_group"."id" AS "pk", (SELECT U0."event_id" AS "event_id" FROM "audit_groupversion" U0 WHERE U0."group_id" = ("groups_group"."id")) AS "v", (SELECT U0."id" AS "id" FROM "audit_auditevent" U0 WHERE U0."group_id" IS NULL ORDER BY 1 DESC LIMIT 1) AS "s" FROM "groups_group";
-- query 4
SELECT "groups_group"."id" AS "pk" FROM "groups_group" ORDER BY 1 ASC;
-- query 5
SELECT "cache_key", "value", "expires" FROM "lkp_cache" WHERE "cache_key" IN (':1:scope:indicators:c6998ef9db7ff0b9ded34e91c032ace2934ab9d0');
-- query 6
SELECT DISTINCT COALESCE((SELECT U0."previous_form" AS "previous_form" FROM "groups_legalformchange" U0 WHERE (U0."effective_from" > '2026-12-03'::date AND U0."group_id" = ("groups_group"."id")) ORDER BY U0."effective_from" ASC LIMIT 1), "groups_group"."legal_form") AS "form_on" FROM "groups_group";
