-- Co-purchase rates between categories over the customers of the cutoff, and each customer's likeliest next category.
-- Population-wide: runs once after every partition. Reads fx_customer_categories (each customer's categories, from the feature kernel).
-- Both depend on a customer only through the set of categories it bought (its basket), and millions of customers share
-- few distinct baskets, so the pairs and the picks are worked out once per basket and weighted by its customers.

-- Each customer's basket: the categories bought, sorted, as one list (a key for grouping and joining).
CREATE OR REPLACE TEMP TABLE fx_baskets AS
SELECT customer_id, list_sort(list(category)) AS basket
FROM fx_customer_categories
GROUP BY customer_id;

-- One row per distinct basket and category in it, with the basket's customers and size.
CREATE OR REPLACE TEMP TABLE fx_basket_members AS
WITH kinds AS (
    SELECT basket, count(*) AS customers FROM fx_baskets GROUP BY basket)
SELECT basket, customers, len(basket) AS k, unnest(basket) AS category
FROM kinds;

CREATE OR REPLACE TEMP TABLE fx_cross_category AS
WITH a AS (
    SELECT category, CAST(sum(customers) AS BIGINT) AS customers_a FROM fx_basket_members GROUP BY category),
ab AS (
    SELECT x.category AS category_a, y.category AS category_b, CAST(sum(x.customers) AS BIGINT) AS customers_ab
    FROM fx_basket_members x
    JOIN fx_basket_members y ON y.basket = x.basket AND y.category <> x.category
    GROUP BY x.category, y.category)
SELECT DATE '{cutoff}' AS cutoff,
       ab.category_a,
       ab.category_b,
       a.customers_a,
       ab.customers_ab,
       ab.customers_ab / a.customers_a AS probability,
       -- One total order over the few pairs, so each basket's pick is a hash aggregate with no ties.
       row_number() OVER (ORDER BY ab.customers_ab / a.customers_a DESC, ab.customers_ab DESC, ab.category_b, ab.category_a) AS preference
FROM ab JOIN a ON a.category = ab.category_a;

CREATE OR REPLACE TEMP TABLE f_cross_category AS
WITH ranked AS (
    SELECT category_a, category_b, probability, preference,
           row_number() OVER (PARTITION BY category_a ORDER BY preference) AS rank_in_a
    FROM fx_cross_category),
candidates AS (
    -- A basket of k categories has at most k - 1 partners of one of its categories ruled out (a category is never its own
    -- partner), so the best partner still open is among that category's first k: fewer rows, the same answer.
    SELECT m.basket, c.category_b, c.probability, c.preference
    FROM fx_basket_members m
    JOIN ranked c ON c.category_a = m.category AND c.rank_in_a <= m.k
    WHERE NOT list_contains(m.basket, c.category_b)),
picks AS (
    SELECT basket,
           arg_min(category_b, preference) AS next_category,
           arg_min(probability, preference) AS next_category_probability
    FROM candidates
    GROUP BY basket)
SELECT b.customer_id, p.next_category, p.next_category_probability
FROM fx_baskets b
JOIN picks p ON p.basket = b.basket;
