-- One customer's attributes ($6 customer id).
SELECT customer_id, registered_at, country, city, acquisition_channel, age, gender
FROM silver.customers WHERE customer_id = $1
