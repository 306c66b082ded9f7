-- Attributes from silver.customers (current values: the model keeps no history of them).
CREATE OR REPLACE TEMP TABLE f_attributes AS
SELECT c.customer_id,
       CASE
           WHEN a.age IS NULL THEN NULL
           WHEN a.age < 25 THEN 'under 25'
           WHEN a.age < 35 THEN '25-34'
           WHEN a.age < 45 THEN '35-44'
           WHEN a.age < 55 THEN '45-54'
           WHEN a.age < 65 THEN '55-64'
           ELSE '65+'
       END AS age_band,
       a.country,
       a.acquisition_channel,
       CASE
           WHEN a.email_domain IS NULL THEN NULL
           WHEN lower(a.email_domain) IN ('gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'hotmail.fr', 'hotmail.de',
                                          'hotmail.co.uk', 'live.com', 'msn.com', 'yahoo.com', 'yahoo.fr', 'yahoo.de', 'yahoo.co.uk',
                                          'yahoo.com.br', 'icloud.com', 'me.com', 'aol.com', 'gmx.de', 'gmx.net', 'gmx.com', 'web.de',
                                          't-online.de', 'orange.fr', 'free.fr', 'wanadoo.fr', 'laposte.net', 'libero.it', 'mail.ru',
                                          'yandex.ru', 'proton.me', 'protonmail.com', 'bol.com.br', 'uol.com.br', 'terra.com.br')
               THEN 'free'
           WHEN lower(a.email_domain) LIKE '%.edu' OR lower(a.email_domain) LIKE '%.edu.%' OR lower(a.email_domain) LIKE '%.ac.%'
               THEN 'education'
           ELSE 'business'
       END AS email_domain_class,
       CASE WHEN a.registered_at < DATE '{cutoff}'
            THEN date_diff('day', CAST(a.registered_at AS DATE), c.first_order_date) END AS days_registration_to_first_purchase
FROM fx_customers c
LEFT JOIN silver.customers a ON a.customer_id = c.customer_id;
