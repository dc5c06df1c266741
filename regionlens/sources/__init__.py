"""The source registry: outlets and issuers stratified by country, level and territory."""
