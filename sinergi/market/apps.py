from django.apps import AppConfig


class MarketConfig(AppConfig):
    name = "sinergi.market"
    label = "market"
    verbose_name = "Market access"
