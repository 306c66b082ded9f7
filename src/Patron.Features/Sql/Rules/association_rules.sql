-- gold.association_rules: the rules of one (cutoff, level, basket) mining, in rank order (1 = highest lift).
-- Item ids and names are joined by '|' and ' + '; conviction is +inf for rules that never fail.
CREATE TABLE IF NOT EXISTS gold.association_rules (
    cutoff DATE NOT NULL,
    level VARCHAR NOT NULL,
    basket VARCHAR NOT NULL,
    rank INTEGER NOT NULL,
    antecedents VARCHAR NOT NULL,
    consequents VARCHAR NOT NULL,
    antecedent_names VARCHAR,
    consequent_names VARCHAR,
    antecedent_support DOUBLE NOT NULL,
    consequent_support DOUBLE NOT NULL,
    support DOUBLE NOT NULL,
    confidence DOUBLE NOT NULL,
    lift DOUBLE NOT NULL,
    leverage DOUBLE NOT NULL,
    conviction DOUBLE NOT NULL,
    zhangs_metric DOUBLE NOT NULL,
    jaccard DOUBLE NOT NULL,
    baskets BIGINT NOT NULL
);
