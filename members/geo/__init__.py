"""Server-side SVG world map of partners per country (see ``map.py``)."""

from .map import country_name, map_buckets, world_data, world_map_svg

__all__ = ["country_name", "map_buckets", "world_data", "world_map_svg"]
