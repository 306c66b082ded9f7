-- online-retail: checks of this source, after the shared resolution. Placeholders: source, staging.
INSERT INTO silver.quality_issues
SELECT '{source}', 'retail_lines_without_customer', 'order_line', invoice || '#' || _row_number, 'excluded from customer-level silver',
       'line of invoice ' || invoice || ' (' || coalesce(stock_code, '?') || ') has no customer', _source_file, _row_number
FROM {staging}.lines
WHERE customer_id IS NULL;

INSERT INTO silver.quality_issues
SELECT '{source}', 'retail_cancellation_without_purchase', 'order_line', c.invoice || '#' || c._row_number, 'kept',
       'cancellation ' || c.invoice || ' of ' || coalesce(c.stock_code, '?') || ' by customer ' || c.customer_id || ' has no matching purchase',
       c._source_file, c._row_number
FROM {staging}.lines c
WHERE c.is_cancellation AND c.customer_id IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM {staging}.lines p
                  WHERE NOT p.is_cancellation AND p.quantity > 0 AND p.customer_id = c.customer_id
                    AND p.stock_code = c.stock_code AND p.invoiced_at <= c.invoiced_at);

INSERT INTO silver.quality_issues
SELECT '{source}', 'retail_zero_price', 'order_line', invoice || '#' || _row_number, 'reported',
       'line of invoice ' || invoice || ' (' || coalesce(stock_code, '?') || ', quantity ' || coalesce(CAST(quantity AS VARCHAR), '?') || ') at price 0',
       _source_file, _row_number
FROM {staging}.lines
WHERE unit_price = 0;

INSERT INTO silver.quality_issues
SELECT '{source}', 'retail_non_product_lines', 'order_line', l.invoice || '#' || l._row_number, 'kept, flagged as non-product',
       'line of invoice ' || l.invoice || ' is ' || l.stock_code || ' (' || coalesce(l.description, '') || ')', l._source_file, l._row_number
FROM {staging}.lines l
WHERE l.stock_code IN (SELECT product_id FROM {staging}.products WHERE is_non_product);
