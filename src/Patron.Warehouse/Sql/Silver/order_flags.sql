-- The select list of f_orders, the order checks, shared by the full resolution (resolve.sql) and the incremental one
-- (append_checks.sql): each over its own orders o, with c the known customers. Placeholders: now, opening. Used
-- through the placeholder order_flags.
    SELECT o.order_id, o.customer_id, o.ordered_at, o._source_file, o._row_number,
           o.ordered_at IS NULL AS f_no_time,
           coalesce(o.ordered_at > TIMESTAMP '{now}', FALSE) AS f_future,
           coalesce(o.ordered_at < TIMESTAMP '{opening}', FALSE) AS f_pre_opening,
           o.customer_id IS NULL AS f_missing_customer,
           o.customer_id IS NOT NULL AND c.customer_id IS NULL AS f_orphan_customer,
           coalesce(o.is_purchase AND CAST(c.registered_at AS DATE) > CAST(o.ordered_at AS DATE), FALSE) AS f_before_registration
