-- Every chosen customer's row of predictions.csv, cells as the file has them, in the file's order.
SELECT r.* EXCLUDE (rn)
FROM {dash}dash_predictions_raw r
SEMI JOIN chosen c ON c.customer_id = r.customer_id AND c.in_run
ORDER BY r.rn
