-- One rate per month, currency and reporting currency: a second would count a deal twice.
select month, currency, reporting_currency, count() as n
from {{ ref('exchange_rates') }}
group by month, currency, reporting_currency
having n > 1
