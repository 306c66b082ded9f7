-- cdnow: checks of this source. Placeholders: source, staging.
INSERT INTO silver.quality_issues
SELECT '{source}', 'cdnow_zero_value_purchases', 'order_line', customer_id || '-' || strftime(day, '%Y%m%d'), 'reported',
       'customer ' || customer_id || ' bought ' || number_of_cds || ' CD(s) for ' || dollar_value || ' on ' || day, _source_file, _row_number
FROM {staging}.purchases
WHERE number_of_cds = 0 OR dollar_value = 0;
