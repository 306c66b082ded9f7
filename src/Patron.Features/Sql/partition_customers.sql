-- The partition's customer attributes (current values: the model keeps no history of them), streamed to the feature
-- kernel, which keeps the customers with a purchase before the cutoff. Placeholders: cutoff, in_partition.
SELECT o.customer_id,
       CASE WHEN o.registered_at < DATE '{cutoff}' THEN CAST(o.registered_at AS DATE) END AS registered_before_cutoff,
       CASE
           WHEN o.age IS NULL THEN NULL
           WHEN o.age < 25 THEN 'under 25'
           WHEN o.age < 35 THEN '25-34'
           WHEN o.age < 45 THEN '35-44'
           WHEN o.age < 55 THEN '45-54'
           WHEN o.age < 65 THEN '55-64'
           ELSE '65+'
       END AS age_band,
       o.country,
       o.acquisition_channel,
       CASE
           WHEN o.email_domain IS NULL THEN NULL
           WHEN lower(o.email_domain) IN ('gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'hotmail.fr', 'hotmail.de',
                                          'hotmail.co.uk', 'live.com', 'msn.com', 'yahoo.com', 'yahoo.fr', 'yahoo.de', 'yahoo.co.uk',
                                          'yahoo.com.br', 'icloud.com', 'me.com', 'aol.com', 'gmx.de', 'gmx.net', 'gmx.com', 'web.de',
                                          't-online.de', 'orange.fr', 'free.fr', 'wanadoo.fr', 'laposte.net', 'libero.it', 'mail.ru',
                                          'yandex.ru', 'proton.me', 'protonmail.com', 'bol.com.br', 'uol.com.br', 'terra.com.br')
               THEN 'free'
           WHEN lower(o.email_domain) LIKE '%.edu' OR lower(o.email_domain) LIKE '%.edu.%' OR lower(o.email_domain) LIKE '%.ac.%'
               THEN 'education'
           ELSE 'business'
       END AS email_domain_class
FROM silver.customers o
WHERE {in_partition}
