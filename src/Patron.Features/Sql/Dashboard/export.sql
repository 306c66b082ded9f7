-- The run's customers the filter keeps: the customer download writes their rows of predictions.csv, read from the file
-- in its order (DashboardQueries.ExportCustomers).
SELECT customer_id FROM chosen WHERE in_run AND customer_id IS NOT NULL
