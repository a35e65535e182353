WITH bounds AS (
  SELECT (CAST('2024-06-30 00:00:00.000' AS TIMESTAMP) + INTERVAL (-90) DAY) AS t0, CAST('2024-06-30 00:00:00.000' AS TIMESTAMP) AS t1
  FROM (SELECT MIN("ts") AS tmin, MAX("ts") AS tmax FROM "events") AS x
),
bounds_s AS (
  SELECT t0, t1, epoch(t0) AS e0, epoch(t1) AS e1 FROM bounds
),
ev AS (
  SELECT e."user_id" AS user_id, e."event" AS event, e."value" AS value, e."ts" AS ts,
    epoch(e."ts") AS es,
    CASE WHEN e."ts" >= b.t0 THEN 1 ELSE 0 END AS inw
  FROM "events" AS e CROSS JOIN bounds AS b
  WHERE e."ts" < b.t1
),
sq AS (
  SELECT ev.*, LAG(es) OVER (PARTITION BY user_id, inw ORDER BY es) AS prev_es FROM ev
),
a AS (
  SELECT user_id,
    COUNT(*) FILTER (WHERE inw = 1) AS n,
    MIN(es) AS first_es,
    MAX(es) AS last_es,
    MIN(CASE WHEN inw = 1 THEN es END) AS first_es_w,
    COUNT(*) FILTER (WHERE inw = 1 AND (prev_es IS NULL OR FLOOR(es / 86400) <> FLOOR(prev_es / 86400))) AS days,
    COUNT(*) FILTER (WHERE inw = 1 AND (prev_es IS NULL OR FLOOR((FLOOR(es / 86400) + 3) / 7) <> FLOOR((FLOOR(prev_es / 86400) + 3) / 7))) AS weeks,
    COUNT(*) FILTER (WHERE inw = 1 AND (prev_es IS NULL OR es - prev_es > 1800)) AS sessions,
    COUNT(DISTINCT CASE WHEN inw = 1 THEN event END) AS kinds,
    COUNT(*) FILTER (WHERE inw = 1 AND event = 'login') AS c0,
    COUNT(*) FILTER (WHERE inw = 1 AND event = 'it''s; --') AS c1,
    COUNT(*) FILTER (WHERE inw = 1 AND isodow(ts) >= 6) AS weekend,
    COUNT(*) FILTER (WHERE inw = 1 AND hour(ts) < 6) AS night,
    COUNT(*) FILTER (WHERE inw = 1 AND hour(ts) >= 6 AND hour(ts) < 12) AS morning,
    COUNT(*) FILTER (WHERE inw = 1 AND hour(ts) >= 12 AND hour(ts) < 18) AS afternoon,
    COUNT(*) FILTER (WHERE inw = 1 AND hour(ts) >= 18) AS evening,
    COUNT(*) FILTER (WHERE inw = 1 AND value IS NOT NULL) AS orders,
    COALESCE(CAST(SUM(CAST(CASE WHEN inw = 1 THEN value END AS DECIMAL(38, 6))) AS DOUBLE), 0) AS value_sum,
    COUNT(*) FILTER (WHERE inw = 1 AND es < (b.e0 + b.e1) / 2) AS first_half
  FROM sq CROSS JOIN bounds_s AS b
  GROUP BY user_id
),
sid AS (
  SELECT user_id, es, SUM(CASE WHEN prev_es IS NULL OR es - prev_es > 1800 THEN 1 ELSE 0 END)
    OVER (PARTITION BY user_id ORDER BY es RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS s
  FROM sq WHERE inw = 1
),
slen AS (
  SELECT user_id, s, MAX(es) - MIN(es) AS len FROM sid GROUP BY user_id, s
),
m AS (
  SELECT user_id, quantile_cont(len, 0.5) / 60 AS median_session_minutes FROM slen GROUP BY user_id
)
SELECT
  a."user_id" AS "user_id",
  CAST(a.n AS DOUBLE) AS "events",
  CAST(a.days AS DOUBLE) AS "active_days",
  CAST(a.weeks AS DOUBLE) AS "active_weeks",
  CAST(a.sessions AS DOUBLE) AS "sessions",
  CAST((CAST(a.n AS DOUBLE) / NULLIF(CAST(a.sessions AS DOUBLE), 0)) AS DOUBLE) AS "events_per_session",
  CAST(m.median_session_minutes AS DOUBLE) AS "median_session_minutes",
  CAST(CASE WHEN a.n = 0 THEN 0 ELSE 7 * a.days / GREATEST((b.e1 - a.first_es_w) / 86400, 7) END AS DOUBLE) AS "active_days_per_week",
  CAST((b.e1 - a.last_es) / 86400 AS DOUBLE) AS "days_since_last_event",
  CAST((b.e1 - epoch(u."signup_date")) / 86400 AS DOUBLE) AS "tenure_days",
  CAST(a.kinds AS DOUBLE) AS "distinct_events",
  CAST((CAST(a.kinds AS DOUBLE) / NULLIF(CAST(3 AS DOUBLE), 0)) AS DOUBLE) AS "catalog_share",
  CAST(a.c0 AS DOUBLE) AS "count_login",
  CAST(a.c1 AS DOUBLE) AS "count_it_s",
  CAST((CAST(a.c0 AS DOUBLE) / NULLIF(CAST(a.n AS DOUBLE), 0)) AS DOUBLE) AS "share_login",
  CAST((CAST(a.c1 AS DOUBLE) / NULLIF(CAST(a.n AS DOUBLE), 0)) AS DOUBLE) AS "share_it_s",
  CAST((CAST(a.n - (a.c0 + a.c1) AS DOUBLE) / NULLIF(CAST(a.n AS DOUBLE), 0)) AS DOUBLE) AS "share_other_events",
  CAST((CAST(a.weekend AS DOUBLE) / NULLIF(CAST(a.n AS DOUBLE), 0)) AS DOUBLE) AS "weekend_share",
  CAST((CAST(a.night AS DOUBLE) / NULLIF(CAST(a.n AS DOUBLE), 0)) AS DOUBLE) AS "night_share",
  CAST((CAST(a.morning AS DOUBLE) / NULLIF(CAST(a.n AS DOUBLE), 0)) AS DOUBLE) AS "morning_share",
  CAST((CAST(a.afternoon AS DOUBLE) / NULLIF(CAST(a.n AS DOUBLE), 0)) AS DOUBLE) AS "afternoon_share",
  CAST((CAST(a.evening AS DOUBLE) / NULLIF(CAST(a.n AS DOUBLE), 0)) AS DOUBLE) AS "evening_share",
  CAST(a.value_sum AS DOUBLE) AS "value_sum",
  CAST((CAST(a.value_sum AS DOUBLE) / NULLIF(CAST(a.orders AS DOUBLE), 0)) AS DOUBLE) AS "value_mean",
  CAST(a.orders AS DOUBLE) AS "orders",
  CAST((1 + FLOOR(5 * CAST(RANK() OVER (ORDER BY a.last_es) - 1 AS DOUBLE) / COUNT(*) OVER ())) AS DOUBLE) AS "rfm_recency_score",
  CAST((1 + FLOOR(5 * CAST(RANK() OVER (ORDER BY a.orders) - 1 AS DOUBLE) / COUNT(*) OVER ())) AS DOUBLE) AS "rfm_frequency_score",
  CAST((1 + FLOOR(5 * CAST(RANK() OVER (ORDER BY a.value_sum) - 1 AS DOUBLE) / COUNT(*) OVER ())) AS DOUBLE) AS "rfm_monetary_score",
  CAST(((1 + FLOOR(5 * CAST(RANK() OVER (ORDER BY a.last_es) - 1 AS DOUBLE) / COUNT(*) OVER ())) + (1 + FLOOR(5 * CAST(RANK() OVER (ORDER BY a.orders) - 1 AS DOUBLE) / COUNT(*) OVER ())) + (1 + FLOOR(5 * CAST(RANK() OVER (ORDER BY a.value_sum) - 1 AS DOUBLE) / COUNT(*) OVER ()))) AS DOUBLE) AS "rfm_score",
  CAST((CAST((a.n - 2 * a.first_half) AS DOUBLE) / NULLIF(CAST(a.n AS DOUBLE), 0)) AS DOUBLE) AS "activity_trend",
  CAST(u."seats" AS DOUBLE) AS "seats",
  CAST(u."plan" AS VARCHAR) AS "attribute_plan"
FROM a CROSS JOIN bounds_s AS b
LEFT JOIN m ON m.user_id = a.user_id
LEFT JOIN "users" AS u ON u."user_id" = a.user_id
ORDER BY a.user_id