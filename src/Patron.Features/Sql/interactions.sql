-- Interactions and ratios. Reads f_behaviour and fx_lines.
CREATE OR REPLACE TEMP TABLE f_interactions AS
WITH m AS (
    SELECT customer_id, sum(margin_amount) / sum(line_amount) AS margin_share
    FROM fx_lines
    WHERE is_purchase AND NOT is_non_product AND margin IS NOT NULL AND line_amount > 0
    GROUP BY customer_id)
SELECT b.customer_id,
       b.avg_order_value * b.orders AS aov_x_frequency,
       b.items / b.orders AS items_per_order,
       m.margin_share
FROM f_behaviour b
LEFT JOIN m ON m.customer_id = b.customer_id;
