"""The demo catalogue: Tojo Una-Una and Kota Mataram products listed, the unverified one out with its reason,
and nothing added by a second run."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from sinergi.core.models import ChangeLog
from sinergi.market import demo, selectors
from sinergi.market.models import Product


@pytest.mark.django_db
def test_demo_products_in_the_catalogue_and_a_second_run_adds_nothing(regions):
    made = demo.market_demo_seed()
    assert made == Product.objects.count() == 8
    listed = set(selectors.catalogue().values_list("name", flat=True))
    assert {"Ikan Kering Togean", "Tas Anyaman Pandan", "Bumbu Ayam Taliwang Instan", "Keripik Sukun"} <= listed
    assert "Madu Hutan Togean" not in listed
    honey = Product.objects.get(name="Madu Hutan Togean")
    assert selectors.product_listing(product=honey)[1] == [
        "The product's BPOM / PIRT is not yet verified by the office."
    ]
    kabupaten = {code[:5] for code in selectors.catalogue().values_list("business__desa_id", flat=True)}
    assert kabupaten == {"72.09", "52.71"}
    assert selectors.catalogue(filters=selectors.CatalogueFilter(q="kripik", halal=False)).count() == 1
    assert selectors.catalogue(filters=selectors.CatalogueFilter(halal=True)).count() == 4
    logs = ChangeLog.objects.count()
    call_command("market_demo_seed", verbosity=0)
    assert Product.objects.count() == 8
    assert ChangeLog.objects.count() == logs
