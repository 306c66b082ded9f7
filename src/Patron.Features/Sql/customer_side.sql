-- What customers bring besides their orders, one row per customer sorted by customer_id, streamed beside
-- customer_rows.sql and merged with it by the feature kernel: attributes as of the cutoff (the version of
-- silver.customer_versions in force just before it: the latest one starting before the cutoff, or the customer's first
-- when none does, e.g. a customer file exported after the cutoff), reviews of purchases before the cutoff (both dated before it) and web sessions started before it, the last two
-- summed per customer. A customer may have any of the three without the others. When several sources hold versions of a
-- customer (a shop's export and posted events), the one in force that started last wins. Placeholders: cutoff,
-- c_filter, o_filter and s_filter (TRUE, or an IN list of customer ids on that alias, as in customer_rows.sql).
WITH attributes AS (
    SELECT c.customer_id,
           CASE WHEN c.registered_at < DATE '{cutoff}' THEN CAST(c.registered_at AS DATE) END AS registered_before_cutoff,
           CASE
               WHEN c.age IS NULL THEN NULL
               WHEN c.age < 25 THEN 'under 25'
               WHEN c.age < 35 THEN '25-34'
               WHEN c.age < 45 THEN '35-44'
               WHEN c.age < 55 THEN '45-54'
               WHEN c.age < 65 THEN '55-64'
               ELSE '65+'
           END AS age_band,
           c.country,
           c.acquisition_channel,
           CASE
               WHEN c.email_domain IS NULL THEN NULL
               WHEN lower(c.email_domain) IN ('gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'hotmail.fr', 'hotmail.de',
                                              'hotmail.co.uk', 'live.com', 'msn.com', 'yahoo.com', 'yahoo.fr', 'yahoo.de', 'yahoo.co.uk',
                                              'yahoo.com.br', 'icloud.com', 'me.com', 'aol.com', 'gmx.de', 'gmx.net', 'gmx.com', 'web.de',
                                              't-online.de', 'orange.fr', 'free.fr', 'wanadoo.fr', 'laposte.net', 'libero.it', 'mail.ru',
                                              'yandex.ru', 'proton.me', 'protonmail.com', 'bol.com.br', 'uol.com.br', 'terra.com.br')
                   THEN 'free'
               WHEN lower(c.email_domain) LIKE '%.edu' OR lower(c.email_domain) LIKE '%.edu.%' OR lower(c.email_domain) LIKE '%.ac.%'
                   THEN 'education'
               ELSE 'business'
           END AS email_domain_class
    FROM silver.customer_versions c
    WHERE (c.valid_from < DATE '{cutoff}' OR c.version = 1) AND (c.valid_to IS NULL OR c.valid_to >= DATE '{cutoff}')
      AND {c_filter}
    QUALIFY row_number() OVER (PARTITION BY c.customer_id ORDER BY c.valid_from DESC, c.source, c._source_file) = 1),
reviews AS (
    SELECT o.customer_id,
           count(*) AS review_count,
           avg(r.score) AS review_score_mean,
           avg(CASE WHEN r.score <= 2 THEN 1.0 ELSE 0.0 END) AS low_review_share
    FROM silver.reviews r
    JOIN silver.orders o ON o.order_id = r.order_id
    WHERE o.customer_id IS NOT NULL
      AND o.ordered_at < DATE '{cutoff}'
      AND o.is_purchase
      AND r.created_at < DATE '{cutoff}'
      AND r.score IS NOT NULL
      AND {o_filter}
    GROUP BY o.customer_id),
sessions AS (
    SELECT s.customer_id,
           count(*) AS session_count,
           avg(CAST(s.duration_sec AS DECIMAL(18, 6))) AS session_duration_mean,
           avg(s.page_views) AS views_per_session,
           avg(CASE WHEN s.purchased THEN 1.0 ELSE 0.0 END) AS session_purchase_rate,
           date_diff('day', max(CAST(s.started_at AS DATE)), DATE '{cutoff}') AS days_since_last_session
    FROM silver.sessions s
    WHERE s.customer_id IS NOT NULL
      AND s.started_at < DATE '{cutoff}'
      AND {s_filter}
    GROUP BY s.customer_id),
keys AS (
    SELECT customer_id FROM attributes
    UNION
    SELECT customer_id FROM reviews
    UNION
    SELECT customer_id FROM sessions)
SELECT k.customer_id,
       a.registered_before_cutoff,
       a.age_band,
       a.country,
       a.acquisition_channel,
       a.email_domain_class,
       r.review_count,
       CAST(r.review_score_mean AS DOUBLE) AS review_score_mean,
       CAST(r.low_review_share AS DOUBLE) AS low_review_share,
       s.session_count,
       CAST(s.session_duration_mean AS DOUBLE) AS session_duration_mean,
       CAST(s.views_per_session AS DOUBLE) AS views_per_session,
       CAST(s.session_purchase_rate AS DOUBLE) AS session_purchase_rate,
       s.days_since_last_session
FROM keys k
LEFT JOIN attributes a ON a.customer_id = k.customer_id
LEFT JOIN reviews r ON r.customer_id = k.customer_id
LEFT JOIN sessions s ON s.customer_id = k.customer_id
WHERE k.customer_id IS NOT NULL
ORDER BY k.customer_id
