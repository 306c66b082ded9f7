-- The values the filter offers: segments, countries and channels with their customers, and the days of the orders.
SELECT 'segment' AS kind, segment AS value, count(*) AS customers FROM {dash}dash_predictions WHERE segment IS NOT NULL GROUP BY 2
UNION ALL
SELECT 'country', country, count(*) FROM silver.customers WHERE country IS NOT NULL GROUP BY 2
UNION ALL
SELECT 'channel', acquisition_channel, count(*) FROM silver.customers WHERE acquisition_channel IS NOT NULL GROUP BY 2
UNION ALL
SELECT 'first_day', strftime(min(ordered_at), '%Y-%m-%d'), count(*) FROM silver.orders
UNION ALL
SELECT 'last_day', strftime(max(ordered_at), '%Y-%m-%d'), count(*) FROM silver.orders
ORDER BY 1, 3 DESC, 2
