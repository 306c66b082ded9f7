-- RFM: the three values, quintile scores with ties sharing the lower score, the cell and the named segment.
-- Population-wide: runs once after every partition. Reads fx_behaviour_all (every customer's behaviour features) and fx_rfm_map (r, fm, segment), which the builder fills from the C# rule table.
CREATE OR REPLACE TEMP TABLE f_rfm AS
WITH v AS (
    SELECT customer_id,
           days_since_last_order AS rfm_recency_days,
           orders AS rfm_frequency,
           net_revenue AS rfm_monetary,
           count(*) OVER () AS n,
           rank() OVER (ORDER BY days_since_last_order DESC) AS r_rank,
           rank() OVER (ORDER BY orders) AS f_rank,
           rank() OVER (ORDER BY net_revenue) AS m_rank
    FROM fx_behaviour_all),
s AS (
    SELECT customer_id, rfm_recency_days, rfm_frequency, rfm_monetary,
           CAST(least(5, 1 + floor(5.0 * (r_rank - 1) / n)) AS BIGINT) AS r_score,
           CAST(least(5, 1 + floor(5.0 * (f_rank - 1) / n)) AS BIGINT) AS f_score,
           CAST(least(5, 1 + floor(5.0 * (m_rank - 1) / n)) AS BIGINT) AS m_score
    FROM v)
SELECT s.*,
       (s.f_score + s.m_score + 1) // 2 AS fm_score,
       CAST(s.r_score AS VARCHAR) || CAST(s.f_score AS VARCHAR) || CAST(s.m_score AS VARCHAR) AS rfm_cell,
       m.segment AS rfm_segment
FROM s
LEFT JOIN fx_rfm_map m ON m.r = s.r_score AND m.fm = (s.f_score + s.m_score + 1) // 2;
