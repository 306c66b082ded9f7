-- Behaviour: counts, money, gaps, tenure, returns, discounts, payment methods. Reads fx_orders, fx_customers.
CREATE OR REPLACE TEMP TABLE f_behaviour AS
WITH purchases AS (
    SELECT customer_id, amount, units, has_discount, payment_class,
           date_diff('day', lag(order_date) OVER (PARTITION BY customer_id ORDER BY order_date), order_date) AS gap_days
    FROM fx_orders
    WHERE is_purchase),
p AS (
    SELECT customer_id,
           count(*) AS orders,
           sum(amount) AS gross_revenue,
           sum(units) AS items,
           avg(gap_days) AS gap_mean_days,
           -- Sample standard deviation from exact integer sums (stddev_samp's streaming update depends on row order).
           CASE WHEN count(gap_days) > 1
                THEN sqrt(greatest(sum(gap_days * gap_days) - sum(gap_days) * sum(gap_days) / count(gap_days), 0) / (count(gap_days) - 1))
           END AS gap_std_days,
           avg(CASE WHEN has_discount THEN 1.0 ELSE 0.0 END) AS discount_order_share,
           count(payment_class) AS known_payment,
           count(*) FILTER (WHERE payment_class = 'card') AS pay_card,
           count(*) FILTER (WHERE payment_class = 'wallet') AS pay_wallet,
           count(*) FILTER (WHERE payment_class = 'bank') AS pay_bank,
           count(*) FILTER (WHERE payment_class = 'voucher') AS pay_voucher,
           count(*) FILTER (WHERE payment_class = 'other') AS pay_other
    FROM purchases
    GROUP BY customer_id),
r AS (
    SELECT customer_id, count(*) AS return_orders, -sum(amount) AS returned_amount
    FROM fx_orders
    WHERE NOT is_purchase
    GROUP BY customer_id),
t AS (
    SELECT c.customer_id,
           date_diff('day',
               CASE WHEN reg.registered_at < DATE '{cutoff}'
                    THEN least(CAST(reg.registered_at AS DATE), c.first_order_date)
                    ELSE c.first_order_date END,
               DATE '{cutoff}') AS tenure_days
    FROM fx_customers c
    LEFT JOIN silver.customers reg ON reg.customer_id = c.customer_id)
SELECT c.customer_id,
       p.orders,
       p.gross_revenue,
       coalesce(r.returned_amount, 0) AS returned_amount,
       p.gross_revenue - coalesce(r.returned_amount, 0) AS net_revenue,
       p.items,
       p.gross_revenue / p.orders AS avg_order_value,
       p.gap_mean_days,
       p.gap_std_days,
       date_diff('day', c.first_order_date, DATE '{cutoff}') AS days_since_first_order,
       date_diff('day', c.last_order_date, DATE '{cutoff}') AS days_since_last_order,
       t.tenure_days,
       p.orders * 7.0 / greatest(t.tenure_days, 1) AS orders_per_week,
       coalesce(r.return_orders, 0) AS return_orders,
       coalesce(r.return_orders, 0) / p.orders AS return_rate,
       p.discount_order_share,
       p.pay_card / nullif(p.known_payment, 0) AS payment_share_card,
       p.pay_wallet / nullif(p.known_payment, 0) AS payment_share_wallet,
       p.pay_bank / nullif(p.known_payment, 0) AS payment_share_bank,
       p.pay_voucher / nullif(p.known_payment, 0) AS payment_share_voucher,
       p.pay_other / nullif(p.known_payment, 0) AS payment_share_other
FROM fx_customers c
JOIN p ON p.customer_id = c.customer_id
JOIN t ON t.customer_id = c.customer_id
LEFT JOIN r ON r.customer_id = c.customer_id;
