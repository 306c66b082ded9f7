-- Whether the shop has reviews and sessions before the cutoff at all: features of a kind the shop lacks stay NULL for
-- everyone, while a shop that has them counts 0 for a customer without any. Placeholder: cutoff.
SELECT EXISTS (SELECT 1 FROM silver.reviews WHERE created_at < DATE '{cutoff}' AND score IS NOT NULL) AS has_reviews,
       EXISTS (SELECT 1 FROM silver.sessions WHERE customer_id IS NOT NULL AND started_at < DATE '{cutoff}') AS has_sessions
