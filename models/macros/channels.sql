{#
  Whether `host` (a referrer domain or a utm_source) is the site `site` of a channel list:
  the same name, a subdomain of it, or, for an entry without a dot such as `google`, any of
  its country domains (google.de, www.google.co.uk).
#}
{% macro site_matches(host, site) -%}
    ({{ host }} = {{ site }}
        or endsWith({{ host }}, concat('.', {{ site }}))
        or (position({{ site }}, '.') = 0 and match({{ host }}, concat('(^|\\.)', {{ site }}, '\\.'))))
{%- endmacro %}

{# The name a channel list gives `host` (google, linkedin), or '' when it is not on the list. #}
{% macro site_name(host, sites) -%}
    tupleElement(arrayFirst(entry -> {{ site_matches(host, 'tupleElement(entry, 1)') }} or {{ host }} = tupleElement(entry, 2), {{ sites }}), 2)
{%- endmacro %}
