-- Sequence rules "bought A, then B within {window} days" over customers' purchases before the cutoff (rx_lines, see
-- lines.sql, cut at the cutoff). For a customer, t_A is the first purchase of A; the pair holds when the customer
-- bought B in a later order no more than {window} days after t_A (a purchase of B before t_A or in A's first order
-- does not count); days(A→B) is from t_A to the first such purchase of B. Only items bought by at least {min_count} customers
-- take part (no pair can be more frequent than its items).
-- support = customers with A→B / customers; confidence = customers with A→B / customers who bought A;
-- lift = confidence / base rate of B, where the base rate is the share of customers who bought B in a later order within
-- {window} days of their first purchase of anything: the same "then, within the window" question without A, so a lift
-- above 1 means A makes B likelier than a first purchase in general does.
CREATE OR REPLACE TEMP TABLE rx_seq_first AS
SELECT customer_id, item_id, min(ordered_at) AS first_at
FROM rx_lines
WHERE customer_id IS NOT NULL AND ordered_at < TIMESTAMP '{cutoff}'
GROUP BY customer_id, item_id;

CREATE OR REPLACE TEMP TABLE rx_seq_items AS
SELECT item_id, count(*) AS customers
FROM rx_seq_first
GROUP BY item_id
HAVING count(*) >= {min_count};

CREATE OR REPLACE TEMP TABLE rx_seq_pairs AS
WITH a AS (
    SELECT f.customer_id, f.item_id, f.first_at
    FROM rx_seq_first f SEMI JOIN rx_seq_items i ON i.item_id = f.item_id
), b AS (
    SELECT l.customer_id, l.item_id, l.order_row, l.ordered_at
    FROM rx_lines l SEMI JOIN rx_seq_items i ON i.item_id = l.item_id
    WHERE l.customer_id IS NOT NULL AND l.ordered_at < TIMESTAMP '{cutoff}'
)
SELECT a.customer_id, a.item_id AS item_a, b.item_id AS item_b,
       date_diff('second', a.first_at, min(b.ordered_at)) / 86400.0 AS days
FROM a
JOIN b ON b.customer_id = a.customer_id
      AND b.item_id <> a.item_id
      AND b.ordered_at > a.first_at
      AND b.ordered_at <= a.first_at + INTERVAL ({window}) DAY
GROUP BY a.customer_id, a.item_id, a.first_at, b.item_id;

CREATE OR REPLACE TEMP TABLE rx_seq_base AS
WITH starts AS (
    SELECT customer_id, min(first_at) AS start_at FROM rx_seq_first GROUP BY customer_id
)
SELECT l.item_id, count(DISTINCT l.customer_id) AS customers
FROM rx_lines l
JOIN starts s ON s.customer_id = l.customer_id
WHERE l.ordered_at > s.start_at
  AND l.ordered_at <= s.start_at + INTERVAL ({window}) DAY
  AND l.ordered_at < TIMESTAMP '{cutoff}'
GROUP BY l.item_id;
