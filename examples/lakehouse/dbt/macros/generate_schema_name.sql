{#- Tables land in the schema named after their layer (bronze, silver, gold),
    not in "<target schema>_<layer>" as dbt does by default. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name if custom_schema_name is not none else target.schema }}
{%- endmacro %}
