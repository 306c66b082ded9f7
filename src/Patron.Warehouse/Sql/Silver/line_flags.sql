-- The select list of f_lines, the line checks, shared by the full resolution (resolve.sql) and the incremental one
-- (append_checks.sql): each over its own rows l, with p the known products, x the orders without a row, q the
-- quarantined orders and s the price outliers. Used through the placeholder line_flags.
    SELECT l.order_id, l.line_number, l.product_id, l.quantity, l.unit_price, l._source_file, l._row_number, s.usual_log_price,
           -- An amount gold cannot hold (NaN, infinite, 10^12 or more: DECIMAL(18, 6)) is as unusable as a missing one.
           l.quantity IS NULL OR l.unit_price IS NULL OR l.line_amount IS NULL
               OR NOT (abs(l.quantity) < 1e12 AND abs(l.unit_price) < 1e12 AND abs(l.line_amount) < 1e12
                       AND coalesce(abs(l.discount), 0) < 1e12 AND coalesce(abs(l.freight), 0) < 1e12) AS f_no_amount,
           coalesce(l.quantity = 0, FALSE) AS f_zero_quantity,
           coalesce(l.quantity > 0 AND l.unit_price <= 0, FALSE) AS f_bad_price,
           coalesce(l.quantity < 0, FALSE) AS f_return,
           l.product_id IS NOT NULL AND p.product_id IS NULL AS f_orphan_product,
           x.order_id IS NOT NULL AS f_no_order,
           s.order_id IS NOT NULL AS f_outlier,
           q.order_id IS NOT NULL AS f_order_quarantined
