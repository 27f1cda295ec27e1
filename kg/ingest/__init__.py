"""From a file on disk to the notices in it: read (bytes → text), normalize, split."""
