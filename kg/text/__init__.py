"""What the stages know of Chinese official text: date forms, division names, unit-name grammar,
and the landmarks (anchors) of a notice. Shared by ingest and extract; imports neither."""
