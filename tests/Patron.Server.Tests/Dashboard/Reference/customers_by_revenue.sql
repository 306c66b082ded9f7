-- One page of the chosen customers of the run by revenue in the date range, highest first, with the total: $6 the
-- sort ('revenue'), $7 rows to skip, $8 page size.
, spend AS (SELECT customer_id, sum(amount) AS revenue FROM sales WHERE in_run AND $6 = 'revenue' GROUP BY customer_id)
SELECT c.customer_id, CAST(coalesce(s.revenue, 0) AS DOUBLE) AS revenue, count(*) OVER () AS total
FROM chosen c LEFT JOIN spend s USING (customer_id)
WHERE c.in_run
ORDER BY revenue DESC NULLS LAST, c.customer_id
LIMIT $8 OFFSET $7
