{{ config(severity='warn') }}

-- Won deals whose currency has no rate in the exchange_rates seed for their month: their revenue
-- is left out of every sum (NULL) until a rate is added. Add the month's rate and rebuild.
select conversion_id, email, deal_record_id, converted_at, amount, currency
from {{ ref('conversions') }}
where revenue_status = 'no_rate'
