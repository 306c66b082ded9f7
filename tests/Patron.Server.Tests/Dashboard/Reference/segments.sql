-- Segments of the run among the chosen customers: size and revenue in the date range.
, revenue AS (SELECT segment, sum(amount) AS revenue FROM sales WHERE in_run GROUP BY segment),
members AS (SELECT segment, count(*) AS customers FROM chosen WHERE in_run GROUP BY segment)
SELECT m.segment, m.customers, CAST(coalesce(r.revenue, 0) AS DOUBLE) AS revenue
FROM members m LEFT JOIN revenue r ON r.segment IS NOT DISTINCT FROM m.segment
ORDER BY revenue DESC, m.segment
