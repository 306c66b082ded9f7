-- The customer list's per-cell tables (tables.sql) for the cells {cell_scope} keeps, as in sums.sql, after bounds.sql
-- filled the revenue bounds.
-- The customer list's orders (ranks): each cell's customers of the run numbered under each sort, in number order.
DELETE FROM {dash}ranks WHERE {cell_scope};
INSERT INTO {dash}ranks
SELECT sort, cell, CAST(row_number() OVER (PARTITION BY sort, cell ORDER BY value DESC NULLS LAST, customer_id) AS INTEGER) AS pos,
       cust, customer_id, value, spend
FROM (SELECT 1 AS sort, cell, cust, customer_id, churn_probability AS value, CAST(NULL AS INTEGER) AS spend
      FROM {dash}people WHERE in_run AND {cell_scope}
      UNION ALL
      SELECT 2, cell, cust, customer_id, predicted_clv, NULL FROM {dash}people WHERE in_run AND {cell_scope}
      UNION ALL
      SELECT 3, cell, cust, customer_id, NULL, NULL FROM {dash}people WHERE in_run AND {cell_scope}
      UNION ALL
      SELECT 4, cell, cust, customer_id, bound, spend FROM {dash}bounds WHERE in_run AND {cell_scope}) r
ORDER BY pos, sort, cell;

-- The run's customers' orders in the order of their least position under the sorts by churn, CLV and id (lead): the
-- customers of a page ending at row N have a lead of at most N, the table's first rows.
DELETE FROM {dash}page_orders WHERE {cell_scope};
INSERT INTO {dash}page_orders
SELECT l.lead, o.cell, o.cust, o.day, o.amount
FROM (SELECT cust, cell, day, amount FROM {dash}orders WHERE in_run AND {cell_scope}) o
JOIN (SELECT cust, CAST(min(pos) AS INTEGER) AS lead FROM {dash}ranks WHERE sort <= 3 AND {cell_scope} GROUP BY cust) l USING (cust)
ORDER BY l.lead;
