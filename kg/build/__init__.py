"""A build: run the stages on many files in parallel, incrementally, and publish the outputs."""
