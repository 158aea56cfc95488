"""Endpoints of what a database holds and follows: tables, fields (with their mapping to the
Shared Data Dictionary), services, standard links; and the register of standards."""

from drf_spectacular.utils import extend_schema, extend_schema_view

from architecture import access
from catalog.api import filters, selectors, serializers
from catalog.api.rows import field_rows, field_rows_represent
from catalog.models import DatabaseStandard, Field, Service, Standard, Table
from catalog.services import UNCHANGED, field_save, part_delete, part_save, standard_delete, standard_save
from config.api.paging import CursorPage
from config.api.permissions import OwnedEntryAccess, RegisterAccess
from config.api.viewsets import EntryViewSet


class PartViewSet(EntryViewSet):
    """A part of one database: seen with its database, changed by its database's editors. On
    creation its database (or table) may be only one the caller sees."""

    permission_classes = [OwnedEntryAccess]
    change_serializer_class = None
    choices_argument = "visible_databases"

    def owner_of(self, part):
        return part.database.owner

    def get_serializer_class(self):
        if self.action in {"update", "partial_update"}:
            return self.change_serializer_class
        return self.serializer_class

    def get_serializer(self, *args, **kwargs):
        if self.action == "create":
            kwargs[self.choices_argument] = self.creation_choices()
        return super().get_serializer(*args, **kwargs)

    def creation_choices(self):
        return selectors.database_list_plain(user=self.request.user)

    def create_entry(self, data):
        return part_save(user=self.request.user, part=self.queryset.model(), changes=dict(data))

    def update_entry(self, entry, data):
        return part_save(user=self.request.user, part=entry, changes=dict(data))

    def delete_entry(self, entry):
        part_delete(user=self.request.user, part=entry)


@extend_schema_view(list=extend_schema(summary="Tables of the databases you may see"))
class TableViewSet(PartViewSet):
    queryset = Table.objects.none()
    serializer_class = serializers.TableSerializer
    change_serializer_class = serializers.TableChangeSerializer
    filterset_class = filters.TableFilter
    ordering_fields = ["id", "name", "position"]
    ordering = ["id"]

    def get_queryset(self):
        return selectors.table_list(user=self.request.user)


@extend_schema_view(list=extend_schema(summary="Fields of the databases you may see", description=(
    "Each with its mapping to the Shared Data Dictionary (`element`) and, when it does not fit that "
    "element, the reasons (`mismatches`). Paged by cursor.")))
class FieldViewSet(PartViewSet):
    queryset = Field.objects.none()
    serializer_class = serializers.FieldSerializer
    change_serializer_class = serializers.FieldChangeSerializer
    filterset_class = filters.FieldFilter
    pagination_class = CursorPage
    ordering_fields = ["id"]
    ordering = ["id"]
    choices_argument = "visible_tables"

    def get_queryset(self):
        return selectors.field_list(user=self.request.user)

    def list(self, request, *args, **kwargs):
        # The rows read as plain values (catalog.api.rows): same shape, a fraction of the time.
        page = self.paginate_queryset(field_rows(self.filter_queryset(self.get_queryset())))
        return self.get_paginated_response(field_rows_represent(page))

    def owner_of(self, field):
        return field.table.database.owner

    def creation_choices(self):
        return selectors.table_list(user=self.request.user)

    def _save(self, field, data):
        data = dict(data)
        mapping, reason = data.pop("mapping", UNCHANGED), data.pop("local_reason", None)
        return field_save(user=self.request.user, field=field, changes=data, mapping=mapping, local_reason=reason)

    def create_entry(self, data):
        return self._save(Field(), data)

    def update_entry(self, entry, data):
        return self._save(entry, data)


@extend_schema_view(list=extend_schema(summary="Services reaching the databases you may see"))
class ServiceViewSet(PartViewSet):
    queryset = Service.objects.none()
    serializer_class = serializers.ServiceSerializer
    change_serializer_class = serializers.ServiceChangeSerializer
    filterset_class = filters.ServiceFilter
    ordering_fields = ["id", "title"]
    ordering = ["id"]

    def get_queryset(self):
        return selectors.service_list(user=self.request.user)


@extend_schema_view(list=extend_schema(summary="Standards the databases you may see follow"))
class DatabaseStandardViewSet(PartViewSet):
    queryset = DatabaseStandard.objects.none()
    serializer_class = serializers.DatabaseStandardSerializer
    change_serializer_class = serializers.DatabaseStandardChangeSerializer
    filterset_class = filters.DatabaseStandardFilter
    ordering_fields = ["id"]
    ordering = ["id"]

    def get_queryset(self):
        return selectors.database_standard_list(user=self.request.user)


@extend_schema_view(list=extend_schema(summary="The register of standards",
                                       description="Everyone reads it; administrators change it."))
class StandardViewSet(EntryViewSet):
    queryset = Standard.objects.all()
    serializer_class = serializers.StandardSerializer
    permission_classes = [RegisterAccess]
    may_change_register = staticmethod(access.is_administrator)
    filterset_class = filters.StandardFilter
    ordering_fields = ["id", "code", "year"]
    ordering = ["code"]

    def create_entry(self, data):
        return standard_save(user=self.request.user, standard=Standard(), changes=dict(data))

    def update_entry(self, entry, data):
        return standard_save(user=self.request.user, standard=entry, changes=dict(data))

    def delete_entry(self, entry):
        standard_delete(user=self.request.user, standard=entry)
