"""Registry pages. Views stay thin: they read through the region-scoped selectors, write through the
services, and translate "not visible" into 404 and "not allowed" into 403."""

from sinergi.registry.views.associations import (
    AssociationDetail,
    AssociationList,
    BoardAdd,
    BoardRemove,
    MemberAdd,
    MemberRemove,
)
from sinergi.registry.views.businesses import (
    BusinessDetail,
    BusinessFormPage,
    BusinessList,
    region_picker_view,
)
from sinergi.registry.views.documents import DocumentAdd, DocumentDelete, DocumentEdit, YearAdd
from sinergi.registry.views.persons import PersonEdit, person_detail

__all__ = [
    "AssociationDetail",
    "AssociationList",
    "BoardAdd",
    "BoardRemove",
    "BusinessDetail",
    "BusinessFormPage",
    "BusinessList",
    "DocumentAdd",
    "DocumentDelete",
    "DocumentEdit",
    "MemberAdd",
    "MemberRemove",
    "PersonEdit",
    "YearAdd",
    "person_detail",
    "region_picker_view",
]
