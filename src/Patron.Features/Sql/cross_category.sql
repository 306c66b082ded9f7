-- Co-purchase rates between categories over the customers of the cutoff, and each customer's likeliest next category.
-- Population-wide: runs once after every partition. Reads fx_customer_categories (cross_category_pairs.sql).
CREATE OR REPLACE TEMP TABLE fx_cross_category AS
WITH a AS (
    SELECT category, count(*) AS customers_a FROM fx_customer_categories GROUP BY category),
ab AS (
    SELECT x.category AS category_a, y.category AS category_b, count(*) AS customers_ab
    FROM fx_customer_categories x
    JOIN fx_customer_categories y ON y.customer_id = x.customer_id AND y.category <> x.category
    GROUP BY x.category, y.category)
SELECT DATE '{cutoff}' AS cutoff,
       ab.category_a,
       ab.category_b,
       a.customers_a,
       ab.customers_ab,
       ab.customers_ab / a.customers_a AS probability,
       -- One total order over the few pairs, so each customer's pick is a hash aggregate with no ties.
       row_number() OVER (ORDER BY ab.customers_ab / a.customers_a DESC, ab.customers_ab DESC, ab.category_b, ab.category_a) AS preference
FROM ab JOIN a ON a.category = ab.category_a;

CREATE OR REPLACE TEMP TABLE f_cross_category AS
WITH bought AS (
    SELECT customer_id, count(*) AS k FROM fx_customer_categories GROUP BY customer_id),
ranked AS (
    SELECT category_a, category_b, probability, preference,
           row_number() OVER (PARTITION BY category_a ORDER BY preference) AS rank_in_a
    FROM fx_cross_category),
candidates AS (
    -- A customer who bought k categories has at most k - 1 partners of a bought category ruled out (a category is never its
    -- own partner), so the best partner still open is among that category's first k: fewer rows, the same answer.
    SELECT x.customer_id, c.category_b, c.probability, c.preference
    FROM fx_customer_categories x
    JOIN bought n ON n.customer_id = x.customer_id
    JOIN ranked c ON c.category_a = x.category AND c.rank_in_a <= n.k
    ANTI JOIN fx_customer_categories y ON y.customer_id = x.customer_id AND y.category = c.category_b)
SELECT customer_id,
       arg_min(category_b, preference) AS next_category,
       arg_min(probability, preference) AS next_category_probability
FROM candidates
GROUP BY customer_id;
