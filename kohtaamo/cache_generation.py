"""Cache generations: invalidate a whole family of cache entries with one write.

Entries are keyed with the family's current generation number; `invalidate()` increments it, so
every old entry is simply never read again and expires on its own. Works on every cache backend
(local memory, Redis) without listing or deleting keys.
"""

from django.core.cache import cache


class CacheGeneration:
    def __init__(self, key):
        self.key = key

    def invalidate(self):
        """Start a new generation."""
        try:
            cache.incr(self.key)
        except ValueError:  # no generation stored yet (or evicted): any new number will do
            cache.set(self.key, 2, None)

    def current(self):
        generation = cache.get(self.key)
        if generation is None:
            cache.add(self.key, 1, None)
            generation = cache.get(self.key, 1)
        return generation
