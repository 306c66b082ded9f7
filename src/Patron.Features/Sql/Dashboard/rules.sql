-- The strongest association rules of the latest mining (patron rules): product level, order baskets when mined,
-- else any level and basket; $1 at most.
WITH latest AS (
    SELECT cutoff, level, basket FROM gold.association_rules
    ORDER BY cutoff DESC, level = 'product' DESC, basket = 'order' DESC LIMIT 1)
SELECT r.antecedent_names, r.consequent_names, r.support, r.confidence, r.lift, r.cutoff, r.level, r.basket
FROM gold.association_rules r JOIN latest l USING (cutoff, level, basket)
ORDER BY r.rank
LIMIT $1
